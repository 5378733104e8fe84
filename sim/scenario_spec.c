/*
** scenario_spec.c - process entries, supervisors and templates (struct
** spec in scenario.h).
**
** Templates are resolved depth first: a template that inherits from
** another (`template`), or whose supervisor has a child that uses one,
** resolves that one first.  A template met again while it is being
** resolved closes a cycle; the depth is bounded by SCN_MAX_TEMPLATE_DEPTH
** so that no file can exhaust the C stack.  A resolved spec shares its
** program and supervisor tree (arena memory) with every spec that uses
** the template.
**
** Process counts are saturated at SIM_MAX_PROCESSES + 1: one spawn of a
** template starts `unit` processes (itself and its supervision tree), an
** entry with count N starts N * unit.
*/
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))
#define SAT_LIMIT ((uint64_t)SIM_MAX_PROCESSES + 1)

static const char *const priority_names[] = {"max", "high", "normal", "low"};
static const char *const restart_names[] = {"permanent", "transient", "temporary"};
static const char *const strategy_names[] = {"one_for_one", "one_for_all", "rest_for_one"};

uint64_t scn_sat_mul(uint64_t a, uint64_t b)
{
	if (a == 0 || b == 0)
		return 0;
	return a >= SAT_LIMIT || b >= SAT_LIMIT || a > SAT_LIMIT / b ? SAT_LIMIT : a * b;
}

uint64_t scn_sat_add(uint64_t a, uint64_t b)
{
	return a >= SAT_LIMIT || b >= SAT_LIMIT - a ? SAT_LIMIT : a + b;
}

/* Whether the valid keys of an entry include its last one, "state": in
** format 1.1, or when the entry has one (then reported as needing 1.1);
** else format 1's messages list the keys they always did. */
static bool keys_with_state(const struct scn_loader *L, const cJSON *v)
{
	return L->s->values || scn_field(v, "state");
}

static void spec_defaults(struct spec *spec)
{
	memset(spec, 0, sizeof *spec);
	spec->priority = SIM_PRIO_NORMAL;
	spec->scheduler = -1;
	spec->node = -1;
	spec->restart = RESTART_PERMANENT;
	spec->shutdown = SPEC_SHUTDOWN_DEFAULT;
}

/* "shutdown": "brutal_kill", "infinity" or a number of ticks (OTP's
** child spec shutdown, in ticks instead of milliseconds). */
static void read_shutdown(struct scn_loader *L, const cJSON *f, const struct scn_path *p,
                          struct spec *spec)
{
	if (cJSON_IsString(f)) {
		if (!strcmp(f->valuestring, "brutal_kill"))
			spec->shutdown = SPEC_SHUTDOWN_BRUTAL;
		else if (!strcmp(f->valuestring, "infinity"))
			spec->shutdown = SPEC_SHUTDOWN_INFINITY;
		else
			scn_err_type(L, f, p, "\"brutal_kill\", \"infinity\" or a number of ticks");
		return;
	}
	if (!cJSON_IsNumber(f)) {
		scn_err_type(L, f, p, "\"brutal_kill\", \"infinity\" or a number of ticks");
		return;
	}
	scn_get_uint(L, f, p, 0, SCN_MAX_TICKS, &spec->shutdown);
}

/* priority, scheduler, trap_exit, restart and shutdown: the fields a template gives
** and an entry may override. */
static void read_attrs(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       bool restart_ok, struct spec *spec)
{
	const cJSON *f;
	int e;
	uint64_t u;
	if ((f = scn_field(v, "priority")) &&
	    scn_get_enum(L, f, SCN_KEY(p, "priority"), priority_names, COUNT(priority_names), &e))
		spec->priority = (enum sim_priority)e;
	if ((f = scn_field(v, "scheduler")) &&
	    scn_get_uint(L, f, SCN_KEY(p, "scheduler"), 1, SIM_MAX_SCHEDULERS, &u))
		spec->scheduler = (int32_t)u - 1;
	if ((f = scn_field(v, "trap_exit")))
		scn_get_bool(L, f, SCN_KEY(p, "trap_exit"), &spec->trap_exit);
	if ((f = scn_field(v, "restart")) && !restart_ok)
		scn_err(L, f, SCN_KEY(p, "restart"), "restart is only allowed in supervisor children");
	else if (f && scn_get_enum(L, f, SCN_KEY(p, "restart"), restart_names,
	                           COUNT(restart_names), &e))
		spec->restart = (enum restart_type)e;
	if ((f = scn_field(v, "shutdown")) && !restart_ok)
		scn_err(L, f, SCN_KEY(p, "shutdown"), "shutdown is only allowed in supervisor children");
	else if (f)
		read_shutdown(L, f, SCN_KEY(p, "shutdown"), spec);
}

/* An entry has exactly one of program, template and supervisor; a
** template may add program or supervisor to the template it inherits. */
static void check_body(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       bool is_template)
{
	bool program = scn_field(v, "program"), tmpl = scn_field(v, "template");
	bool sup = scn_field(v, "supervisor");
	if (!program && !tmpl && !sup)
		scn_err(L, v, p, "expected one of program, template or supervisor");
	else if (program && sup)
		scn_err(L, v, p, "give either program or supervisor, not both");
	else if (!is_template && program && tmpl)
		scn_err(L, v, p, "give either program or template, not both");
	else if (!is_template && sup && tmpl)
		scn_err(L, v, p, "give either template or supervisor, not both");
}

/* A `supervisor` object; returns the processes one start of it starts.
** `started_by_file`: its children's names are started by the file itself
** (else they belong to a template). */
static uint64_t read_supervisor(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                                bool started_by_file, struct sup_spec **out)
{
	static const char *const keys[] = {"strategy", "intensity", "period", "children"};
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "a supervisor object like {\"strategy\": \"one_for_one\", "
		             "\"children\": [...]}");
		return 1;
	}
	scn_check_keys(L, v, p, keys, COUNT(keys));
	struct sup_spec *sup = scn_alloc(L, 1, sizeof *sup);
	if (!sup)
		return 1;
	sup->strategy = SUP_ONE_FOR_ONE;
	sup->intensity = 1;
	sup->period = 5000;
	const cJSON *f;
	int e;
	uint64_t u;
	if ((f = scn_field(v, "strategy")) &&
	    scn_get_enum(L, f, SCN_KEY(p, "strategy"), strategy_names, COUNT(strategy_names), &e))
		sup->strategy = (enum sup_strategy)e;
	if ((f = scn_field(v, "intensity")) &&
	    scn_get_uint(L, f, SCN_KEY(p, "intensity"), 0, SCN_MAX_INTENSITY, &u))
		sup->intensity = (uint32_t)u;
	if ((f = scn_field(v, "period")))
		scn_get_uint(L, f, SCN_KEY(p, "period"), 1, SCN_MAX_TICKS, &sup->period);
	*out = sup;
	uint64_t unit = 1;
	const cJSON *children = scn_require(L, v, p, "children");
	const struct scn_path *cp = SCN_KEY(p, "children");
	if (!children)
		return unit;
	if (!cJSON_IsArray(children)) {
		scn_err_type(L, children, cp, "an array of process entries");
		return unit;
	}
	size_t n = scn_json_count(children);
	sup->children = scn_alloc(L, n, sizeof *sup->children);
	if (n && !sup->children)
		return unit;
	sup->nchildren = (uint32_t)n;
	uint32_t i = 0;
	for (const cJSON *c = children->child; c; c = c->next, i++)
		unit = scn_sat_add(unit, scn_parse_entry(L, c, SCN_INDEX(cp, i),
		                   started_by_file ? SCN_CTX_CHILD : SCN_CTX_TEMPLATE,
		                   &sup->children[i]));
	return unit;
}

/* The first child of the tree (depth first) that has a name, or NULL. */
static const struct spec *first_named(const struct sup_spec *sup)
{
	for (uint32_t i = 0; sup && i < sup->nchildren; i++) {
		const struct spec *c = &sup->children[i];
		if (c->nnames)
			return c;
		if ((c = first_named(c->sup)))
			return c;
	}
	return NULL;
}

/* A supervisor started `copies` times (count) starts its children as many
** times, under the same names: reports the first such duplicate at the
** entry p and returns false. */
static bool check_copies(struct scn_loader *L, const struct sup_spec *sup, uint64_t copies,
                         const cJSON *at, const struct scn_path *p)
{
	const struct spec *c = copies > 1 ? first_named(sup) : NULL;
	if (!c)
		return true;
	scn_err(L, at, p, "duplicate process name '%s': each of the %llu supervisors of this "
	        "count starts a child of that name", scn_show_atom(L, c->names[0]),
	        (unsigned long long)copies);
	return false;
}

bool scn_define_tree(struct scn_loader *L, const struct sup_spec *sup, uint64_t copies,
                     const cJSON *at, const struct scn_path *p)
{
	if (!check_copies(L, sup, copies, at, p))
		return false;
	for (uint32_t i = 0; sup && i < sup->nchildren; i++) {
		const struct spec *c = &sup->children[i];
		if (!scn_define_static(L, c->names, c->nnames, at, p) ||
		    !scn_define_tree(L, c->sup, c->nnames, at, p))
			return false;
	}
	return true;
}

static bool resolve(struct scn_loader *L, uint32_t i);

/* The entry's "name" and "count": interns and expands its names into
** out and defines them (statically when the file starts the process), so
** that duplicates are reported where they are repeated. */
static void read_names(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       enum scn_ctx ctx, struct spec *out)
{
	const cJSON *name = scn_require(L, v, p, "name"), *count = scn_field(v, "count");
	const char *base = NULL;
	uint64_t n = 0;
	bool named = name && scn_get_name(L, name, SCN_KEY(p, "name"), &base);
	if (count && !scn_get_uint(L, count, SCN_KEY(p, "count"), 1, SIM_MAX_PROCESSES, &n))
		named = false;
	if (!named)
		return;
	out->name = scn_intern(L, base);
	/* dry: only these specs' names are never read again while loading */
	bool dry = ctx == SCN_CTX_TOP || ctx == SCN_CTX_CHILD;
	if (!scn_expand_names(L, out->name, count != NULL, n, v, p, &out->names, &out->nnames, dry))
		return;
	if (ctx != SCN_CTX_TEMPLATE)
		scn_define_static(L, out->names, out->nnames, v, p);
	else
		scn_define_dynamic(L, out->names, out->nnames);
}

/* The entry's body: a "template", a "supervisor" or a "program" (checked
** by check_body).  Returns the processes one copy of it starts. */
static uint64_t read_body(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                          bool started_by_file, struct spec *out)
{
	uint64_t unit = 1;
	const cJSON *program = scn_field(v, "program"), *tmpl = scn_field(v, "template");
	const cJSON *sup = scn_field(v, "supervisor");
	if (tmpl) {
		int32_t t = scn_template_lookup(L, tmpl, SCN_KEY(p, "template"));
		if (t >= 0 && resolve(L, (uint32_t)t)) {
			const struct spec *ts = &L->s->templates[t];
			out->priority = ts->priority;
			out->scheduler = ts->scheduler;
			out->trap_exit = ts->trap_exit;
			out->restart = ts->restart;
			out->shutdown = ts->shutdown;
			out->program = ts->program;
			out->sup = ts->sup;
			out->state = ts->state;
			out->node = ts->node;
			unit = L->tmpls[t].unit;
			if (started_by_file)
				scn_define_tree(L, out->sup, out->nnames, v, p);
		}
	} else if (sup) {
		unit = read_supervisor(L, sup, SCN_KEY(p, "supervisor"), started_by_file, &out->sup);
		if (started_by_file)   /* the children defined their own names */
			check_copies(L, out->sup, out->nnames, v, p);
	} else if (program) {
		scn_parse_program(L, program, SCN_KEY(p, "program"), &out->program);
	}
	return unit;
}

uint64_t scn_parse_entry(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                         enum scn_ctx ctx, struct spec *out)
{
	static const char *const keys[] = {"name", "program", "template", "supervisor", "count",
	                                   "priority", "scheduler", "trap_exit", "start", "restart",
	                                   "shutdown", "state"};
	const char *all[COUNT(keys) + 2];
	bool child = ctx == SCN_CTX_CHILD || ctx == SCN_CTX_TEMPLATE;
	spec_defaults(out);
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "a process entry (an object with \"name\")");
		return 0;
	}
	scn_check_keys(L, v, p, all,
	               scn_entry_keys(L, v, keys, COUNT(keys) - !keys_with_state(L, v), child, all));
	read_names(L, v, p, ctx, out);
	check_body(L, v, p, false);
	uint64_t unit = read_body(L, v, p, ctx != SCN_CTX_TEMPLATE, out);
	read_attrs(L, v, p, child, out);
	scn_read_node_keys(L, v, p, child, out);
	const cJSON *state = scn_field(v, "state");
	if (state)
		scn_read_state(L, state, SCN_KEY(p, "state"), out);
	const cJSON *start = scn_field(v, "start");
	if (start && ctx != SCN_CTX_TOP)
		scn_err(L, start, SCN_KEY(p, "start"), "start is only allowed in top-level processes");
	else if (start)
		scn_get_uint(L, start, SCN_KEY(p, "start"), 0, SCN_MAX_TICKS, &out->start);
	return scn_sat_mul(out->nnames, unit);
}

/* {=== templates ===} */

/* Reports the cycle closed by template i, which is on the stack. */
static void report_cycle(struct scn_loader *L, uint32_t i)
{
	uint32_t from = 0;
	while (L->tstack[from] != i)
		from++;
	struct scn_str b = {0};
	for (uint32_t k = from; k < L->tdepth; k++)
		scn_str_add(&b, "%s -> ", scn_show(L, L->tmpls[L->tstack[k]].node->string));
	scn_str_add(&b, "%s", scn_show(L, L->tmpls[i].node->string));
	const cJSON *node = L->tmpls[i].node;
	if (b.oom)
		L->oom = true;
	else
		scn_err(L, node, SCN_KEY(SCN_KEY(NULL, "templates"), node->string),
		        "template cycle %s", b.s);
	free(b.s);
}

/* Reads template i into L->s->templates[i]. */
static void read_template(struct scn_loader *L, uint32_t i)
{
	static const char *const keys[] = {"program", "supervisor", "template", "priority",
	                                   "scheduler", "trap_exit", "restart", "shutdown", "state"};
	const cJSON *v = L->tmpls[i].node;
	const struct scn_path *p = SCN_KEY(SCN_KEY(NULL, "templates"), v->string);
	const char *all[COUNT(keys) + 2];
	struct spec *spec = &L->s->templates[i];
	atom_t name = spec->name;
	spec_defaults(spec);
	spec->name = name;
	L->tmpls[i].unit = 1;
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "a template (an object with program, supervisor or template)");
		return;
	}
	scn_check_keys(L, v, p, all,
	               scn_entry_keys(L, v, keys, COUNT(keys) - !keys_with_state(L, v), false, all));
	check_body(L, v, p, true);
	const cJSON *parent = scn_field(v, "template");
	if (parent) {
		int32_t t = scn_template_lookup(L, parent, SCN_KEY(p, "template"));
		if (t >= 0 && resolve(L, (uint32_t)t)) {
			*spec = L->s->templates[t];
			spec->name = name;
			L->tmpls[i].unit = L->tmpls[t].unit;
		}
	}
	const cJSON *program = scn_field(v, "program"), *sup = scn_field(v, "supervisor");
	if (program && !sup) {
		spec->sup = NULL;
		spec->program = (struct oplist){NULL, 0, false};
		L->tmpls[i].unit = 1;
		scn_parse_program(L, program, SCN_KEY(p, "program"), &spec->program);
	} else if (sup && !program) {
		spec->program = (struct oplist){NULL, 0, false};
		spec->sup = NULL;
		L->tmpls[i].unit = read_supervisor(L, sup, SCN_KEY(p, "supervisor"), false, &spec->sup);
	}
	read_attrs(L, v, p, true, spec);
	scn_read_node_keys(L, v, p, false, spec);
	const cJSON *state = scn_field(v, "state");
	if (state)
		scn_read_state(L, state, SCN_KEY(p, "state"), spec);
}

/* Resolves template i; false if it (or one it depends on) has errors. */
static bool resolve(struct scn_loader *L, uint32_t i)
{
	struct scn_tmpl *t = &L->tmpls[i];
	if (t->state == SCN_TMPL_DONE)
		return t->ok;
	if (t->state == SCN_TMPL_BUSY) {
		report_cycle(L, i);
		return false;
	}
	if (L->tdepth == SCN_MAX_TEMPLATE_DEPTH) {
		scn_err(L, t->node, SCN_KEY(SCN_KEY(NULL, "templates"), t->node->string),
		        "templates nest more than %d levels deep", SCN_MAX_TEMPLATE_DEPTH);
		return false;
	}
	size_t before = scn_errors(L);
	t->state = SCN_TMPL_BUSY;
	L->tstack[L->tdepth++] = i;
	read_template(L, i);
	L->tdepth--;
	t = &L->tmpls[i];
	t->state = SCN_TMPL_DONE;
	t->ok = scn_errors(L) == before && !L->oom;
	return t->ok;
}

void scn_parse_templates(struct scn_loader *L, const cJSON *v)
{
	const struct scn_path *p = SCN_KEY(NULL, "templates");
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "an object of templates");
		return;
	}
	size_t n = scn_json_count(v);
	struct scenario *s = L->s;
	s->templates = scn_alloc(L, n, sizeof *s->templates);
	L->tmpls = n ? calloc(n, sizeof *L->tmpls) : NULL;
	if (n && (!s->templates || !L->tmpls)) {
		L->oom = true;
		return;
	}
	/* First every name, so templates can refer to later ones. */
	for (const cJSON *c = v->child; c; c = c->next) {
		const char *key = c->string;
		if (!key[0] || !strcmp(key, "self") || !strcmp(key, "parent") ||
		    !strcmp(key, "sender") || !strcmp(key, "_")) {
			scn_err(L, c, p, "'%s' cannot name a template (it is %s)", scn_show(L, key),
			        key[0] ? "reserved" : "empty");
			continue;
		}
		atom_t a = scn_intern(L, key);
		struct scn_name *info = scn_name_info(L, a);
		if (!info)
			return;
		if (info->tmpl) {
			scn_err(L, c, p, "duplicate key '%s'", scn_show(L, key));
			continue;
		}
		info->tmpl = s->ntemplates + 1;
		s->templates[s->ntemplates].name = a;
		L->tmpls[s->ntemplates].node = c;
		s->ntemplates++;
	}
	for (uint32_t i = 0; i < s->ntemplates && !L->oom; i++)
		resolve(L, i);
}
