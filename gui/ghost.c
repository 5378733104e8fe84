/* ghost.c - processes that just ended, from the engine state; see ghost.h. */
#include "ghost.h"

#include <string.h>

#include "draw.h"

static const char *blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

/* The end of the one JSON value at s (a string, a word or number, or a
** whole array or object, nested), or NULL when the text ends first. */
static const char *skip_value(const char *s)
{
	int depth = 0;
	for (;;) {
		s = blank(s);
		if (*s == '"') {
			for (s++; *s && *s != '"'; s++)
				if (*s == '\\' && s[1])
					s++;
			if (!*s)
				return NULL;
			s++;
		} else if (*s == '[' || *s == '{') {
			depth++;
			s++;
			continue;
		} else if (*s == ']' || *s == '}') {
			if (--depth < 0)
				return NULL;
			s++;
		} else if ((*s == ',' || *s == ':') && depth > 0) {
			s++;
			continue;
		} else if (*s && *s != ',' && *s != ':') {
			while (*s && !strchr(" \t\r\n,:[]{}\"", *s))
				s++;
		} else {
			return NULL;
		}
		if (depth == 0)
			return s;
	}
}

/* A reason {shutdown, Term}: as the engine writes tuples, the text
** ["shutdown",TERM] (also accepted: {shutdown, TERM}), exactly two
** elements, the first the atom shutdown. */
static bool shutdown_pair(const char *r)
{
	r = blank(r);
	char close = *r == '[' ? ']' : *r == '{' ? '}' : '\0';
	if (!close)
		return false;
	r = blank(r + 1);
	if (strncmp(r, "\"shutdown\"", 10) == 0)
		r += 10;
	else if (strncmp(r, "shutdown", 8) == 0)
		r += 8;
	else
		return false;
	r = blank(r);
	if (*r != ',')
		return false;
	r = skip_value(r + 1);
	if (!r || *(r = blank(r)) != close)
		return false;
	return *blank(r + 1) == '\0';
}

/* As OTP's supervisor and proc_lib: normal, shutdown and {shutdown, _}
** are clean ends (not reported as crashes); anything else is not. */
enum ghost_end ghost_end_of(const char *reason)
{
	if (!reason || strcmp(reason, "normal") == 0)
		return END_NORMAL;
	if (strcmp(reason, "shutdown") == 0 || shutdown_pair(reason))
		return END_SHUTDOWN;
	return END_CRASH;
}

uint32_t ghost_end_color(enum ghost_end e)
{
	switch (e) {
	case END_SHUTDOWN: return DRAW_BLUE;
	case END_CRASH: return DRAW_CRASH;
	default: return DRAW_GREY;
	}
}

const char *ghost_end_label(enum ghost_end e)
{
	switch (e) {
	case END_SHUTDOWN: return "shutdown";
	case END_CRASH: return "crashed/killed";
	default: return "normal";
	}
}

/* The scheduler pid ran on when it stopped at tick t (its last Gantt run
** ends then), or -1 when it was not running. */
static int32_t died_on(const struct session *s, uint32_t pid, uint64_t t)
{
	for (size_t k = session_runs_after(s, t ? t - 1 : 0); k < s->nruns; k++) {
		const struct gantt_run *g = &s->runs[k];
		if (g->end > t)
			break;
		if (g->pid == pid && g->end == t)
			return (int32_t)g->sched;
	}
	return -1;
}

static bool newer(const struct ghost *a, const struct ghost *b)
{
	return a->tick > b->tick || (a->tick == b->tick && a->pid > b->pid);
}

/* Inserts g keeping the set ordered most recent first (ties: higher pid
** first), dropping the oldest past GHOST_MAX. */
static void insert(struct ghost_set *gs, const struct ghost *g)
{
	if (gs->n == GHOST_MAX && !newer(g, &gs->g[GHOST_MAX - 1]))
		return;
	int k = gs->n < GHOST_MAX ? gs->n++ : GHOST_MAX - 1;
	while (k > 0 && newer(g, &gs->g[k - 1])) {
		gs->g[k] = gs->g[k - 1];
		k--;
	}
	gs->g[k] = *g;
}

void ghost_collect(struct ghost_set *gs, const struct session *s)
{
	if (gs->ses == s && gs->stamp == s->stamp)
		return;
	gs->ses = s;
	gs->stamp = s->stamp;
	gs->n = 0;
	uint64_t now = sim_now(s->sim);
	struct sim_proc_view pv;
	for (uint32_t pid = sim_proc_next_resident(s->sim, 1); pid;
	     pid = sim_proc_next_resident(s->sim, pid + 1)) {
		if (!sim_proc_view(s->sim, pid, &pv) || pv.state != SIM_PROC_EXITED)
			continue;
		enum ghost_end e = ghost_end_of(pv.exit_reason);   /* halted: NULL, normal's grey */
		if ((e == END_NORMAL && !pv.halted) || pv.exit_tick > now || now - pv.exit_tick > GHOST_TICKS)
			continue;
		struct sim_node_view nv = { 0 };
		if (pv.halted)
			sim_node_view(s->sim, pv.loc.node, &nv);
		struct ghost g = { pid, pv.exit_tick, died_on(s, pid, pv.exit_tick), e, pv.name,
		                   pv.exit_reason, pv.halted ? (nv.name ? nv.name : "?") : NULL };
		insert(gs, &g);
	}
}
