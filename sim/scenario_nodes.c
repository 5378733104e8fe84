/*
** scenario_nodes.c - distribution in a scenario: config.nodes, config.net,
** the "node" and "nodes" keys of entries and spawn ops, the monitor_node
** op and the timeline's node_down, node_up, partition and heal.
**
** A file without config.nodes runs on one node, exactly as before; then
** every one of these keys is an error that says config.nodes is missing.
** Node names are checked where they are used (did-you-mean on a typo), so
** config is read before anything that names a node.
*/
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* ["nodedown", NAME] as a term in the arena (monitor_node's message). */
static const struct term *nodedown_term(struct scn_loader *L, const char *name)
{
	struct term_buf b = {0};
	size_t opened = term_open(&b, false);
	term_put_string(&b, "nodedown", 8);
	term_put_string(&b, name, strlen(name));
	term_close(&b, opened);
	unsigned char *t = b.oom ? NULL : scn_alloc(L, b.n, 1);
	if (t)
		memcpy(t, b.p, b.n);
	else
		L->oom = true;
	free(b.p);
	return (const struct term *)t;
}

/* One entry of config.nodes into s->nodes[i]; its name checked unique. */
static void read_node(struct scn_loader *L, const cJSON *v, const struct scn_path *p, uint32_t i)
{
	static const char *const keys[] = {"name", "schedulers", "dirty_schedulers"};
	struct scenario *s = L->s;
	struct node_spec *n = &s->nodes[i];
	n->schedulers = s->config.schedulers;
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "a node like {\"name\": \"a\", \"schedulers\": 2}");
		return;
	}
	scn_check_keys(L, v, p, keys, COUNT(keys));
	const cJSON *name = scn_require(L, v, p, "name"), *f;
	const char *str = NULL;
	uint64_t u;
	if (name && scn_get_string(L, name, SCN_KEY(p, "name"), &str) && !str[0])
		scn_err(L, name, SCN_KEY(p, "name"), "a node name cannot be empty");
	else if (str && strpbrk(str, "@ \t\n"))
		scn_err(L, name, SCN_KEY(p, "name"), "a node name has no '@' or space (it is shown "
		        "as NAME@beamsim)");
	else if (str && (n->name = scn_strdup(L, str)) &&
	         (n->host = scn_alloc(L, strlen(str) + sizeof "@beamsim", 1)))
		sprintf((char *)n->host, "%s@beamsim", str);
	for (uint32_t k = 0; n->name && k < i; k++)
		if (s->nodes[k].name && !strcmp(s->nodes[k].name, n->name)) {
			scn_err(L, name, SCN_KEY(p, "name"), "node '%s' is named twice (also nodes[%u])",
			        scn_show(L, n->name), k);
			n->name = NULL;
			break;
		}
	if ((f = scn_field(v, "schedulers")) &&
	    scn_get_uint(L, f, SCN_KEY(p, "schedulers"), 1, SIM_MAX_SCHEDULERS, &u))
		n->schedulers = (uint32_t)u;
	n->dirty = n->schedulers;
	if ((f = scn_field(v, "dirty_schedulers")) &&
	    scn_get_uint(L, f, SCN_KEY(p, "dirty_schedulers"), 1, SIM_MAX_SCHEDULERS, &u))
		n->dirty = (uint32_t)u < n->schedulers ? (uint32_t)u : n->schedulers;
	if (n->name)
		n->nodedown = nodedown_term(L, n->name);
}

/* Numbers the schedulers (global order: the nodes in file order) and sets
** the config's counts to the totals. */
static void number_schedulers(struct scn_loader *L, const cJSON *at, const struct scn_path *p)
{
	struct scenario *s = L->s;
	uint32_t sched = 0, dirty = 0;
	for (uint32_t i = 0; i < s->nnodes; i++) {
		s->nodes[i].first_sched = sched;
		s->nodes[i].first_dirty = dirty;
		sched += s->nodes[i].schedulers;
		dirty += s->nodes[i].dirty;
	}
	if (sched > SIM_MAX_SCHEDULERS) {
		scn_err(L, at, p, "the nodes have %u schedulers in all (max %u)", sched,
		        SIM_MAX_SCHEDULERS);
		return;
	}
	s->config.schedulers = sched;
	s->config.dirty_schedulers = dirty;
}

/* The names of the nodes, for did-you-mean; NULL names are skipped. */
static size_t node_names(const struct scenario *s, const char **out)
{
	size_t n = 0;
	for (uint32_t i = 0; i < s->nnodes; i++)
		if (s->nodes[i].name)
			out[n++] = s->nodes[i].name;
	return n;
}

int32_t scn_node_lookup(struct scn_loader *L, const cJSON *v, const struct scn_path *p)
{
	struct scenario *s = L->s;
	const char *str;
	if (!s->nnodes) {
		scn_err(L, v, p, "a node needs config.nodes (this file runs on one node)");
		return -1;
	}
	if (!scn_get_string(L, v, p, &str))
		return -1;
	for (uint32_t i = 0; i < s->nnodes; i++)
		if (s->nodes[i].name && !strcmp(s->nodes[i].name, str))
			return (int32_t)i;
	const char *names[SIM_MAX_SCHEDULERS];
	size_t n = node_names(s, names);
	char hint[SCN_SHOW_MAX + 24];
	scn_hint(L, str, names, n, hint, sizeof hint);
	scn_err(L, v, p, "unknown node '%s'%s", scn_show(L, str), hint);
	return -1;
}

/* config.net: {"latency": T, "links": [{"from", "to", "latency"}]}. */
static void read_net(struct scn_loader *L, const cJSON *v, const struct scn_path *p)
{
	static const char *const keys[] = {"latency", "links"};
	static const char *const link_keys[] = {"from", "to", "latency"};
	struct scenario *s = L->s;
	uint32_t nn = s->nnodes;
	uint64_t lat = SCN_DEFAULT_LATENCY;
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "an object like {\"latency\": 20}");
		return;
	}
	scn_check_keys(L, v, p, keys, COUNT(keys));
	const cJSON *f = scn_field(v, "latency"), *links = scn_field(v, "links");
	if (f)
		scn_get_uint(L, f, SCN_KEY(p, "latency"), 0, SCN_MAX_TICKS, &lat);
	for (uint32_t a = 0; a < nn; a++)
		for (uint32_t b = 0; b < nn; b++)
			s->latency[a * nn + b] = a == b ? 0 : lat;
	if (!links)
		return;
	const struct scn_path *lp = SCN_KEY(p, "links");
	if (!cJSON_IsArray(links)) {
		scn_err_type(L, links, lp, "an array of links like {\"from\": \"a\", \"to\": \"b\", "
		             "\"latency\": 50}");
		return;
	}
	bool *seen = calloc((size_t)nn * nn, 1);
	if (!seen) {
		L->oom = true;
		return;
	}
	uint32_t i = 0;
	for (const cJSON *c = links->child; c; c = c->next, i++) {
		const struct scn_path *ip = SCN_INDEX(lp, i);
		if (!cJSON_IsObject(c)) {
			scn_err_type(L, c, ip, "a link like {\"from\": \"a\", \"to\": \"b\", \"latency\": 50}");
			continue;
		}
		scn_check_keys(L, c, ip, link_keys, COUNT(link_keys));
		const cJSON *from = scn_require(L, c, ip, "from"), *to = scn_require(L, c, ip, "to");
		const cJSON *l = scn_require(L, c, ip, "latency");
		int32_t a = from ? scn_node_lookup(L, from, SCN_KEY(ip, "from")) : -1;
		int32_t b = to ? scn_node_lookup(L, to, SCN_KEY(ip, "to")) : -1;
		uint64_t u;
		bool ok = l && scn_get_uint(L, l, SCN_KEY(ip, "latency"), 0, SCN_MAX_TICKS, &u);
		if (a < 0 || b < 0 || !ok)
			continue;
		size_t k = (size_t)a * nn + (size_t)b;
		if (a == b)
			scn_err(L, c, ip, "a link joins two different nodes (within a node there is no "
			        "network)");
		else if (seen[k])
			scn_err(L, c, ip, "the link from '%s' to '%s' is given twice",
			        scn_show(L, s->nodes[a].name), scn_show(L, s->nodes[b].name));
		else
			s->latency[k] = u;
		seen[k] = true;
	}
	free(seen);
}

void scn_read_nodes(struct scn_loader *L, const cJSON *nodes, const cJSON *net)
{
	struct scenario *s = L->s;
	const struct scn_path *cp = SCN_KEY(NULL, "config");
	const struct scn_path *p = SCN_KEY(cp, "nodes");
	if (!nodes) {
		if (net)
			scn_err(L, net, SCN_KEY(cp, "net"), "net needs config.nodes (the nodes it joins)");
		return;
	}
	if (!cJSON_IsArray(nodes) || !nodes->child) {
		scn_err_type(L, nodes, p, "a non-empty array of nodes like [{\"name\": \"a\"}]");
		return;
	}
	size_t n = scn_json_count(nodes);
	if (n > SIM_MAX_SCHEDULERS) {
		scn_err(L, nodes, p, "%zu nodes (max %u: each has a scheduler)", n, SIM_MAX_SCHEDULERS);
		return;
	}
	s->nodes = scn_alloc(L, n, sizeof *s->nodes);
	s->latency = scn_alloc(L, n * n, sizeof *s->latency);
	if (!s->nodes || !s->latency)
		return;
	s->nnodes = (uint32_t)n;
	s->atom_noconnection = scn_intern(L, "noconnection");
	uint32_t i = 0;
	for (const cJSON *c = nodes->child; c; c = c->next, i++)
		read_node(L, c, SCN_INDEX(p, i), i);
	number_schedulers(L, nodes, p);
	if (net) {
		read_net(L, net, SCN_KEY(cp, "net"));
	} else {
		for (uint32_t a = 0; a < n; a++)
			for (uint32_t b = 0; b < n; b++)
				s->latency[a * n + b] = a == b ? 0 : SCN_DEFAULT_LATENCY;
	}
}

/* "nodes" of a supervisor child: a non-empty list of distinct nodes. */
static void read_node_list(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                           struct spec *spec)
{
	if (!cJSON_IsArray(v) || !v->child) {
		scn_err_type(L, v, p, "a non-empty array of node names like [\"b\", \"c\"]");
		return;
	}
	size_t n = scn_json_count(v);
	uint32_t *list = scn_alloc(L, n, sizeof *list);
	if (!list)
		return;
	uint32_t k = 0, i = 0;
	for (const cJSON *c = v->child; c; c = c->next, i++) {
		int32_t node = scn_node_lookup(L, c, SCN_INDEX(p, i));
		if (node < 0)
			continue;
		bool dup = false;
		for (uint32_t j = 0; j < k; j++)
			dup |= list[j] == (uint32_t)node;
		if (dup) {
			scn_err(L, c, SCN_INDEX(p, i), "node '%s' is listed twice",
			        scn_show(L, L->s->nodes[node].name));
			continue;
		}
		list[k++] = (uint32_t)node;
	}
	spec->nodes = list;
	spec->nnodes = k;
}

void scn_read_node_keys(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                        bool child, struct spec *spec)
{
	const cJSON *node = scn_field(v, "node"), *nodes = scn_field(v, "nodes");
	if (node && nodes) {
		scn_err(L, nodes, p, "give either node or nodes, not both");
		return;
	}
	if (node) {
		int32_t k = scn_node_lookup(L, node, SCN_KEY(p, "node"));
		if (k >= 0) {
			spec->node = k;
			spec->nodes = NULL;
			spec->nnodes = 0;
		}
	} else if (nodes && !child) {
		scn_err(L, nodes, SCN_KEY(p, "nodes"), "nodes is only allowed in supervisor children "
		        "(the nodes its start function tries)");
	} else if (nodes && !L->s->nnodes) {
		scn_node_lookup(L, nodes, SCN_KEY(p, "nodes"));   /* reports the missing config.nodes */
	} else if (nodes) {
		read_node_list(L, nodes, SCN_KEY(p, "nodes"), spec);
		spec->node = -1;
	}
}

size_t scn_entry_keys(const struct scn_loader *L, const cJSON *v, const char *const *base,
                      size_t n, bool child, const char **out)
{
	memcpy(out, base, n * sizeof *out);
	if (L->s->nnodes || scn_field(v, "node") || scn_field(v, "nodes")) {
		out[n++] = "node";
		if (child)
			out[n++] = "nodes";
	}
	return n;
}

void scn_read_monitor_node(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                           struct op *op)
{
	const cJSON *node = scn_require(L, v, p, "node");
	int32_t k = node ? scn_node_lookup(L, node, SCN_KEY(p, "node")) : -1;
	if (k >= 0)
		op->u.node = (uint32_t)k;
}

/* "groups" of a partition: every node in exactly one group. */
static void read_groups(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                        struct tl_event *ev)
{
	const char *what = "an array of groups of node names like [[\"a\"], [\"b\", \"c\"]]";
	struct scenario *s = L->s;
	if (!cJSON_IsArray(v) || !v->child) {
		scn_err_type(L, v, p, what);
		return;
	}
	uint32_t *group = scn_alloc(L, s->nnodes, sizeof *group);
	if (!group)
		return;
	for (uint32_t i = 0; i < s->nnodes; i++)
		group[i] = UINT32_MAX;
	size_t before = scn_errors(L);
	uint32_t g = 0;
	for (const cJSON *c = v->child; c; c = c->next, g++) {
		const struct scn_path *gp = SCN_INDEX(p, g);
		if (!cJSON_IsArray(c) || !c->child) {
			scn_err_type(L, c, gp, "a non-empty array of node names");
			continue;
		}
		uint32_t i = 0;
		for (const cJSON *e = c->child; e; e = e->next, i++) {
			int32_t k = scn_node_lookup(L, e, SCN_INDEX(gp, i));
			if (k >= 0 && group[k] != UINT32_MAX)
				scn_err(L, e, SCN_INDEX(gp, i), "node '%s' is in two groups (groups[%u] "
				        "and groups[%u])", scn_show(L, s->nodes[k].name), group[k], g);
			else if (k >= 0)
				group[k] = g;
		}
	}
	for (uint32_t i = 0; i < s->nnodes && scn_errors(L) == before; i++)
		if (group[i] == UINT32_MAX && s->nodes[i].name)
			scn_err(L, v, p, "node '%s' is in no group (a partition puts every node in "
			        "one group)", scn_show(L, s->nodes[i].name));
	ev->groups = group;
}

bool scn_read_tl_node(struct scn_loader *L, const cJSON *d, const struct scn_path *dp,
                      const char *op, struct tl_event *ev)
{
	static const char *const keys_node[] = {"op", "node"};
	static const char *const keys_partition[] = {"op", "groups"};
	static const char *const keys_heal[] = {"op"};
	if (!strcmp(op, "node_down") || !strcmp(op, "node_up")) {
		ev->kind = op[5] == 'd' ? TL_NODE_DOWN : TL_NODE_UP;
		scn_check_keys(L, d, dp, keys_node, COUNT(keys_node));
		const cJSON *node = scn_require(L, d, dp, "node");
		int32_t k = node ? scn_node_lookup(L, node, SCN_KEY(dp, "node")) : -1;
		if (k >= 0)
			ev->node = (uint32_t)k;
	} else if (!strcmp(op, "partition")) {
		ev->kind = TL_PARTITION;
		scn_check_keys(L, d, dp, keys_partition, COUNT(keys_partition));
		const cJSON *groups = scn_require(L, d, dp, "groups");
		if (groups && !L->s->nnodes)
			scn_node_lookup(L, groups, SCN_KEY(dp, "groups"));
		else if (groups)
			read_groups(L, groups, SCN_KEY(dp, "groups"), ev);
	} else if (!strcmp(op, "heal")) {
		ev->kind = TL_HEAL;
		scn_check_keys(L, d, dp, keys_heal, COUNT(keys_heal));
		if (!L->s->nnodes)
			scn_err(L, d, SCN_KEY(dp, "op"), "heal needs config.nodes (this file runs on one "
			        "node)");
	} else {
		return false;
	}
	return true;
}
