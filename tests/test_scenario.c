/*
** test_scenario.c - loading valid scenarios: defaults, config, count
** expansion, templates, supervisors, ops, targets, timeline and notes,
** pattern matching, the atom table and the diagnostics list.
*/
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "term.h"
#include "support.h"

#define PROGRAM_A "{\"name\": \"a\", \"program\": [{\"op\": \"work\", \"reductions\": 10}]}"

static const char *name_of(const struct scenario *s, atom_t a)
{
	return atom_name(&s->atoms, a);
}

/* The names of a spec joined by spaces, in a static buffer. */
static const char *names_of(const struct scenario *s, const struct spec *spec)
{
	static char buf[512];
	buf[0] = '\0';
	for (uint32_t i = 0; i < spec->nnames; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, name_of(s, spec->names[i]));
	}
	return buf;
}

static void test_minimal_defaults(void **state)
{
	(void)state;
	struct scenario *s = load_text("{\"processes\": [" PROGRAM_A "]}");
	assert_string_equal(sim_scenario_title(s), "");
	assert_string_equal(sim_scenario_description(s), "");
	struct sim_config c = sim_scenario_config(s);
	assert_int_equal(c.schedulers, 2);
	assert_int_equal(c.slice, 4000);
	assert_int_equal(c.preemption, SIM_PREEMPT_REDUCTIONS);
	assert_int_equal(c.balance, SIM_BALANCE_STEAL);
	assert_int_equal(c.dirty_schedulers, 2);
	assert_int_equal(c.seed, 0);
	assert_int_equal(c.until, 1000000);
	assert_int_equal(s->config_given, 0);
	assert_int_equal(s->nprocs, 1);
	const struct spec *a = &s->procs[0];
	assert_string_equal(names_of(s, a), "a");
	assert_string_equal(name_of(s, a->name), "a");
	assert_int_equal(a->priority, SIM_PRIO_NORMAL);
	assert_int_equal(a->scheduler, -1);
	assert_false(a->trap_exit);
	assert_int_equal(a->start, 0);
	assert_int_equal(a->restart, RESTART_PERMANENT);
	assert_null(a->sup);
	assert_int_equal(a->program.n, 1);
	assert_int_equal(a->program.ops[0].kind, OP_WORK);
	assert_int_equal(a->program.ops[0].u.work.reductions, 10);
	assert_int_equal(a->program.ops[0].line, 1);
	assert_int_equal(s->ntemplates + s->ntimeline + s->nnotes + s->nlinks, 0);
	assert_int_equal(s->static_processes, 1);
	assert_int_equal(sim_scenario_note_count(s), 0);
	sim_scenario_free(s);
}

static void test_config_given(void **state)
{
	(void)state;
	struct scenario *s = load_text(
		"{\"format\": 1, \"title\": \"T\", \"description\": \"D\\n\\u00e9\",\n"
		" \"config\": {\"schedulers\": 4, \"slice\": 20, \"preemption\": \"cooperative\",\n"
		"   \"balance\": \"shared\", \"seed\": 9007199254740992, \"until\": 1e3},\n"
		" \"processes\": [" PROGRAM_A "]}");
	assert_string_equal(sim_scenario_title(s), "T");
	assert_string_equal(sim_scenario_description(s), "D\n\xc3\xa9");
	struct sim_config c = sim_scenario_config(s);
	assert_int_equal(c.schedulers, 4);
	assert_int_equal(c.dirty_schedulers, 4);   /* defaults to schedulers */
	assert_int_equal(c.slice, 20);
	assert_int_equal(c.preemption, SIM_PREEMPT_COOPERATIVE);
	assert_int_equal(c.balance, SIM_BALANCE_SHARED);
	assert_int_equal(c.seed, 9007199254740992ull);
	assert_int_equal(c.until, 1000);
	assert_int_equal(s->config_given, (1u << SIM_CFG_SCHEDULERS) | (1u << SIM_CFG_SLICE) |
	                 (1u << SIM_CFG_PREEMPTION) | (1u << SIM_CFG_BALANCE) |
	                 (1u << SIM_CFG_SEED) | (1u << SIM_CFG_UNTIL));
	assert_null(sim_config_check(&c));
	sim_scenario_free(s);

	s = load_text("{\"config\": {\"schedulers\": 8, \"dirty_schedulers\": 1, \"balance\": \"none\"},"
	              " \"processes\": [" PROGRAM_A "]}");
	c = sim_scenario_config(s);
	assert_int_equal(c.schedulers, 8);
	assert_int_equal(c.dirty_schedulers, 1);
	assert_int_equal(c.balance, SIM_BALANCE_NONE);
	assert_true(s->config_given & (1u << SIM_CFG_DIRTY));
	sim_scenario_free(s);
}

/* sim_config_override applies exactly the keys whose bit is given, every
** key of enum sim_config_key included; the dirty count follows a changed
** scheduler count only when it was the default (equal), and never exceeds
** it. */
static void test_config_override(void **state)
{
	(void)state;
	struct sim_config base, over, c;
	sim_config_default(&base);
	memset(&over, 0, sizeof over);
	over.schedulers = 8;
	over.slice = 7;
	over.preemption = SIM_PREEMPT_COOPERATIVE;
	over.balance = SIM_BALANCE_SHARED;
	over.dirty_schedulers = 3;
	over.seed = 42;
	over.until = 99;
	over.reduction_ns = 5;
	over.max_mailbox = 11;
	over.max_message_memory = 12;
	c = base;
	sim_config_override(&c, &over, 0);
	assert_memory_equal(&c, &base, sizeof c);
	c = base;
	sim_config_override(&c, &over, (1u << SIM_CFG_COUNT) - 1);
	assert_int_equal(c.schedulers, 8);
	assert_int_equal(c.slice, 7);
	assert_int_equal(c.preemption, SIM_PREEMPT_COOPERATIVE);
	assert_int_equal(c.balance, SIM_BALANCE_SHARED);
	assert_int_equal(c.dirty_schedulers, 3);
	assert_int_equal(c.seed, 42);
	assert_int_equal(c.until, 99);
	assert_int_equal(c.reduction_ns, 5);
	assert_int_equal(c.max_mailbox, 11);
	assert_int_equal(c.max_message_memory, 12);
	c = base;   /* schedulers alone: the default dirty count follows */
	sim_config_override(&c, &over, 1u << SIM_CFG_SCHEDULERS);
	assert_int_equal(c.schedulers, 8);
	assert_int_equal(c.dirty_schedulers, 8);
	c = base;
	c.dirty_schedulers = 1;   /* not the default: it stays */
	sim_config_override(&c, &over, 1u << SIM_CFG_SCHEDULERS);
	assert_int_equal(c.dirty_schedulers, 1);
	c = base;
	over.schedulers = 1;   /* fewer schedulers than dirty ones: capped */
	sim_config_override(&c, &over, (1u << SIM_CFG_SCHEDULERS) | (1u << SIM_CFG_DIRTY));
	assert_int_equal(c.dirty_schedulers, 1);
}

/* A seed is read exactly, whole range: 9000000000000001 is not a double. */
static void test_seed_exact(void **state)
{
	(void)state;
	static const struct { const char *text; uint64_t want; } cases[] = {
		{"9000000000000001", 9000000000000001ull},
		{"9007199254740993", 9007199254740993ull},
		{"18446744073709551615", UINT64_MAX},
		{"18446744073709551614", UINT64_MAX - 1},
		{"0", 0},
		{"5e0", 5},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char json[256];
		snprintf(json, sizeof json, "{\"config\": {\"seed\": %s}, \"processes\": ["
		         PROGRAM_A "]}", cases[i].text);
		struct scenario *s = load_text(json);
		assert_true(s->config.seed == cases[i].want);
		assert_true(s->config_given & (1u << SIM_CFG_SEED));
		sim_scenario_free(s);
	}
}

static void test_config_functions(void **state)
{
	(void)state;
	struct sim_config c;
	sim_config_default(&c);
	assert_null(sim_config_check(&c));
	assert_int_equal(c.dirty_schedulers, c.schedulers);
	c.schedulers = 0;
	assert_string_equal(sim_config_check(&c), "schedulers must be between 1 and 64");
	c.schedulers = 65;
	assert_non_null(strstr(sim_config_check(&c), "schedulers"));
	sim_config_default(&c);
	c.slice = 0;
	assert_non_null(strstr(sim_config_check(&c), "slice"));
	sim_config_default(&c);
	c.until = 0;
	assert_non_null(strstr(sim_config_check(&c), "until"));
	sim_config_default(&c);
	c.dirty_schedulers = 65;
	assert_non_null(strstr(sim_config_check(&c), "dirty_schedulers"));
	assert_string_equal(sim_priority_name(SIM_PRIO_MAX), "max");
	assert_string_equal(sim_priority_name(SIM_PRIO_HIGH), "high");
	assert_string_equal(sim_priority_name(SIM_PRIO_NORMAL), "normal");
	assert_string_equal(sim_priority_name(SIM_PRIO_LOW), "low");
	assert_string_equal(sim_preemption_name(SIM_PREEMPT_REDUCTIONS), "reductions");
	assert_string_equal(sim_preemption_name(SIM_PREEMPT_COOPERATIVE), "cooperative");
	assert_string_equal(sim_balance_name(SIM_BALANCE_STEAL), "steal");
	assert_string_equal(sim_balance_name(SIM_BALANCE_NONE), "none");
	assert_string_equal(sim_balance_name(SIM_BALANCE_SHARED), "shared");
}

static void test_count_expansion(void **state)
{
	(void)state;
	struct scenario *s = load_text(
		"{\"processes\": [\n"
		"  {\"name\": \"w\", \"count\": 3, \"program\": [], \"priority\": \"low\", \"scheduler\": 2,\n"
		"   \"trap_exit\": true, \"start\": 7},\n"
		"  {\"name\": \"one\", \"count\": 1, \"program\": []},\n"
		"  {\"name\": \"w_4\", \"program\": []}]}");
	assert_int_equal(s->nprocs, 3);
	assert_string_equal(names_of(s, &s->procs[0]), "w_1 w_2 w_3");
	assert_string_equal(name_of(s, s->procs[0].name), "w");
	assert_int_equal(s->procs[0].priority, SIM_PRIO_LOW);
	assert_int_equal(s->procs[0].scheduler, 1);
	assert_true(s->procs[0].trap_exit);
	assert_int_equal(s->procs[0].start, 7);
	assert_int_equal(s->procs[0].program.n, 0);
	assert_string_equal(names_of(s, &s->procs[1]), "one_1");
	assert_string_equal(names_of(s, &s->procs[2]), "w_4");
	assert_int_equal(s->static_processes, 5);
	sim_scenario_free(s);
}

static void test_template_inheritance(void **state)
{
	(void)state;
	struct scenario *s = load_text(
		"{\"templates\": {\n"
		"   \"child\": {\"template\": \"base\", \"priority\": \"low\"},\n"
		"   \"base\": {\"program\": [{\"op\": \"sleep\", \"ticks\": 0}], \"priority\": \"high\",\n"
		"            \"trap_exit\": true, \"scheduler\": 3, \"restart\": \"transient\"},\n"
		"   \"again\": {\"template\": \"child\", \"program\": [{\"op\": \"crash\"}]}},\n"
		" \"processes\": [\n"
		"   {\"name\": \"x\", \"template\": \"child\", \"scheduler\": 1},\n"
		"   {\"name\": \"y\", \"template\": \"again\", \"trap_exit\": false, \"priority\": \"max\"}]}");
	assert_int_equal(s->ntemplates, 3);
	const struct spec *child = &s->templates[0], *base = &s->templates[1];
	const struct spec *again = &s->templates[2];
	assert_string_equal(name_of(s, child->name), "child");
	assert_string_equal(name_of(s, base->name), "base");
	assert_int_equal(base->priority, SIM_PRIO_HIGH);
	assert_int_equal(child->priority, SIM_PRIO_LOW);        /* overridden */
	assert_true(child->trap_exit);                           /* inherited */
	assert_int_equal(child->scheduler, 2);
	assert_int_equal(child->restart, RESTART_TRANSIENT);
	assert_ptr_equal(child->program.ops, base->program.ops); /* shared */
	assert_int_equal(again->program.n, 1);
	assert_int_equal(again->program.ops[0].kind, OP_CRASH);
	assert_string_equal(name_of(s, again->program.ops[0].u.reason), "error");
	assert_int_equal(again->priority, SIM_PRIO_LOW);

	const struct spec *x = &s->procs[0], *y = &s->procs[1];
	assert_int_equal(x->priority, SIM_PRIO_LOW);
	assert_int_equal(x->scheduler, 0);                       /* the entry wins */
	assert_true(x->trap_exit);
	assert_ptr_equal(x->program.ops, base->program.ops);
	assert_int_equal(x->program.ops[0].kind, OP_SLEEP);
	assert_int_equal(y->priority, SIM_PRIO_MAX);
	assert_false(y->trap_exit);
	assert_int_equal(y->scheduler, 2);
	assert_ptr_equal(y->program.ops, again->program.ops);
	sim_scenario_free(s);
}

static void test_supervisor_nesting(void **state)
{
	(void)state;
	struct scenario *s = load_text(
		"{\"templates\": {\"pool\": {\"supervisor\": {\"strategy\": \"one_for_all\",\n"
		"   \"children\": [{\"name\": \"pw\", \"count\": 2, \"program\": []}]}}},\n"
		" \"processes\": [{\"name\": \"top\", \"supervisor\": {\"strategy\": \"rest_for_one\",\n"
		"   \"intensity\": 3, \"period\": 100, \"children\": [\n"
		"     {\"name\": \"w\", \"program\": [], \"restart\": \"temporary\"},\n"
		"     {\"name\": \"mid\", \"restart\": \"transient\", \"supervisor\": {\"children\": [\n"
		"        {\"name\": \"leaf\", \"program\": []}]}},\n"
		"     {\"name\": \"p\", \"template\": \"pool\"}]}}]}");
	const struct spec *top = &s->procs[0];
	assert_non_null(top->sup);
	assert_int_equal(top->program.n, 0);
	assert_int_equal(top->sup->strategy, SUP_REST_FOR_ONE);
	assert_int_equal(top->sup->intensity, 3);
	assert_int_equal(top->sup->period, 100);
	assert_int_equal(top->sup->nchildren, 3);
	const struct spec *w = &top->sup->children[0], *mid = &top->sup->children[1];
	const struct spec *p = &top->sup->children[2];
	assert_string_equal(names_of(s, w), "w");
	assert_int_equal(w->restart, RESTART_TEMPORARY);
	assert_int_equal(mid->restart, RESTART_TRANSIENT);
	assert_int_equal(mid->sup->strategy, SUP_ONE_FOR_ONE);   /* OTP defaults */
	assert_int_equal(mid->sup->intensity, 1);
	assert_int_equal(mid->sup->period, 5000);
	assert_string_equal(names_of(s, &mid->sup->children[0]), "leaf");
	assert_int_equal(mid->sup->children[0].restart, RESTART_PERMANENT);
	assert_ptr_equal(p->sup, s->templates[0].sup);
	assert_int_equal(p->sup->strategy, SUP_ONE_FOR_ALL);
	assert_string_equal(names_of(s, &p->sup->children[0]), "pw_1 pw_2");
	/* top, w, mid, leaf, p, pw_1, pw_2 */
	assert_int_equal(s->static_processes, 7);
	sim_scenario_free(s);
}

static void test_ops(void **state)
{
	(void)state;
	struct scenario *s = load_text(
		"{\"templates\": {\"t\": {\"program\": []}},\n"
		" \"processes\": [{\"name\": \"a\", \"program\": [\n"
		"  {\"op\": \"native\", \"reductions\": 5, \"dirty\": true},\n"
		"  {\"op\": \"send\", \"to\": \"b\", \"message\": [\"hi\", {\"n\": 1}]},\n"
		"  {\"op\": \"receive\"},\n"
		"  {\"op\": \"receive\", \"cases\": [{\"match\": \"_\"}, {\"match\": [1], \"do\": [{\"op\": \"exit\"}]}],\n"
		"   \"after\": {\"ticks\": 0}},\n"
		"  {\"op\": \"receive\", \"after\": {\"ticks\": 9, \"do\": [{\"op\": \"crash\", \"reason\": \"boom\"}]}},\n"
		"  {\"op\": \"link\", \"to\": \"self\"}, {\"op\": \"unlink\", \"to\": \"parent\"},\n"
		"  {\"op\": \"monitor\", \"to\": \"sender\"}, {\"op\": \"trap_exit\"},\n"
		"  {\"op\": \"trap_exit\", \"value\": false}, {\"op\": \"sleep\", \"ticks\": 3},\n"
		"  {\"op\": \"exit\", \"reason\": \"kill\", \"to\": \"b\"},\n"
		"  {\"op\": \"loop\", \"times\": \"forever\", \"do\": [{\"op\": \"work\", \"reductions\": 1}]},\n"
		"  {\"op\": \"loop\", \"times\": 2, \"do\": [{\"op\": \"spawn\", \"template\": \"t\"}]}]},\n"
		"  {\"name\": \"b\", \"program\": []}]}");
	const struct op *op = s->procs[0].program.ops;
	assert_int_equal(s->procs[0].program.n, 14);
	assert_int_equal(op[0].kind, OP_NATIVE);
	assert_int_equal(op[0].u.work.reductions, 5);
	assert_true(op[0].u.work.dirty);
	assert_int_equal(op[0].line, 3);
	assert_int_equal(op[1].kind, OP_SEND);
	assert_int_equal(op[1].u.send.to.kind, TARGET_NAME);
	assert_string_equal(name_of(s, op[1].u.send.to.name), "b");
	char text[64];
	term_print(op[1].u.send.message, text, sizeof text);
	assert_string_equal(text, "[\"hi\",{\"n\":1}]");
	assert_int_equal(op[2].u.receive.ncases, 1);
	assert_null(op[2].u.receive.cases[0].match);
	assert_false(op[2].u.receive.has_after);
	assert_int_equal(op[3].u.receive.ncases, 2);
	term_print(op[3].u.receive.cases[0].match, text, sizeof text);
	assert_string_equal(text, "\"_\"");
	assert_int_equal(op[3].u.receive.cases[1].body.n, 1);
	assert_int_equal(op[3].u.receive.cases[1].body.ops[0].u.exit.reason, ATOM_NORMAL);
	assert_false(op[3].u.receive.cases[1].body.ops[0].u.exit.has_to);
	assert_true(op[3].u.receive.has_after);
	assert_int_equal(op[3].u.receive.after_ticks, 0);
	assert_int_equal(op[3].line, 6);
	assert_int_equal(op[4].u.receive.ncases, 1);
	assert_null(op[4].u.receive.cases[0].match);
	assert_int_equal(op[4].u.receive.after_ticks, 9);
	assert_string_equal(name_of(s, op[4].u.receive.after_body.ops[0].u.reason), "boom");
	assert_int_equal(op[5].kind, OP_LINK);
	assert_int_equal(op[5].u.peer.kind, TARGET_SELF);
	assert_int_equal(op[6].u.peer.kind, TARGET_PARENT);
	assert_int_equal(op[7].kind, OP_MONITOR);
	assert_int_equal(op[7].u.peer.kind, TARGET_SENDER);
	assert_true(op[8].u.trap);
	assert_false(op[9].u.trap);
	assert_int_equal(op[10].u.ticks, 3);
	assert_int_equal(op[11].u.exit.reason, ATOM_KILL);
	assert_true(op[11].u.exit.has_to);
	assert_string_equal(name_of(s, op[11].u.exit.to.name), "b");
	assert_int_equal(op[12].u.loop.times, LOOP_FOREVER);
	assert_int_equal(op[12].u.loop.body.n, 1);
	assert_int_equal(op[13].u.loop.times, 2);
	assert_int_equal(op[13].u.loop.body.ops[0].kind, OP_SPAWN);
	assert_int_equal(op[13].line, 14);
	sim_scenario_free(s);
}

static void test_empty_bodies(void **state)
{
	(void)state;
	/* An empty program exits at once, an empty forever loop spins (each
	** iteration costs a reduction), a supervisor may have no children. */
	struct scenario *s = load_text(
		"{\"processes\": [{\"name\": \"a\", \"program\": []},\n"
		"  {\"name\": \"spin\", \"program\": [{\"op\": \"loop\", \"times\": \"forever\", \"do\": []}]},\n"
		"  {\"name\": \"sup\", \"supervisor\": {\"children\": []}},\n"
		"  {\"name\": \"r\", \"program\": [{\"op\": \"receive\", \"cases\": [{\"match\": 1}]}]}]}");
	assert_int_equal(s->procs[0].program.n, 0);
	assert_null(s->procs[0].program.ops);
	assert_int_equal(s->procs[1].program.ops[0].u.loop.times, LOOP_FOREVER);
	assert_int_equal(s->procs[1].program.ops[0].u.loop.body.n, 0);
	assert_non_null(s->procs[2].sup);
	assert_int_equal(s->procs[2].sup->nchildren, 0);
	assert_int_equal(s->procs[3].program.ops[0].u.receive.cases[0].body.n, 0);
	assert_int_equal(s->static_processes, 4);
	sim_scenario_free(s);
}

static void test_spawn_names(void **state)
{
	(void)state;
	struct scenario *s = load_text(
		"{\"templates\": {\"w\": {\"program\": []}, \"boss\": {\"program\": [\n"
		"   {\"op\": \"spawn\", \"template\": \"w\", \"as\": \"job\", \"count\": 3, \"link\": true},\n"
		"   {\"op\": \"spawn\", \"template\": \"w\", \"monitor\": true},\n"
		"   {\"op\": \"spawn\", \"template\": \"w\", \"as\": \"solo\"},\n"
		"   {\"op\": \"send\", \"to\": \"job_2\", \"message\": 1},\n"
		"   {\"op\": \"monitor\", \"to\": \"solo\"}]}},\n"
		" \"processes\": [{\"name\": \"b\", \"template\": \"boss\"}]}");
	const struct op *op = s->templates[1].program.ops;
	assert_int_equal(op[0].u.spawn.tmpl, 0);
	assert_int_equal(op[0].u.spawn.nnames, 3);
	assert_string_equal(name_of(s, op[0].u.spawn.names[0]), "job_1");
	assert_string_equal(name_of(s, op[0].u.spawn.names[2]), "job_3");
	assert_true(op[0].u.spawn.link);
	assert_false(op[0].u.spawn.monitor);
	assert_int_equal(op[1].u.spawn.nnames, 1);
	assert_string_equal(name_of(s, op[1].u.spawn.names[0]), "w");
	assert_true(op[1].u.spawn.monitor);
	assert_string_equal(name_of(s, op[2].u.spawn.names[0]), "solo");
	assert_int_equal(atom_find(&s->atoms, "job_2"), op[3].u.send.to.name);
	assert_int_equal(s->static_processes, 1);
	sim_scenario_free(s);
}

static void test_targets_forward(void **state)
{
	(void)state;
	/* Names may be used before they are defined: in a later entry, a
	** supervisor child, a timeline spawn or a template's supervisor. */
	struct scenario *s = load_text(
		"{\"templates\": {\"sup\": {\"supervisor\": {\"children\": [{\"name\": \"tc\", \"program\": []}]}}},\n"
		" \"processes\": [{\"name\": \"a\", \"program\": [\n"
		"   {\"op\": \"send\", \"to\": \"later\", \"message\": 1},\n"
		"   {\"op\": \"link\", \"to\": \"kid\"}, {\"op\": \"monitor\", \"to\": \"tl\"},\n"
		"   {\"op\": \"exit\", \"to\": \"tc\"}, {\"op\": \"send\", \"to\": \"late_1\", \"message\": 2}]},\n"
		"  {\"name\": \"later\", \"supervisor\": {\"children\": [{\"name\": \"kid\", \"program\": []}]}}],\n"
		" \"timeline\": [{\"at\": 5, \"do\": {\"op\": \"spawn\", \"process\": {\"name\": \"tl\", \"program\": []}}},\n"
		"   {\"at\": 6, \"do\": {\"op\": \"spawn\", \"template\": \"sup\", \"as\": \"late\", \"count\": 1}}],\n"
		" \"links\": [[\"tl\", \"kid\"], [\"a\", \"later\"]]}");
	assert_int_equal(s->nlinks, 2);
	assert_string_equal(name_of(s, s->links[0].a), "tl");
	assert_string_equal(name_of(s, s->links[0].b), "kid");
	assert_string_equal(name_of(s, s->links[1].b), "later");
	/* a, later, kid, tl, late_1 and tc (a count of 2 would start tc twice) */
	assert_int_equal(s->static_processes, 6);
	sim_scenario_free(s);
}

static void test_timeline_sorted(void **state)
{
	(void)state;
	struct scenario *s = load_text(
		"{\"templates\": {\"w\": {\"program\": [], \"priority\": \"high\"}},\n"
		" \"processes\": [" PROGRAM_A "],\n"
		" \"timeline\": [\n"
		"  {\"at\": 30, \"do\": {\"op\": \"send\", \"to\": \"a\", \"message\": \"third\"}},\n"
		"  {\"at\": 10, \"do\": {\"op\": \"exit\", \"to\": \"a\"}},\n"
		"  {\"at\": 30, \"do\": {\"op\": \"spawn\", \"template\": \"w\", \"as\": \"n\", \"count\": 2}},\n"
		"  {\"at\": 0, \"do\": {\"op\": \"exit\", \"to\": \"a\", \"reason\": \"kill\"}},\n"
		"  {\"at\": 10, \"do\": {\"op\": \"spawn\", \"process\": {\"name\": \"p\", \"count\": 2, \"program\": []}}}],\n"
		" \"notes\": [{\"at\": 5, \"text\": \"b\"}, {\"at\": 1, \"text\": \"a\"}, {\"at\": 5, \"text\": \"c\"}]}");
	const struct tl_event *t = s->timeline;
	assert_int_equal(s->ntimeline, 5);
	assert_int_equal(t[0].at, 0);
	assert_int_equal(t[0].kind, TL_EXIT);
	assert_int_equal(t[0].reason, ATOM_KILL);
	assert_int_equal(t[1].at, 10);
	assert_int_equal(t[1].kind, TL_EXIT);
	assert_int_equal(t[1].reason, ATOM_NORMAL);
	assert_int_equal(t[1].to.kind, TARGET_NAME);
	assert_string_equal(name_of(s, t[1].to.name), "a");
	assert_int_equal(t[2].at, 10);
	assert_int_equal(t[2].kind, TL_SPAWN);
	assert_string_equal(names_of(s, &t[2].spawn), "p_1 p_2");
	assert_int_equal(t[3].kind, TL_SEND);
	char msgtext[16];
	term_print(t[3].message, msgtext, sizeof msgtext);
	assert_string_equal(msgtext, "\"third\"");
	assert_int_equal(t[4].kind, TL_SPAWN);
	assert_string_equal(name_of(s, t[4].spawn.name), "n");
	assert_string_equal(names_of(s, &t[4].spawn), "n_1 n_2");
	assert_int_equal(t[4].spawn.priority, SIM_PRIO_HIGH);
	assert_int_equal(s->static_processes, 5);

	uint64_t at;
	const char *text;
	assert_int_equal(sim_scenario_note_count(s), 3);
	sim_scenario_note(s, 0, &at, &text);
	assert_int_equal(at, 1);
	assert_string_equal(text, "a");
	sim_scenario_note(s, 1, &at, &text);
	assert_string_equal(text, "b");
	sim_scenario_note(s, 2, &at, &text);
	assert_int_equal(at, 5);
	assert_string_equal(text, "c");
	sim_scenario_free(s);
}

/* Notes tied to events: kind and name kept, sorted after the tick notes. */
static void test_notes_when(void **state)
{
	(void)state;
	sim_scenario *s = load_text("{\"processes\": [{\"name\": \"a\", \"program\": []}],"
	                            "\"notes\": [{\"when\": {\"crash\": \"a\"}, \"text\": \"w\"},"
	                            "{\"at\": 7, \"text\": \"t\"},"
	                            "{\"when\": {\"restart\": \"a\"}, \"text\": \"r\"}]}");
	assert_non_null(s);
	assert_int_equal(sim_scenario_note_count(s), 3);
	struct sim_note n;
	sim_scenario_note_get(s, 0, &n);
	assert_int_equal(n.when, SIM_NOTE_AT);
	assert_int_equal(n.at, 7);
	assert_null(n.name);
	sim_scenario_note_get(s, 1, &n);
	assert_int_equal(n.when, SIM_NOTE_CRASH);
	assert_int_equal(n.at, UINT64_MAX);
	assert_string_equal(n.name, "a");
	assert_string_equal(n.text, "w");
	sim_scenario_note_get(s, 2, &n);
	assert_int_equal(n.when, SIM_NOTE_RESTART);
	assert_string_equal(sim_note_when_name(n.when), "restart");
	sim_scenario_free(s);
}

static void test_lenient_numbers_and_text(void **state)
{
	(void)state;
	/* A BOM, CRLF line ends, integral numbers written as 1.0, 5e0 or -0,
	** UTF-8 and surrogate-pair escapes in names. */
	struct scenario *s = load_text(
		"\xEF\xBB\xBF{\"processes\": [\r\n"
		"  {\"name\": \"caf\\u00e9\", \"count\": 2.0, \"program\": [\r\n"
		"    {\"op\": \"sleep\", \"ticks\": -0}, {\"op\": \"work\", \"reductions\": 5e0}]},\r\n"
		"  {\"name\": \"\\ud83d\\ude00 \xe2\x9c\x93\", \"program\": []}]}");
	assert_string_equal(names_of(s, &s->procs[0]), "caf\xc3\xa9_1 caf\xc3\xa9_2");
	assert_int_equal(s->procs[0].program.ops[0].u.ticks, 0);
	assert_int_equal(s->procs[0].program.ops[1].u.work.reductions, 5);
	assert_int_equal(s->procs[0].program.ops[1].line, 3);
	assert_string_equal(names_of(s, &s->procs[1]), "\xf0\x9f\x98\x80 \xe2\x9c\x93");
	sim_scenario_free(s);
}

static void test_load_file_and_default(void **state)
{
	(void)state;
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *s = sim_scenario_load(TEST_DATA_DIR "/valid.json", &d);
	assert_non_null(s);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.status, SIM_OK);
	assert_string_equal(sim_scenario_title(s), "Crash isolation");
	assert_int_equal(s->nprocs, 2);
	assert_int_equal(s->static_processes, 5);
	sim_scenario_free(s);

	s = sim_scenario_load(TEST_DATA_DIR "/full.json", &d);
	assert_non_null(s);
	assert_int_equal(s->ntemplates, 4);
	assert_int_equal(s->ntimeline, 4);
	assert_int_equal(s->timeline[0].at, 20);
	assert_int_equal(s->timeline[0].kind, TL_SEND);   /* file order at equal ticks */
	assert_int_equal(s->timeline[1].kind, TL_SPAWN);
	/* top, p, pw_1, pw_2, w, inner, leaf, sp, client_1, client_2, late_1, late_2, tp */
	assert_int_equal(s->static_processes, 13);
	assert_string_equal(s->notes[0].text, "Start.");
	sim_scenario_free(s);

	s = sim_scenario_load_default(&d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.msgs[i]);
	assert_non_null(s);
	assert_non_null(sim_scenario_title(s));
	sim_scenario_free(s);
	sim_diag_free(&d);
}

/* {=== pattern matching ===} */

/* A scenario whose first op sends `value` and whose second receives with
** `pattern`: the terms the loader made of them. */
static sim_scenario *load_pair(const char *value, const char *pattern)
{
	char text[1024];
	snprintf(text, sizeof text, "{\"format\": 1, \"processes\": [{\"name\": \"a\", "
	         "\"program\": [{\"op\": \"send\", \"to\": \"a\", \"message\": %s}, "
	         "{\"op\": \"receive\", \"cases\": [{\"match\": %s}]}]}]}", value, pattern);
	return load_text(text);
}

static const struct term *sent(const sim_scenario *s)
{
	return s->procs[0].program.ops[0].u.send.message;
}

static bool match(const char *pattern, const char *value)
{
	sim_scenario *s = load_pair(value, pattern);
	bool m = term_match(s->procs[0].program.ops[1].u.receive.cases[0].match, sent(s));
	sim_scenario_free(s);
	return m;
}

static void test_match_json(void **state)
{
	(void)state;
	sim_scenario *s = load_pair("[1]", "1");
	assert_true(term_match(NULL, sent(s)));          /* no pattern: anything */
	sim_scenario_free(s);
	assert_true(match("\"_\"", "{\"a\": [1, 2]}"));
	assert_true(match("\"_\"", "null"));
	assert_true(match("\"x\"", "\"x\""));
	assert_false(match("\"x\"", "\"y\""));
	assert_false(match("\"_x\"", "\"y\""));
	assert_true(match("1", "1.0"));
	assert_false(match("1", "2"));
	assert_false(match("1", "\"1\""));
	assert_true(match("true", "true"));
	assert_false(match("true", "false"));
	assert_true(match("null", "null"));
	assert_false(match("null", "false"));
	/* arrays: element-wise, same length */
	assert_true(match("[\"job\", \"_\"]", "[\"job\", {\"n\": 3}]"));
	assert_false(match("[\"job\", \"_\"]", "[\"job\"]"));
	assert_false(match("[\"job\"]", "[\"job\", 1]"));
	assert_false(match("[\"job\", \"_\"]", "[\"jab\", 1]"));
	assert_true(match("[]", "[]"));
	assert_false(match("[]", "{}"));
	assert_true(match("[\"EXIT\", \"_\", \"killed\"]", "[\"EXIT\", \"w_1\", \"killed\"]"));
	/* objects: every key of the pattern matches; extra keys are fine */
	assert_true(match("{\"k\": \"_\"}", "{\"k\": 1, \"other\": 2}"));
	assert_true(match("{}", "{\"k\": 1}"));
	assert_false(match("{\"k\": \"_\"}", "{\"other\": 2}"));
	assert_false(match("{\"k\": 1}", "{\"k\": 2}"));
	assert_false(match("{\"k\": 1}", "[1]"));
	assert_true(match("{\"a\": [\"_\", {\"b\": true}]}", "{\"a\": [0, {\"b\": true, \"c\": 1}]}"));
	assert_false(match("{\"a\": [\"_\", {\"b\": true}]}", "{\"a\": [0, {\"b\": false}]}"));
	assert_false(match("{\"K\": 1}", "{\"k\": 1}"));   /* keys are case-sensitive */
	assert_true(match("{\"k\": 2}", "{\"k\": 2, \"k2\": 1}"));
	assert_true(match("0.5", "5e-1"));              /* numbers compare as doubles */
	assert_true(match("[[], {}, [1]]", "[[], {\"a\": 1}, [1.0]]"));
	assert_false(match("[[]]", "[[1]]"));
	assert_false(match("[[1]]", "[[]]"));
	assert_false(match("{\"a\": 1}", "{}"));
	assert_true(match("\"\\u005f\"", "7"));      /* an escaped "_" is "_" */
}

/* Events print a message as cJSON_PrintUnformatted does: every value here
** is printed from its term and compared with cJSON's output of the same
** text, whole and cut to a small buffer. */
static void test_term_print(void **state)
{
	(void)state;
	static const char *const values[] = {
		"1", "-0", "0", "-17", "1.50", "1e400", "-1e400", "3000000000", "2147483647",
		"-2147483648", "123456789012345", "1234567890123456789", "0.1", "1e-7",
		"12345678901234567890123456789", "1.000000000000000000000000001", "2.5E3",
		"\"a\\\"b\\\\c\\n\\t\\b\\f\\r\\u0001\\u007f\\u00e9\\ud83d\\ude00\"", "\"\"",
		"true", "false", "null", "[]", "{}", "[[], {}, [[1]], {\"\": {\"x\": null}}]",
		"{\"k\\n\": [1, \"two\", 3.25, false], \"z\": {}}",
	};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		sim_scenario *s = load_pair(values[i], "1");
		cJSON *j = cJSON_Parse(values[i]);
		assert_non_null(j);
		char *want = cJSON_PrintUnformatted(j);
		char got[256], cut[12], want_cut[12];
		term_print(sent(s), got, sizeof got);
		assert_string_equal(got, want);
		term_print(sent(s), cut, sizeof cut);
		if (strlen(want) < sizeof cut)
			snprintf(want_cut, sizeof want_cut, "%s", want);
		else
			snprintf(want_cut, sizeof want_cut, "%.8s...", want);
		assert_string_equal(cut, want_cut);
		cJSON_free(want);
		cJSON_Delete(j);
		sim_scenario_free(s);
	}
}

/* {=== atoms and diagnostics ===} */

static void test_atoms(void **state)
{
	(void)state;
	struct atom_table t;
	atom_init(&t);
	assert_int_equal(t.n, ATOM_PREDEFINED_COUNT);
	assert_string_equal(atom_name(&t, ATOM_NORMAL), "normal");
	assert_string_equal(atom_name(&t, ATOM_KILL), "kill");
	assert_string_equal(atom_name(&t, ATOM_KILLED), "killed");
	assert_string_equal(atom_name(&t, ATOM_SHUTDOWN), "shutdown");
	assert_string_equal(atom_name(&t, ATOM_NOPROC), "noproc");
	assert_string_equal(atom_name(&t, ATOM_EXIT_TAG), "EXIT");
	assert_string_equal(atom_name(&t, ATOM_DOWN_TAG), "DOWN");
	assert_string_equal(atom_name(&t, ATOM_SYSTEM_LIMIT), "system_limit");
	assert_string_equal(atom_name(&t, ATOM_BADARG), "badarg");
	assert_string_equal(atom_name(&t, ATOM_NONE), "");
	assert_int_equal(atom_find(&t, "killed"), ATOM_KILLED);
	assert_int_equal(atom_find(&t, "nope"), UINT32_MAX);
	char buf[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof buf, "a%d", i);
		assert_int_equal(atom_intern(&t, buf), ATOM_PREDEFINED_COUNT + (uint32_t)i);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof buf, "a%d", i);
		assert_int_equal(atom_find(&t, buf), ATOM_PREDEFINED_COUNT + (uint32_t)i);
		assert_int_equal(atom_intern(&t, buf), ATOM_PREDEFINED_COUNT + (uint32_t)i);
	}
	assert_int_equal(t.n, ATOM_PREDEFINED_COUNT + 5000);
	assert_string_equal(atom_name(&t, ATOM_PREDEFINED_COUNT + 4999), "a4999");
	atom_free(&t);
}

/* Counted names are ranges, not strings, but have one id whichever way
** they are reached: a plain atom interned before its count, a lookup
** after, a second count of the same stem, a count of a counted name. */
static void test_counted_atoms(void **state)
{
	(void)state;
	struct atom_table t;
	atom_init(&t);
	atom_t early = atom_intern(&t, "w_2");          /* plain, before the count */
	atom_t w = atom_intern(&t, "w");
	atom_t out[5], again[7];
	assert_true(atom_intern_counted(&t, w, 5, out));
	assert_int_equal(out[1], early);
	assert_int_equal(out[2], out[0] + 1);           /* w_1, then w_3 w_4 w_5 in one range */
	assert_int_equal(atom_find(&t, "w_4"), out[3]);
	assert_int_equal(atom_intern(&t, "w_5"), out[4]);
	assert_int_equal(atom_find(&t, "w_6"), UINT32_MAX);
	assert_int_equal(atom_find(&t, "w_05"), UINT32_MAX);   /* not the form of a count */
	assert_int_equal(atom_find(&t, "w_0"), UINT32_MAX);
	uint32_t n = t.n;
	assert_true(atom_intern_counted(&t, w, 7, again));   /* the same stem again: shared */
	assert_memory_equal(again, out, sizeof out);
	assert_int_equal(t.n, n + 2);
	assert_int_equal(atom_find(&t, "w_7"), again[6]);
	assert_int_equal(atom_length(&t, again[6]), 3);
	assert_string_equal(atom_name(&t, out[3]), "w_4");
	assert_string_equal(atom_name(&t, again[6]), "w_7");
	assert_ptr_equal(atom_name(&t, out[3]), atom_name(&t, out[3]));   /* made once */
	atom_t nested[2];        /* a count of a counted name (made already, or not) */
	assert_true(atom_intern_counted(&t, out[0], 2, nested));
	atom_t nested2[1];
	assert_true(atom_intern_counted(&t, out[3], 1, nested2));   /* w_4: made above */
	assert_int_equal(atom_find(&t, "w_4_1"), nested2[0]);
	assert_string_equal(atom_name(&t, nested[1]), "w_1_2");
	assert_int_equal(atom_find(&t, "w_1_2"), nested[1]);
	char buf[4];
	atom_prefix(&t, again[5], buf, sizeof buf);     /* never made: cut */
	assert_string_equal(buf, "w_6");
	atom_free(&t);
}

/* A long stem with a count is not copied per name while loading (1000
** copies of a 100 kB name would be 100 MB): names are made when asked. */
static void test_long_counted_name(void **state)
{
	(void)state;
	size_t len = 100000;
	char *json = malloc(len + 256);
	assert_non_null(json);
	int k = snprintf(json, 64, "{\"processes\": [{\"name\": \"");
	memset(json + k, 'x', len);
	snprintf(json + k + len, 192, "\", \"count\": 1000, \"program\": []}]}");
	struct scenario *s = load_text(json);
	assert_int_equal(s->procs[0].nnames, 1000);
	for (uint32_t i = 0; i < 1000; i++)   /* no name made while loading */
		assert_null(atomic_load(&s->atoms.names[s->procs[0].names[i]]));
	assert_int_equal(atom_length(&s->atoms, s->procs[0].names[999]), len + 5);
	const char *name = atom_name(&s->atoms, s->procs[0].names[999]);
	assert_int_equal(strlen(name), len + 5);
	assert_string_equal(name + len, "_1000");
	sim_scenario_free(s);
	free(json);
}

static void test_diag_cap(void **state)
{
	(void)state;
	struct sim_diag d;
	sim_diag_init(&d);
	for (int i = 0; i < SIM_DIAG_MAX; i++)
		sim_diag_add(&d, "error %d", i);
	assert_int_equal(d.n, SIM_DIAG_MAX);
	sim_diag_add(&d, "one too many");
	assert_int_equal(d.n, SIM_DIAG_MAX + 1);
	assert_string_equal(d.msgs[SIM_DIAG_MAX], "... and 1 more error");
	for (int i = 0; i < 41; i++)
		sim_diag_add(&d, "more");
	assert_int_equal(d.n, SIM_DIAG_MAX + 1);
	assert_string_equal(d.msgs[0], "error 0");
	assert_string_equal(d.msgs[SIM_DIAG_MAX - 1], "error 99");
	assert_string_equal(d.msgs[SIM_DIAG_MAX], "... and 42 more errors");
	sim_diag_free(&d);
	assert_int_equal(d.n, 0);
	assert_null(d.msgs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_defaults),
		cmocka_unit_test(test_config_given),
		cmocka_unit_test(test_config_functions),
		cmocka_unit_test(test_config_override),
		cmocka_unit_test(test_seed_exact),
		cmocka_unit_test(test_count_expansion),
		cmocka_unit_test(test_template_inheritance),
		cmocka_unit_test(test_supervisor_nesting),
		cmocka_unit_test(test_ops),
		cmocka_unit_test(test_empty_bodies),
		cmocka_unit_test(test_spawn_names),
		cmocka_unit_test(test_targets_forward),
		cmocka_unit_test(test_timeline_sorted),
		cmocka_unit_test(test_notes_when),
		cmocka_unit_test(test_lenient_numbers_and_text),
		cmocka_unit_test(test_load_file_and_default),
		cmocka_unit_test(test_match_json),
		cmocka_unit_test(test_term_print),
		cmocka_unit_test(test_atoms),
		cmocka_unit_test(test_counted_atoms),
		cmocka_unit_test(test_long_counted_name),
		cmocka_unit_test(test_diag_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
