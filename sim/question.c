/*
** question.c - the questions notes carry: "ask", "choices", "answer",
** "explain" (docs/scenario-format.md, "Questions"), read into struct
** question with every value in the canonical text form of sim.h, and the
** public sim_scenario_question view.
**
** Names a question uses ("of", "among", a runs_next or first_to_finish
** choice) are checked like every other process name of the file
** (scn_ref: unknown names get a did-you-mean once all names are known).
*/
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const kind_names[SIM_Q_KIND_COUNT] = {
	[SIM_Q_TEXT] = "text", [SIM_Q_EXIT_REASON] = "exit_reason",
	[SIM_Q_EXIT_TICK] = "exit_tick", [SIM_Q_ALIVE_AT_END] = "alive_at_end",
	[SIM_Q_RUNS_NEXT] = "runs_next", [SIM_Q_RESTARTS] = "restarts",
	[SIM_Q_RECEIVE_ORDER] = "receive_order", [SIM_Q_FIRST_TO_FINISH] = "first_to_finish",
	[SIM_Q_FINISH_TICK] = "finish_tick",
};

const char *sim_question_kind_name(enum sim_question_kind k)
{
	return (unsigned)k < SIM_Q_KIND_COUNT ? kind_names[k] : "?";
}

/* The keys an "ask" object of each kind needs besides "kind" (and the
** optional "text"). */
static bool needs_of(enum sim_question_kind k)
{
	return k == SIM_Q_EXIT_REASON || k == SIM_Q_EXIT_TICK || k == SIM_Q_RESTARTS ||
	       k == SIM_Q_RECEIVE_ORDER;
}

static bool needs_among(enum sim_question_kind k)
{
	return k == SIM_Q_ALIVE_AT_END || k == SIM_Q_FIRST_TO_FINISH;
}

/* "a, b and c" of the names. */
static void add_list(struct scn_str *b, char *const *names, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		scn_str_add(b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", names[i]);
}

/* The default wording of a computed question. */
static char *default_text(struct scn_loader *L, const struct question *q)
{
	struct scn_str b = {0};
	switch (q->kind) {
	case SIM_Q_EXIT_REASON: scn_str_add(&b, "With which reason does %s exit?", q->of); break;
	case SIM_Q_EXIT_TICK: scn_str_add(&b, "At which tick does %s exit?", q->of); break;
	case SIM_Q_RESTARTS:
		scn_str_add(&b, "How many children does the supervisor %s restart?", q->of);
		break;
	case SIM_Q_RECEIVE_ORDER:
		scn_str_add(&b, "Which messages does %s take from its mailbox, in order?", q->of);
		break;
	case SIM_Q_RUNS_NEXT:
		scn_str_add(&b, "Which process does scheduler %u run next?", q->scheduler);
		break;
	case SIM_Q_ALIVE_AT_END:
		scn_str_add(&b, "Which of ");
		add_list(&b, q->among, q->namong);
		scn_str_add(&b, " are still alive when the run ends?");
		break;
	case SIM_Q_FIRST_TO_FINISH:
		scn_str_add(&b, "Which of ");
		add_list(&b, q->among, q->namong);
		scn_str_add(&b, " exits first?");
		break;
	default: scn_str_add(&b, "At which tick does the run end?"); break;
	}
	if (b.oom)
		L->oom = true;
	char *t = b.oom ? NULL : scn_strdup(L, b.s);
	free(b.s);
	return t ? t : scn_strdup(L, "?");
}

/* A name of `among`: its index, or -1. */
static int among_index(const struct question *q, const char *name)
{
	for (uint32_t i = 0; i < q->namong; i++)
		if (strcmp(q->among[i], name) == 0)
			return (int)i;
	return -1;
}

/* A process name the question uses, checked once all names are known. */
static bool read_name(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      char **out)
{
	const char *name;
	if (!scn_get_name(L, v, p, &name))
		return false;
	atom_t a = scn_intern(L, name);
	if (a != ATOM_NONE)
		scn_ref(L, a, v, p, false);
	*out = scn_strdup(L, name);
	return *out != NULL;
}

/* "among": 1..SCN_MAX_AMONG distinct process names. */
static void read_among(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                       struct question *q)
{
	size_t n = scn_json_count(v);
	if (!cJSON_IsArray(v) || n == 0 || n > SCN_MAX_AMONG) {
		scn_err_type(L, v, p, "an array of 1 to 16 process names");
		return;
	}
	q->among = scn_alloc(L, n, sizeof *q->among);
	uint32_t i = 0;
	for (const cJSON *c = v->child; c && q->among; c = c->next, i++) {
		char *name = NULL;
		if (!read_name(L, c, SCN_INDEX(p, i), &name))
			continue;
		if (among_index(q, name) >= 0)
			scn_err(L, c, SCN_INDEX(p, i), "'%s' is named twice", scn_show(L, name));
		else
			q->among[q->namong++] = name;
	}
}

/* "ask": {"kind": K, "of": NAME | "among": [...] | "scheduler": S, "text": T}. */
static void read_ask(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                     struct question *q)
{
	static const char *const keys[] = {"kind", "text", "of", "among", "scheduler"};
	int kind;
	const cJSON *k = scn_require(L, v, p, "kind");
	scn_check_keys(L, v, p, keys, COUNT(keys));
	if (!k || !scn_get_enum(L, k, SCN_KEY(p, "kind"), kind_names + 1, SIM_Q_KIND_COUNT - 1,
	                        &kind))
		return;
	q->kind = (enum sim_question_kind)(kind + 1);
	const cJSON *of = scn_field(v, "of"), *among = scn_field(v, "among");
	const cJSON *sc = scn_field(v, "scheduler"), *t = scn_field(v, "text");
	const char *what = needs_of(q->kind) ? "of" : needs_among(q->kind) ? "among" :
	                   q->kind == SIM_Q_RUNS_NEXT ? "scheduler" : NULL;
	const cJSON *extra[] = {of, among, sc};
	const char *extra_key[] = {"of", "among", "scheduler"};
	for (size_t i = 0; i < COUNT(extra); i++)
		if (extra[i] && (!what || strcmp(what, extra_key[i]) != 0))
			scn_err(L, extra[i], SCN_KEY(p, extra_key[i]), "a %s question has no \"%s\"",
			        kind_names[q->kind], extra_key[i]);
	if (what && !scn_require(L, v, p, what))
		return;
	if (needs_of(q->kind))
		read_name(L, of, SCN_KEY(p, "of"), &q->of);
	else if (needs_among(q->kind))
		read_among(L, among, SCN_KEY(p, "among"), q);
	else if (sc) {
		uint64_t n = 0;
		if (scn_get_uint(L, sc, SCN_KEY(p, "scheduler"), 1, SIM_MAX_SCHEDULERS, &n) &&
		    n > L->s->config.schedulers)
			scn_err(L, sc, SCN_KEY(p, "scheduler"), "scheduler %llu, but the file's config has "
			        "%u (schedulers are numbered from 1)", (unsigned long long)n,
			        L->s->config.schedulers);
		q->scheduler = (uint32_t)n;
	}
	const char *text;
	if (t && scn_get_string(L, t, SCN_KEY(p, "text"), &text))
		q->text = scn_strdup(L, text);
}

/* Appends the canonical text of one message value (compact JSON). */
static bool add_json(struct scn_loader *L, struct scn_str *b, const cJSON *v)
{
	char *j = cJSON_PrintUnformatted(v);
	if (!j) {
		L->oom = true;
		return false;
	}
	scn_str_add(b, "%s", j);
	cJSON_free(j);
	return true;
}

/* The canonical text of a list answer (alive_at_end, receive_order); NULL
** after reporting an error. */
static char *canon_list(struct scn_loader *L, const struct question *q, const cJSON *v,
                        const struct scn_path *p)
{
	bool alive = q->kind == SIM_Q_ALIVE_AT_END;
	if (!cJSON_IsArray(v)) {
		scn_err_type(L, v, p, alive ? "an array of names of \"among\" ([] for none)" :
		                              "an array of messages in order ([] for none)");
		return NULL;
	}
	struct scn_str b = {0};
	bool ok = true, seen[SCN_MAX_AMONG] = {false};
	uint32_t i = 0;
	for (const cJSON *c = v->child; c && ok; c = c->next, i++) {
		int k = alive && cJSON_IsString(c) ? among_index(q, c->valuestring) : 0;
		if (alive && (k < 0 || !cJSON_IsString(c) || seen[k])) {
			scn_err(L, c, SCN_INDEX(p, i), "expected a name of \"among\", once each");
			ok = false;
		} else if (alive) {
			seen[k] = true;
		} else {
			scn_str_add(&b, "%s", i ? ", " : "");
			ok = add_json(L, &b, c);
		}
	}
	for (uint32_t k = 0; alive && ok && k < q->namong; k++)
		if (seen[k])
			scn_str_add(&b, "%s%s", b.n ? ", " : "", q->among[k]);
	if (ok && !b.oom && b.n == 0)
		scn_str_add(&b, "none");
	L->oom |= b.oom;
	char *out = ok && !b.oom ? scn_strdup(L, b.s) : NULL;
	free(b.s);
	return out;
}

/* The canonical text of an answer or choice v of q (sim.h); NULL after
** reporting an error. */
static char *canon(struct scn_loader *L, const struct question *q, const cJSON *v,
                   const struct scn_path *p)
{
	char num[24];
	if (cJSON_IsString(v) && strcmp(v->valuestring, "none") == 0 && q->kind != SIM_Q_TEXT)
		return scn_strdup(L, "none");
	switch (q->kind) {
	case SIM_Q_ALIVE_AT_END:
	case SIM_Q_RECEIVE_ORDER:
		return canon_list(L, q, v, p);
	case SIM_Q_EXIT_TICK:
	case SIM_Q_RESTARTS:
	case SIM_Q_FINISH_TICK: {
		uint64_t n;
		if (!scn_get_uint(L, v, p, 0, UINT64_MAX, &n))
			return NULL;
		snprintf(num, sizeof num, "%llu", (unsigned long long)n);
		return scn_strdup(L, num);
	}
	case SIM_Q_RUNS_NEXT:
	case SIM_Q_FIRST_TO_FINISH: {
		char *name = NULL;
		if (!read_name(L, v, p, &name))
			return NULL;
		if (q->kind == SIM_Q_FIRST_TO_FINISH && among_index(q, name) < 0) {
			scn_err(L, v, p, "'%s' is not one of \"among\"", scn_show(L, name));
			return NULL;
		}
		return name;
	}
	case SIM_Q_TEXT:
		if (cJSON_IsNumber(v)) {
			struct scn_str b = {0};
			char *out = add_json(L, &b, v) && !b.oom ? scn_strdup(L, b.s) : NULL;
			free(b.s);
			return out;
		}
		/* fall through */
	default: {
		const char *s;
		if (!cJSON_IsString(v) || !v->valuestring[0]) {
			scn_err_type(L, v, p, q->kind == SIM_Q_TEXT ? "a non-empty string or a number" :
			                                               "a non-empty string");
			return NULL;
		}
		s = v->valuestring;
		return scn_strdup(L, s);
	}
	}
}

/* "choices": 2..SCN_MAX_CHOICES distinct answers. */
static void read_choices(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                         struct question *q)
{
	size_t n = scn_json_count(v);
	if (!cJSON_IsArray(v) || n < 2 || n > SCN_MAX_CHOICES) {
		scn_err_type(L, v, p, "an array of 2 to 9 choices");
		return;
	}
	q->choices = scn_alloc(L, n, sizeof *q->choices);
	uint32_t i = 0;
	for (const cJSON *c = v->child; c && q->choices; c = c->next, i++) {
		char *t = canon(L, q, c, SCN_INDEX(p, i));
		if (!t)
			continue;
		for (uint32_t j = 0; j < q->nchoices; j++)
			if (strcmp(q->choices[j], t) == 0) {
				scn_err(L, c, SCN_INDEX(p, i), "the same choice as choices[%u] ('%s')", j,
				        scn_show(L, t));
				t = NULL;
				break;
			}
		if (t)
			q->choices[q->nchoices++] = t;
	}
}

/* "answer" (one of the choices when there are choices) and "explain". */
static void read_answer(struct scn_loader *L, const cJSON *c, const struct scn_path *p,
                        struct question *q)
{
	const cJSON *a = scn_field(c, "answer"), *e = scn_field(c, "explain");
	const char *text;
	if (e && scn_get_string(L, e, SCN_KEY(p, "explain"), &text))
		q->explain = scn_strdup(L, text);
	if (!a || !(q->answer = canon(L, q, a, SCN_KEY(p, "answer"))) || !q->nchoices)
		return;
	for (uint32_t i = 0; i < q->nchoices; i++)
		if (strcmp(q->choices[i], q->answer) == 0)
			return;
	struct scn_str b = {0};
	for (uint32_t i = 0; i < q->nchoices; i++)
		scn_str_add(&b, "%s'%s'", i ? ", " : "", q->choices[i]);
	if (b.oom)
		L->oom = true;
	else
		scn_err(L, a, SCN_KEY(p, "answer"), "'%s' is not one of the choices (%s)",
		        scn_show(L, q->answer), b.s);
	free(b.s);
}

void scn_read_question(struct scn_loader *L, const cJSON *c, const struct scn_path *p,
                       struct note *note)
{
	static const char *const extra[] = {"choices", "answer", "explain"};
	const cJSON *ask = scn_field(c, "ask");
	if (!ask) {
		for (size_t i = 0; i < COUNT(extra); i++)
			if (scn_field(c, extra[i]))
				scn_err(L, scn_field(c, extra[i]), p, "\"%s\" belongs to a question: the note "
				        "needs \"ask\"", extra[i]);
		return;
	}
	struct question *q = scn_alloc(L, 1, sizeof *q);
	if (!q)
		return;
	const struct scn_path *ap = SCN_KEY(p, "ask");
	const char *text;
	if (cJSON_IsObject(ask))
		read_ask(L, ask, ap, q);
	else if (cJSON_IsString(ask) && ask->valuestring[0] && scn_get_string(L, ask, ap, &text))
		q->text = scn_strdup(L, text);
	else
		scn_err_type(L, ask, ap, "a question (a non-empty string) or {\"kind\": K, ...}");
	if (!q->text)
		q->text = default_text(L, q);
	if (scn_field(c, "choices"))
		read_choices(L, scn_field(c, "choices"), SCN_KEY(p, "choices"), q);
	read_answer(L, c, p, q);
	q->path = scn_path_string(L, p);
	if (q->path) {   /* scn_path_string's string is malloc'd: keep it in the arena */
		char *kept = scn_strdup(L, q->path);
		free(q->path);
		q->path = kept;
	}
	note->q = q;
}

void scn_index_questions(struct scn_loader *L)
{
	struct scenario *s = L->s;
	uint32_t n = 0;
	for (uint32_t i = 0; i < s->nnotes; i++)
		n += s->notes[i].q != NULL;
	if (n > SCN_MAX_QUESTIONS) {
		scn_err(L, NULL, SCN_KEY(NULL, "notes"), "%u questions; a file may ask at most %d", n,
		        SCN_MAX_QUESTIONS);
		return;
	}
	s->question_notes = scn_alloc(L, n, sizeof *s->question_notes);
	for (uint32_t i = 0; i < s->nnotes && s->question_notes; i++)
		if (s->notes[i].q)
			s->question_notes[s->nquestions++] = i;
}

size_t sim_scenario_question_count(const sim_scenario *s)
{
	return s->nquestions;
}

bool sim_scenario_question(const sim_scenario *s, size_t i, struct sim_question *out)
{
	if (i >= s->nquestions)
		return false;
	const struct question *q = s->notes[s->question_notes[i]].q;
	*out = (struct sim_question){
		.note = s->question_notes[i], .path = q->path ? q->path : "notes", .kind = q->kind,
		.text = q->text, .choices = (const char *const *)q->choices, .nchoices = q->nchoices,
		.answer = q->answer, .explain = q->explain, .of = q->of,
		.among = (const char *const *)q->among, .namong = q->namong, .scheduler = q->scheduler,
	};
	return true;
}
