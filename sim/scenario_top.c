/*
** scenario_top.c - the top level of a scenario: format, title,
** description, config, processes, timeline, links and notes, in the order
** their dependencies need (templates before the entries that use them,
** every name before the references to it).
*/
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Adds the processes an entry starts to the file's total, reporting (once)
** when the total passes SIM_MAX_PROCESSES. */
static void count_static(struct scn_loader *L, uint64_t n, const cJSON *at,
                         const struct scn_path *p)
{
	L->static_total = scn_sat_add(L->static_total, n);
	if (L->static_total > SIM_MAX_PROCESSES && !L->static_limit_hit) {
		L->static_limit_hit = true;
		scn_err(L, at, p, "the file starts more than %u processes", SIM_MAX_PROCESSES);
	}
}

/* {=== config ===} */

/* A word of the engine's table t (sim.h: canonical or alias); otherwise
** the error lists the canonical words, as scn_get_enum does. */
static bool get_word(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                     const struct sim_word *t, int *out)
{
	const char *canon[8];
	size_t n = 0;
	if (cJSON_IsString(v) && sim_word_parse(t, v->valuestring, out))
		return true;
	for (; t->word && n < COUNT(canon); t++)
		if (!t->alias)
			canon[n++] = t->word;
	return scn_get_enum(L, v, p, canon, n, out);
}

/* Reads config key k from f (at fp) into the loaded config; false (with
** an error in L) when the value is bad. */
static bool read_config_key(struct scn_loader *L, int k, const cJSON *f, const struct scn_path *fp)
{
	struct sim_config *c = &L->s->config;
	uint64_t u = 0;
	int e = 0;
	bool ok = false;
	switch ((enum sim_config_key)k) {
	case SIM_CFG_SCHEDULERS:
	case SIM_CFG_DIRTY:
		ok = scn_get_uint(L, f, fp, 1, SIM_MAX_SCHEDULERS, &u);
		if (ok && k == SIM_CFG_SCHEDULERS)
			c->schedulers = (uint32_t)u;
		else if (ok)
			c->dirty_schedulers = (uint32_t)u;
		break;
	case SIM_CFG_SLICE:
		ok = scn_get_uint(L, f, fp, 1, SCN_MAX_SLICE, &c->slice);
		break;
	case SIM_CFG_PREEMPTION:
		ok = get_word(L, f, fp, sim_preemption_words, &e);
		if (ok)
			c->preemption = (enum sim_preemption)e;
		break;
	case SIM_CFG_BALANCE:
		ok = get_word(L, f, fp, sim_balance_words, &e);
		if (ok)
			c->balance = (enum sim_balance)e;
		break;
	case SIM_CFG_SEED:
		ok = scn_get_uint(L, f, fp, 0, SCN_MAX_SEED, &c->seed);
		break;
	case SIM_CFG_UNTIL:
		ok = scn_get_uint(L, f, fp, 1, SCN_MAX_TICKS, &c->until);
		break;
	case SIM_CFG_REDUCTION_NS:
		ok = scn_get_uint(L, f, fp, 0, 1000000000u, &c->reduction_ns);
		break;
	case SIM_CFG_MAX_MAILBOX:
		ok = scn_get_uint(L, f, fp, 0, SIM_MAX_MAILBOX, &c->max_mailbox);
		break;
	case SIM_CFG_MAX_MESSAGE_MEMORY:
		ok = scn_get_uint(L, f, fp, 0, SIM_MAX_MESSAGE_MEMORY, &c->max_message_memory);
		break;
	case SIM_CFG_COUNT:
		break;
	}
	return ok;
}

static void read_config(struct scn_loader *L, const cJSON *v)
{
	static const char *const keys[SIM_CFG_COUNT + 2] = {
		[SIM_CFG_SCHEDULERS] = "schedulers", [SIM_CFG_SLICE] = "slice",
		[SIM_CFG_PREEMPTION] = "preemption", [SIM_CFG_BALANCE] = "balance",
		[SIM_CFG_DIRTY] = "dirty_schedulers", [SIM_CFG_SEED] = "seed",
		[SIM_CFG_UNTIL] = "until", [SIM_CFG_REDUCTION_NS] = "reduction_ns",
		[SIM_CFG_MAX_MAILBOX] = "max_mailbox", [SIM_CFG_MAX_MESSAGE_MEMORY] = "max_message_memory",
		[SIM_CFG_COUNT] = "nodes", [SIM_CFG_COUNT + 1] = "net",
	};
	const struct scn_path *p = SCN_KEY(NULL, "config");
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "an object");
		return;
	}
	scn_check_keys(L, v, p, keys, COUNT(keys));
	for (int k = 0; k < SIM_CFG_COUNT; k++) {
		const cJSON *f = scn_field(v, keys[k]);
		if (f && read_config_key(L, k, f, SCN_KEY(p, keys[k])))
			L->s->config_given |= 1u << k;
	}
	if (!(L->s->config_given & (1u << SIM_CFG_DIRTY)))
		L->s->config.dirty_schedulers = L->s->config.schedulers;
	scn_read_nodes(L, scn_field(v, "nodes"), scn_field(v, "net"));
}

/* {=== processes ===} */

/* The names the top-level entries alone will create (each valid name: 1,
** or its valid count), saturated.  Their sum is a lower bound of the
** file's total, so when it passes the limit the load must fail: counted
** names are then only counted, not made (see scn_expand_names). */
static uint64_t top_names(const cJSON *v)
{
	uint64_t total = 0;
	for (const cJSON *c = v->child; c && total <= SIM_MAX_PROCESSES; c = c->next) {
		const cJSON *name = scn_field(c, "name"), *count = scn_field(c, "count");
		if (!cJSON_IsObject(c) || !cJSON_IsString(name) || !name->valuestring[0] ||
		    !strcmp(name->valuestring, "self") || !strcmp(name->valuestring, "parent") ||
		    !strcmp(name->valuestring, "sender") || !strcmp(name->valuestring, "_"))
			continue;
		uint64_t k = 1;
		if (count) {
			double d = count->valuedouble;
			if (!cJSON_IsNumber(count) || !(d >= 1) || d > SIM_MAX_PROCESSES ||
			    (double)(uint64_t)d != d)
				continue;
			k = (uint64_t)d;
		}
		total = scn_sat_add(total, k);
	}
	return total;
}

static void read_processes(struct scn_loader *L, const cJSON *v)
{
	const struct scn_path *p = SCN_KEY(NULL, "processes");
	if (!cJSON_IsArray(v)) {
		scn_err_type(L, v, p, "an array of process entries");
		return;
	}
	if (!v->child) {
		scn_err(L, v, p, "expected at least one process");
		return;
	}
	size_t n = scn_json_count(v);
	struct scenario *s = L->s;
	s->procs = scn_alloc(L, n, sizeof *s->procs);
	if (!s->procs)
		return;
	s->nprocs = (uint32_t)n;
	L->names_doomed = top_names(v) > SIM_MAX_PROCESSES;
	uint32_t i = 0;
	for (const cJSON *c = v->child; c; c = c->next, i++) {
		const struct scn_path *ep = SCN_INDEX(p, i);
		count_static(L, scn_parse_entry(L, c, ep, SCN_CTX_TOP, &s->procs[i]), c, ep);
	}
}

/* {=== timeline ===} */

/* A timeline spawn: a process entry, or template (+ as, count). */
static void read_tl_spawn(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                          struct tl_event *ev)
{
	const cJSON *process = scn_field(v, "process"), *tmpl = scn_field(v, "template");
	if (process && tmpl) {
		scn_err(L, v, p, "give either process or template, not both");
	} else if (process) {
		if (scn_field(v, "as") || scn_field(v, "count"))
			scn_err(L, v, p, "as and count go with template; a process entry has "
			        "name and count");
		uint64_t n = scn_parse_entry(L, process, SCN_KEY(p, "process"), SCN_CTX_TIMELINE,
		                             &ev->spawn);
		count_static(L, n, process, p);
	} else if (tmpl) {
		struct scn_spawn sp;
		if (!scn_parse_spawn(L, v, p, &sp))
			return;
		ev->spawn = L->s->templates[sp.tmpl];
		ev->spawn.name = sp.base;
		ev->spawn.names = sp.names;
		ev->spawn.nnames = sp.nnames;
		/* The file starts these: their names are unique like any entry's. */
		if (scn_define_static(L, sp.names, sp.nnames, v, p))
			scn_define_tree(L, ev->spawn.sup, sp.nnames, v, p);
		count_static(L, scn_sat_mul(sp.nnames, L->tmpls[sp.tmpl].unit), v, p);
	} else {
		scn_err(L, v, p, "expected process (a process entry) or template");
	}
}

static void read_event(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       struct tl_event *ev)
{
	static const char *const keys[] = {"at", "do"};
	static const char *const kinds[] = {"send", "exit", "spawn"};
	static const char *const kinds_nodes[] = {"send", "exit", "spawn", "node_down", "node_up",
	                                          "partition", "heal"};
	static const char *const keys_send[] = {"op", "to", "message"};
	static const char *const keys_exit[] = {"op", "to", "reason"};
	static const char *const keys_spawn[] = {"op", "process", "template", "as", "count"};
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "an event like {\"at\": 10, \"do\": {\"op\": \"send\", ...}}");
		return;
	}
	scn_check_keys(L, v, p, keys, COUNT(keys));
	const cJSON *at = scn_require(L, v, p, "at"), *d = scn_require(L, v, p, "do");
	if (at)
		scn_get_uint(L, at, SCN_KEY(p, "at"), 0, SCN_MAX_TICKS, &ev->at);
	if (!d)
		return;
	const struct scn_path *dp = SCN_KEY(p, "do");
	if (!cJSON_IsObject(d)) {
		scn_err_type(L, d, dp, "an object like {\"op\": \"send\", ...}");
		return;
	}
	const cJSON *op = scn_require(L, d, dp, "op");
	int kind = -1;
	if (!op)
		return;
	if (cJSON_IsString(op) && scn_read_tl_node(L, d, dp, op->valuestring, ev))
		return;
	if (L->s->nnodes ? !scn_get_enum(L, op, SCN_KEY(dp, "op"), kinds_nodes, COUNT(kinds_nodes), &kind)
	                 : !scn_get_enum(L, op, SCN_KEY(dp, "op"), kinds, COUNT(kinds), &kind))
		return;
	ev->kind = (enum tl_kind)kind;
	const cJSON *to = scn_field(d, "to");
	if (ev->kind == TL_SEND) {
		scn_check_keys(L, d, dp, keys_send, COUNT(keys_send));
		if ((to = scn_require(L, d, dp, "to")))
			scn_parse_target(L, to, SCN_KEY(dp, "to"), true, &ev->to);
		const cJSON *message = scn_require(L, d, dp, "message");
		scn_check_value(L, message, false);
		ev->message = scn_json_term(L, message);
	} else if (ev->kind == TL_EXIT) {
		scn_check_keys(L, d, dp, keys_exit, COUNT(keys_exit));
		if ((to = scn_require(L, d, dp, "to")))
			scn_parse_target(L, to, SCN_KEY(dp, "to"), true, &ev->to);
		const cJSON *reason = scn_field(d, "reason");
		ev->reason = ATOM_NORMAL;
		if (reason)
			scn_get_reason(L, reason, SCN_KEY(dp, "reason"), &ev->reason);
	} else {
		scn_check_keys(L, d, dp, keys_spawn, COUNT(keys_spawn));
		read_tl_spawn(L, d, dp, ev);
	}
}

/* The position of an event or note before sorting, for stability. */
struct order {
	uint64_t at;
	uint32_t index;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Stable sort of n items of `size` bytes whose `at` is given by ats[]. */
static void sort_by_at(struct scn_loader *L, void *items, size_t n, size_t size,
                       const uint64_t *ats)
{
	struct order *o = n ? malloc(n * sizeof *o) : NULL;
	char *copy = n ? malloc(n * size) : NULL;
	if (n && (!o || !copy)) {
		L->oom = true;
	} else if (n) {
		for (size_t i = 0; i < n; i++)
			o[i] = (struct order){ats[i], (uint32_t)i};
		qsort(o, n, sizeof *o, cmp_order);
		memcpy(copy, items, n * size);
		for (size_t i = 0; i < n; i++)
			memcpy((char *)items + i * size, copy + (size_t)o[i].index * size, size);
	}
	free(o);
	free(copy);
}

/* Reads an array of events or notes: n items of `size`, reader per item. */
static void *read_list(struct scn_loader *L, const cJSON *v, const char *key, size_t size,
                       uint32_t *n)
{
	const struct scn_path *p = SCN_KEY(NULL, key);
	*n = 0;
	if (!cJSON_IsArray(v)) {
		scn_err_type(L, v, p, "an array");
		return NULL;
	}
	size_t count = scn_json_count(v);
	void *items = scn_alloc(L, count, size);
	if (items)
		*n = (uint32_t)count;
	return items;
}

static void read_timeline(struct scn_loader *L, const cJSON *v)
{
	struct scenario *s = L->s;
	s->timeline = read_list(L, v, "timeline", sizeof *s->timeline, &s->ntimeline);
	uint64_t *ats = s->ntimeline ? malloc(s->ntimeline * sizeof *ats) : NULL;
	if (s->ntimeline && !ats) {
		L->oom = true;
		return;
	}
	uint32_t i = 0;
	for (const cJSON *c = v->child; c && i < s->ntimeline; c = c->next, i++) {
		read_event(L, c, SCN_INDEX(SCN_KEY(NULL, "timeline"), i), &s->timeline[i]);
		ats[i] = s->timeline[i].at;
	}
	sort_by_at(L, s->timeline, s->ntimeline, sizeof *s->timeline, ats);
	free(ats);
}

const char *sim_note_when_name(enum sim_note_when w)
{
	static const char *const names[SIM_NOTE_WHEN_COUNT] = {
		[SIM_NOTE_AT] = "at", [SIM_NOTE_SPAWN] = "spawn", [SIM_NOTE_RECEIVE] = "receive",
		[SIM_NOTE_EXIT] = "exit", [SIM_NOTE_CRASH] = "crash", [SIM_NOTE_RESTART] = "restart",
	};
	return (unsigned)w < SIM_NOTE_WHEN_COUNT ? names[w] : "?";
}

/* "when": {"exit": "NAME"} (one key of sim_note_when_name, a process name
** the file can start). */
static void read_when(struct scn_loader *L, const cJSON *w, const struct scn_path *p,
                      struct note *note)
{
	static const char *const keys[] = {"spawn", "receive", "exit", "crash", "restart"};
	const char *expect = "an event like {\"exit\": \"NAME\"} (one of spawn, receive, exit, "
	                     "crash, restart)";
	if (!cJSON_IsObject(w) || scn_json_count(w) != 1) {
		scn_err_type(L, w, p, expect);
		return;
	}
	scn_check_keys(L, w, p, keys, COUNT(keys));
	const cJSON *c = w->child;
	for (int k = SIM_NOTE_SPAWN; k < SIM_NOTE_WHEN_COUNT; k++) {
		if (strcmp(c->string, sim_note_when_name((enum sim_note_when)k)) != 0)
			continue;
		const struct scn_path *kp = SCN_KEY(p, c->string);
		const char *name;
		if (!scn_get_name(L, c, kp, &name))
			return;
		note->when = (enum sim_note_when)k;
		note->name = scn_strdup(L, name);
		atom_t a = scn_intern(L, name);
		note->atom = a;
		if (a != ATOM_NONE)
			scn_ref(L, a, c, kp, false);
		return;
	}
}

/* One note: {"at": T, "text": ...} or {"when": {...}, "text": ...}. */
static void read_note(struct scn_loader *L, const cJSON *c, const struct scn_path *p,
                      struct note *note)
{
	static const char *const keys[] = {"at", "when", "text", "ask", "choices", "answer",
	                                   "explain"};
	const char *text = "";
	note->when = SIM_NOTE_AT;
	if (!cJSON_IsObject(c)) {
		scn_err_type(L, c, p, "a note like {\"at\": 10, \"text\": \"...\"}");
	} else {
		scn_check_keys(L, c, p, keys, COUNT(keys));
		const cJSON *at = scn_field(c, "at"), *when = scn_field(c, "when");
		const cJSON *t = scn_field(c, "ask") ? scn_field(c, "text") : scn_require(L, c, p, "text");
		if (at && when)
			scn_err(L, when, p, "a note has either \"at\" (a tick) or \"when\" (an event), "
			                    "not both");
		else if (!at && !when)
			scn_err(L, c, p, "missing key \"at\" (a tick) or \"when\" (an event)");
		else if (at)
			scn_get_uint(L, at, SCN_KEY(p, "at"), 0, SCN_MAX_TICKS, &note->at);
		else
			read_when(L, when, SCN_KEY(p, "when"), note);
		if (t)
			scn_get_string(L, t, SCN_KEY(p, "text"), &text);
		scn_read_question(L, c, p, note);   /* question.c */
	}
	if (note->when != SIM_NOTE_AT)
		note->at = UINT64_MAX;
	/* a question without a caption shows the question */
	note->text = note->q && !scn_field(c, "text") ? note->q->text : scn_strdup(L, text);
}

/* A note tied to an event, as when_index sorts them. */
struct when_key {
	atom_t atom;
	uint32_t when, index;
};

static int cmp_when(const void *a, const void *b)
{
	const struct when_key *x = a, *y = b;
	if (x->atom != y->atom)
		return x->atom < y->atom ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* s->when_order: the engine finds the notes an event fulfils by binary
** search (sched.c), however many notes wait. */
static void when_index(struct scn_loader *L)
{
	struct scenario *s = L->s;
	uint32_t n = 0;
	for (uint32_t i = 0; i < s->nnotes; i++)
		n += s->notes[i].when != SIM_NOTE_AT;
	struct when_key *k = n ? malloc(n * sizeof *k) : NULL;
	s->when_order = n ? scn_alloc(L, n, sizeof *s->when_order) : NULL;
	if (n && (!k || !s->when_order)) {
		L->oom = true;
		free(k);
		return;
	}
	for (uint32_t i = 0; i < s->nnotes; i++)
		if (s->notes[i].when != SIM_NOTE_AT)
			k[s->nwhen++] = (struct when_key){ s->notes[i].atom, s->notes[i].when, i };
	if (n)
		qsort(k, n, sizeof *k, cmp_when);
	for (uint32_t i = 0; i < n; i++)
		s->when_order[i] = k[i].index;
	free(k);
}

static void read_notes(struct scn_loader *L, const cJSON *v)
{
	struct scenario *s = L->s;
	s->notes = read_list(L, v, "notes", sizeof *s->notes, &s->nnotes);
	uint64_t *ats = s->nnotes ? malloc(s->nnotes * sizeof *ats) : NULL;
	if (s->nnotes && !ats) {
		L->oom = true;
		return;
	}
	uint32_t i = 0;
	for (const cJSON *c = v->child; c && i < s->nnotes; c = c->next, i++) {
		read_note(L, c, SCN_INDEX(SCN_KEY(NULL, "notes"), i), &s->notes[i]);
		ats[i] = s->notes[i].at;
	}
	sort_by_at(L, s->notes, s->nnotes, sizeof *s->notes, ats);
	free(ats);
	when_index(L);
	scn_index_questions(L);
}

static void read_links(struct scn_loader *L, const cJSON *v)
{
	struct scenario *s = L->s;
	s->links = read_list(L, v, "links", sizeof *s->links, &s->nlinks);
	uint32_t i = 0;
	for (const cJSON *c = v->child; c && i < s->nlinks; c = c->next, i++) {
		const struct scn_path *p = SCN_INDEX(SCN_KEY(NULL, "links"), i);
		const cJSON *a = c->child, *b = a ? a->next : NULL;
		if (!cJSON_IsArray(c) || !cJSON_IsString(a) || !cJSON_IsString(b) || b->next ||
		    !a->valuestring[0] || !b->valuestring[0]) {
			scn_err_type(L, c, p, "a pair of process names like [\"a\", \"b\"]");
			continue;
		}
		if (strcmp(a->valuestring, b->valuestring) == 0) {
			scn_err(L, c, p, "a process cannot be linked to itself");
			continue;
		}
		s->links[i].a = scn_intern(L, a->valuestring);
		s->links[i].b = scn_intern(L, b->valuestring);
		scn_ref(L, s->links[i].a, a, SCN_INDEX(p, 0), true);
		scn_ref(L, s->links[i].b, b, SCN_INDEX(p, 1), true);
	}
}

/* {=== the root ===} */

static void read_texts(struct scn_loader *L, const cJSON *root)
{
	static const char *const keys[] = {"title", "description"};
	char **dest[] = {&L->s->title, &L->s->description};
	for (size_t k = 0; k < COUNT(keys); k++) {
		const cJSON *v = scn_field(root, keys[k]);
		const char *text;
		if (v && scn_get_string(L, v, SCN_KEY(NULL, keys[k]), &text))
			*dest[k] = scn_strdup(L, text);
	}
}

void scn_check_root(struct scn_loader *L, const cJSON *root)
{
	static const char *const keys[] = {"format", "title", "description", "config", "templates",
	                                   "processes", "links", "timeline", "notes"};
	if (!cJSON_IsObject(root)) {
		scn_err_type(L, root, NULL, "an object");
		return;
	}
	scn_check_keys(L, root, NULL, keys, COUNT(keys));
	const cJSON *v = scn_field(root, "format");
	if (v && !cJSON_IsNumber(v)) {
		scn_err_type(L, v, SCN_KEY(NULL, "format"), "the number 1 or 1.1");
	} else if (v && v->valuedouble == 1.1) {
		L->s->values = true;
		L->s->atom_badarith = scn_intern(L, "badarith");
	} else if (v && v->valuedouble != 1) {
		char got[64];
		scn_json_describe(L, v, got, sizeof got);
		scn_err(L, v, SCN_KEY(NULL, "format"), "unsupported format %s: this beamsim reads "
		        "formats 1 and 1.1", got);
	}
	read_texts(L, root);
	if ((v = scn_field(root, "config")))
		read_config(L, v);
	else
		L->s->config.dirty_schedulers = L->s->config.schedulers;
	if ((v = scn_field(root, "templates")))
		scn_parse_templates(L, v);
	if ((v = scn_require(L, root, NULL, "processes")))
		read_processes(L, v);
	if ((v = scn_field(root, "timeline")))
		read_timeline(L, v);
	if ((v = scn_field(root, "links")))
		read_links(L, v);
	if ((v = scn_field(root, "notes")))
		read_notes(L, v);
	L->s->static_processes = L->static_total;
	if (!L->names_doomed)   /* else the counted names were not made */
		scn_check_refs(L);
	if (L->s->values)
		scn_check_vars(L, root);
}
