/*
** appnode.c - the keys N + a digit: live fault injection on the nodes of
** config.nodes (issue 16).  N arms; the next key, if it is a digit k in
** 1 .. 9, takes node k (file order) down when it is up and brings it up
** when it is down, at the current tick, in every pane (compare mode runs
** the same fault on both), kept in each session's history as a K kill is
** (session_node).  Any other key disarms.  Where nothing can happen (no
** nodes, no such node, the run ended) a message says why.  See app.h.
*/
#include <stdio.h>

#include "app.h"

/* The hint N shows: the keys and the nodes they take (at most 9). */
static void hint(struct app *a, size_t n)
{
	const sim *s = a->ses[0].sim;
	char list[200] = "";
	size_t len = 0;
	for (uint32_t i = 0; i < n && i < 9 && len < sizeof list; i++) {
		struct sim_node_view v;
		sim_node_view(s, i, &v);
		int w = snprintf(list + len, sizeof list - len, "%s%u %s (%s)", i ? ", " : "", i + 1,
		                 v.host, v.up ? "up" : "down");
		len += w > 0 ? (size_t)w : 0;
	}
	app_message(a, false, "N + 1..%zu: take a node down / bring it up", n < 9 ? n : 9);
	app_message(a, false, "%s", list);
}

void app_node_arm(struct app *a)
{
	size_t n = sim_node_count(a->ses[0].sim);
	a->node_armed = n > 0;
	a->view.nmsgs = 0;
	if (n == 0)
		app_message(a, false, "N takes a node down or up: this scenario has no nodes "
		                      "(config.nodes).");
	else
		hint(a, n);
}

/* Node k - 1 down (when up in pane 0) or up in every pane; the message
** when no pane could. */
static void toggle(struct app *a, uint32_t node)
{
	struct sim_node_view v;
	sim_node_view(a->ses[0].sim, node, &v);
	bool up = !v.up, any = false;
	for (int i = 0; i < a->npanes; i++) {
		if (!session_node(&a->ses[i], node, up))
			continue;
		any = true;
		size_t n;
		const struct sim_event *ev = sim_events(a->ses[i].sim, &n);
		anim_end_step(&a->anim[i], ev, n, false);   /* the ghosts of its processes */
	}
	if (!any)
		app_message(a, false, "The run has ended: %s cannot go %s now (Home restarts).",
		            v.host, up ? "up" : "down");
}

bool app_node_digit(struct app *a, int d)
{
	if (!a->node_armed)
		return false;
	a->node_armed = false;
	a->view.nmsgs = 0;                    /* the hint is answered */
	size_t n = sim_node_count(a->ses[0].sim);
	if (d < 1 || (size_t)d > n) {
		app_message(a, false, "There is no node %d: N + 1..%zu (this scenario has %zu node%s).",
		            d, n < 9 ? n : 9, n, n == 1 ? "" : "s");
		return true;
	}
	toggle(a, (uint32_t)(d - 1));
	return true;
}
