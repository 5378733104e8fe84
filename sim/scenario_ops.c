/*
** scenario_ops.c - programs: arrays of ops (struct op in scenario.h).
**
** One table describes each op: its name, the keys it takes and the
** function that reads them.  Keys are checked first (unknown, duplicate),
** then each reader reports the problems of its own fields.
*/
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

typedef void op_reader(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       struct op *op);

/* Reads reductions for work and native. */
static void read_work(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      struct op *op)
{
	const cJSON *r = scn_require(L, v, p, "reductions");
	if (r && scn_is_var(L, r))
		op->var = scn_var_expr(L, r);
	else if (r)
		scn_get_uint(L, r, SCN_KEY(p, "reductions"), 1, SCN_MAX_REDUCTIONS,
		             &op->u.work.reductions);
	const cJSON *dirty = scn_field(v, "dirty");
	if (dirty)
		scn_get_bool(L, dirty, SCN_KEY(p, "dirty"), &op->u.work.dirty);
}

static void read_send(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      struct op *op)
{
	const cJSON *to = scn_require(L, v, p, "to");
	if (to)
		scn_parse_target(L, to, SCN_KEY(p, "to"), false, &op->u.send.to);
	const cJSON *message = scn_require(L, v, p, "message");
	scn_check_value(L, message, false);
	op->u.send.message = scn_json_term(L, message);
	op->u.send.value = scn_message_expr(L, op->u.send.message);
}

/* An optional list of ops under `key` (the body of a case or an after). */
static void read_body(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      const char *key, struct oplist *out)
{
	const cJSON *body = scn_field(v, key);
	if (body)
		scn_parse_program(L, body, SCN_KEY(p, key), out);
}

static void read_case(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      struct recv_case *c)
{
	static const char *const keys[] = {"match", "do", "when"};
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "a case object like {\"match\": ..., \"do\": [...]}");
		return;
	}
	scn_check_keys(L, v, p, keys, COUNT(keys));
	const cJSON *match = scn_require(L, v, p, "match");
	scn_check_value(L, match, true);
	c->match = scn_json_term(L, match);
	c->binds = scn_term_binds(L, c->match);
	size_t len = 0;
	const char *str = c->binds && term_type(c->match) == TERM_STRING ?
	                  term_get_string(c->match, &len) : NULL;
	if (str && len >= 2 && str[0] == '$' && str[1] != '$') {
		c->var = scn_var_name(L, str, len);
		c->varlen = (uint32_t)len - 1;
	}
	const cJSON *when = scn_field(v, "when");
	struct expr *guard = when && scn_need_values(L, when, SCN_KEY(p, "when"), "when") ?
	                     scn_alloc(L, 1, sizeof *guard) : NULL;
	if (guard) {
		scn_read_expr(L, when, SCN_KEY(p, "when"), true, guard);
		c->when = guard;
	}
	read_body(L, v, p, "do", &c->body);
}

static void read_after(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       struct op *op)
{
	static const char *const keys[] = {"ticks", "do"};
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "an object like {\"ticks\": 100, \"do\": [...]}");
		return;
	}
	scn_check_keys(L, v, p, keys, COUNT(keys));
	op->u.receive.has_after = true;
	const cJSON *ticks = scn_require(L, v, p, "ticks");
	if (ticks)
		scn_get_uint(L, ticks, SCN_KEY(p, "ticks"), 0, SCN_MAX_TICKS,
		             &op->u.receive.after_ticks);
	read_body(L, v, p, "do", &op->u.receive.after_body);
}

/* Without `cases`, one case that matches any message. */
static void read_receive(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                         struct op *op)
{
	const cJSON *cases = scn_field(v, "cases");
	const struct scn_path *cp = SCN_KEY(p, "cases");
	if (!cases) {
		op->u.receive.cases = scn_alloc(L, 1, sizeof *op->u.receive.cases);
		op->u.receive.ncases = op->u.receive.cases ? 1 : 0;
	} else if (!cJSON_IsArray(cases)) {
		scn_err_type(L, cases, cp, "an array of cases");
	} else if (!cases->child) {
		scn_err(L, cases, cp, "expected at least one case (leave cases out to take any message)");
	} else {
		size_t n = scn_json_count(cases);
		struct recv_case *c = scn_alloc(L, n, sizeof *c);
		if (c) {
			op->u.receive.cases = c;
			op->u.receive.ncases = (uint32_t)n;
			uint32_t i = 0;
			for (const cJSON *k = cases->child; k; k = k->next, i++)
				read_case(L, k, SCN_INDEX(cp, i), &c[i]);
		}
	}
	const cJSON *after = scn_field(v, "after");
	if (after)
		read_after(L, after, SCN_KEY(p, "after"), op);
}

bool scn_parse_spawn(struct scn_loader *L, const cJSON *obj, const struct scn_path *p,
                     struct scn_spawn *out)
{
	const cJSON *t = scn_require(L, obj, p, "template");
	int32_t index = t ? scn_template_lookup(L, t, SCN_KEY(p, "template")) : -1;
	const cJSON *as = scn_field(obj, "as");
	const cJSON *count = scn_field(obj, "count");
	const char *name = NULL;
	uint64_t n = 0;
	bool good = index >= 0;
	if (as && !scn_get_name(L, as, SCN_KEY(p, "as"), &name))
		good = false;
	if (count && !scn_get_uint(L, count, SCN_KEY(p, "count"), 1, SCN_MAX_SPAWN_COUNT, &n))
		good = false;
	if (!good)
		return false;
	out->tmpl = (uint32_t)index;
	out->base = name ? scn_intern(L, name) : L->s->templates[index].name;
	if (!scn_expand_names(L, out->base, count != NULL, n, obj, p, &out->names, &out->nnames,
	                      false))
		return false;
	scn_define_dynamic(L, out->names, out->nnames);
	return true;
}

static void read_spawn(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       struct op *op)
{
	struct scn_spawn sp;
	if (scn_parse_spawn(L, v, p, &sp)) {
		op->u.spawn.tmpl = sp.tmpl;
		op->u.spawn.names = sp.names;
		op->u.spawn.nnames = sp.nnames;
	}
	const cJSON *link = scn_field(v, "link"), *monitor = scn_field(v, "monitor");
	if (link)
		scn_get_bool(L, link, SCN_KEY(p, "link"), &op->u.spawn.link);
	if (monitor)
		scn_get_bool(L, monitor, SCN_KEY(p, "monitor"), &op->u.spawn.monitor);
	const cJSON *node = scn_field(v, "node");
	op->u.spawn.node = node ? scn_node_lookup(L, node, SCN_KEY(p, "node")) : -1;
}

/* link, unlink, monitor */
static void read_peer(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      struct op *op)
{
	const cJSON *to = scn_require(L, v, p, "to");
	if (to)
		scn_parse_target(L, to, SCN_KEY(p, "to"), false, &op->u.peer);
}

static void read_trap_exit(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                           struct op *op)
{
	const cJSON *value = scn_field(v, "value");
	op->u.trap = true;
	if (value)
		scn_get_bool(L, value, SCN_KEY(p, "value"), &op->u.trap);
}

static void read_sleep(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       struct op *op)
{
	const cJSON *ticks = scn_require(L, v, p, "ticks");
	if (ticks && scn_is_var(L, ticks))
		op->var = scn_var_expr(L, ticks);
	else if (ticks)
		scn_get_uint(L, ticks, SCN_KEY(p, "ticks"), 0, SCN_MAX_TICKS, &op->u.ticks);
}

static void read_crash(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       struct op *op)
{
	const cJSON *reason = scn_field(v, "reason");
	op->u.reason = scn_intern(L, "error");
	if (reason && scn_is_var(L, reason))
		op->var = scn_var_expr(L, reason);
	else if (reason)
		scn_get_reason(L, reason, SCN_KEY(p, "reason"), &op->u.reason);
}

static void read_exit(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      struct op *op)
{
	const cJSON *reason = scn_field(v, "reason"), *to = scn_field(v, "to");
	op->u.exit.reason = ATOM_NORMAL;
	if (reason && scn_is_var(L, reason))
		op->var = scn_var_expr(L, reason);
	else if (reason)
		scn_get_reason(L, reason, SCN_KEY(p, "reason"), &op->u.exit.reason);
	if (to) {
		op->u.exit.has_to = true;
		scn_parse_target(L, to, SCN_KEY(p, "to"), false, &op->u.exit.to);
	}
}

/* An empty body is allowed: each iteration costs a reduction, so a
** `forever` loop over nothing is a process spinning on its scheduler. */
static void read_loop(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      struct op *op)
{
	const cJSON *times = scn_require(L, v, p, "times");
	const struct scn_path *tp = SCN_KEY(p, "times");
	if (times && scn_is_var(L, times))
		op->var = scn_var_expr(L, times);
	else if (times && cJSON_IsString(times) && strcmp(times->valuestring, "forever") == 0)
		op->u.loop.times = LOOP_FOREVER;
	else if (times && cJSON_IsNumber(times))
		scn_get_uint(L, times, tp, 1, SCN_MAX_LOOP, &op->u.loop.times);
	else if (times)
		scn_err_type(L, times, tp, "a positive integer or \"forever\"");
	const cJSON *body = scn_require(L, v, p, "do");
	if (body)
		scn_parse_program(L, body, SCN_KEY(p, "do"), &op->u.loop.body);
}

static const char *const keys_work[] = {"op", "reductions"};
static const char *const keys_native[] = {"op", "reductions", "dirty"};
static const char *const keys_send[] = {"op", "to", "message"};
static const char *const keys_receive[] = {"op", "cases", "after"};
static const char *const keys_spawn[] = {"op", "template", "as", "count", "link", "monitor",
                                         "node"};
static const char *const keys_peer[] = {"op", "to"};
static const char *const keys_trap_exit[] = {"op", "value"};
static const char *const keys_sleep[] = {"op", "ticks"};
static const char *const keys_crash[] = {"op", "reason"};
static const char *const keys_exit[] = {"op", "reason", "to"};
static const char *const keys_loop[] = {"op", "times", "do"};
static const char *const keys_set[] = {"op", "var", "value"};
static const char *const keys_if[] = {"op", "cond", "then", "else"};
static const char *const keys_foreach[] = {"op", "var", "in", "do"};
static const char *const keys_monitor_node[] = {"op", "node"};

static const struct op_desc {
	const char *name;
	const char *const *keys;
	size_t nkeys;
	op_reader *read;
} op_table[OP_KIND_COUNT] = {
	[OP_WORK] = {"work", keys_work, COUNT(keys_work), read_work},
	[OP_NATIVE] = {"native", keys_native, COUNT(keys_native), read_work},
	[OP_SEND] = {"send", keys_send, COUNT(keys_send), read_send},
	[OP_RECEIVE] = {"receive", keys_receive, COUNT(keys_receive), read_receive},
	[OP_SPAWN] = {"spawn", keys_spawn, COUNT(keys_spawn), read_spawn},
	[OP_LINK] = {"link", keys_peer, COUNT(keys_peer), read_peer},
	[OP_UNLINK] = {"unlink", keys_peer, COUNT(keys_peer), read_peer},
	[OP_MONITOR] = {"monitor", keys_peer, COUNT(keys_peer), read_peer},
	[OP_TRAP_EXIT] = {"trap_exit", keys_trap_exit, COUNT(keys_trap_exit), read_trap_exit},
	[OP_SLEEP] = {"sleep", keys_sleep, COUNT(keys_sleep), read_sleep},
	[OP_CRASH] = {"crash", keys_crash, COUNT(keys_crash), read_crash},
	[OP_EXIT] = {"exit", keys_exit, COUNT(keys_exit), read_exit},
	[OP_LOOP] = {"loop", keys_loop, COUNT(keys_loop), read_loop},
	[OP_SET] = {"set", keys_set, COUNT(keys_set), scn_read_set},
	[OP_IF] = {"if", keys_if, COUNT(keys_if), scn_read_if},
	[OP_FOREACH] = {"foreach", keys_foreach, COUNT(keys_foreach), scn_read_foreach},
	[OP_MONITOR_NODE] = {"monitor_node", keys_monitor_node, COUNT(keys_monitor_node),
	                     scn_read_monitor_node},
};

/* The op kind named by v, or -1 after reporting the error. */
static int op_kind(struct scn_loader *L, const cJSON *v, const struct scn_path *p)
{
	const char *names[OP_KIND_COUNT];
	struct scn_str list = {0};
	for (int k = 0; k < OP_KIND_COUNT; k++) {
		names[k] = op_table[k].name;
		if (cJSON_IsString(v) && strcmp(v->valuestring, names[k]) == 0)
			return k;
	}
	/* format 1 lists only its own ops (set, if, foreach need 1.1), a file
	** without nodes not monitor_node */
	int shown = L->s->values ? OP_MONITOR_NODE : OP_SET;
	for (int k = 0; k < shown; k++)
		scn_str_add(&list, "%s%s", k ? ", " : "", names[k]);
	if (L->s->nnodes)
		scn_str_add(&list, ", %s", names[OP_MONITOR_NODE]);
	if (list.oom) {
		L->oom = true;
	} else if (!cJSON_IsString(v)) {
		char got[64];
		scn_json_describe(L, v, got, sizeof got);
		scn_err(L, v, p, "expected an op name (%s), got %s", list.s, got);
	} else {
		char hint[SCN_SHOW_MAX + 24];
		scn_hint(L, v->valuestring, names, (size_t)shown, hint, sizeof hint);
		scn_err(L, v, p, "unknown op '%s'%s; valid ops: %s", scn_show(L, v->valuestring),
		        hint, list.s);
	}
	free(list.s);
	return -1;
}

static void parse_op(struct scn_loader *L, const cJSON *v, const struct scn_path *p, struct op *op)
{
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "an op (an object like {\"op\": \"work\", ...})");
		return;
	}
	uint32_t line, col;
	size_t offset = scn_json_offset(L, v);
	scn_json_linecol(L, offset, &line, &col);
	op->line = offset ? line : 0;   /* an op is never at offset 0 */
	const cJSON *name = scn_require(L, v, p, "op");
	int kind = name ? op_kind(L, name, SCN_KEY(p, "op")) : -1;
	if (kind < 0)
		return;
	op->kind = (enum op_kind)kind;
	scn_check_keys(L, v, p, op_table[kind].keys, op_table[kind].nkeys);
	op_table[kind].read(L, v, p, op);
}

void scn_parse_program(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       struct oplist *out)
{
	if (!cJSON_IsArray(v)) {
		scn_err_type(L, v, p, "an array of ops");
		return;
	}
	size_t n = scn_json_count(v);
	struct op *ops = scn_alloc(L, n, sizeof *ops);
	if (n && !ops)
		return;
	out->ops = ops;
	out->n = (uint32_t)n;
	uint32_t i = 0;
	for (const cJSON *c = v->child; c; c = c->next, i++)
		parse_op(L, c, SCN_INDEX(p, i), &ops[i]);
}
