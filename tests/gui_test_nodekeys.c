/* gui_test_nodekeys.c - N + a digit without a window (issue 16): N shows
** the hint, N 2 takes node b down now and N 2 again brings it up (its
** processes booted), both kept in the history (a step back before the
** command and forward again replays it), compare mode takes the node
** down in both panes, and where nothing can happen (no such node, no
** nodes at all, the run ended) a message says why and nothing changes.
** Compare mode draws each pane's nodes as frames of its own lanes, and
** groups each pane's timeline rows by node. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app.h"
#include "gui_support.h"
#include "support.h"

/* Nodes a, b, c; victim on b, plain (linked to it) and nodewatch on a;
** ticker keeps a busy so that every tick is a step. */
static const char nodes_json[] =
	"{\"config\":{\"nodes\":[{\"name\":\"a\",\"schedulers\":2},{\"name\":\"b\"},{\"name\":\"c\"}],"
	"\"net\":{\"latency\":10}},\"processes\":["
	"{\"name\":\"victim\",\"node\":\"b\",\"program\":[{\"op\":\"receive\"}]},"
	"{\"name\":\"plain\",\"program\":[{\"op\":\"link\",\"to\":\"victim\"},{\"op\":\"receive\"}]},"
	"{\"name\":\"nodewatch\",\"program\":[{\"op\":\"monitor_node\",\"node\":\"b\"},"
	"{\"op\":\"receive\"}]},"
	"{\"name\":\"ticker\",\"program\":[{\"op\":\"work\",\"reductions\":200}]}]}";

static char path[64];

static void open_at(struct app_fixture *f, const char *json, const char *compare, uint64_t tick)
{
	temp_scenario(path, json);
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = path;
	o.compare = compare;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, GUI_TEST_W, GUI_TEST_H);
	while (sim_now(f->a->ses[0].sim) < tick)
		app_step(f->a, false);
	assert_int_equal(sim_now(f->a->ses[0].sim), tick);
}

static void close_app(struct app_fixture *f)
{
	app_fixture_close(f);
	unlink(path);
}

static bool node_up(const struct app *a, int pane, uint32_t node)
{
	struct sim_node_view v;
	assert_true(sim_node_view(a->ses[pane].sim, node, &v));
	return v.up;
}

static bool said(const struct app *a, const char *part)
{
	for (int i = 0; i < a->view.nmsgs; i++)
		if (strstr(a->view.msgs[i], part))
			return true;
	return false;
}

static void n_then_2_takes_b_down_and_up(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_at(&f, nodes_json, NULL, 40);
	struct app *a = f.a;
	app_key(a, KEY_NODE);
	assert_true(a->node_armed);
	assert_true(said(a, "N + 1..3: take a node down / bring it up"));
	assert_true(said(a, "2 b@beamsim (up)"));
	app_digit(a, 2);
	assert_false(a->node_armed);
	assert_int_equal(a->view.nmsgs, 0);          /* the hint is answered */
	assert_false(node_up(a, 0, 1));
	assert_true(node_up(a, 0, 0));
	const sim *s = a->ses[0].sim;
	assert_string_equal(reason_of(s, "victim"), "halted");   /* gone with b */
	assert_string_equal(reason_of(s, "plain"), "noconnection");
	assert_int_equal(a->ses[0].ncmds, 1);
	assert_int_equal(a->ses[0].cmds[0].kind, SESSION_NODE_DOWN);
	/* history: back before the command, the node is up; forward, it is
	** down again since tick 40 */
	app_key(a, KEY_STEP);
	app_key(a, KEY_BACK);
	app_key(a, KEY_BACK);
	assert_int_equal(sim_now(a->ses[0].sim), 39);
	assert_true(node_up(a, 0, 1));
	assert_string_equal(reason_of(a->ses[0].sim, "victim"), "alive");
	app_key(a, KEY_STEP);
	app_key(a, KEY_STEP);
	assert_int_equal(sim_now(a->ses[0].sim), 41);
	assert_false(node_up(a, 0, 1));
	uint64_t tick;
	bool up;
	assert_true(sim_node_change(a->ses[0].sim, 1, 0, &tick, &up));
	assert_int_equal(tick, 40);
	assert_string_equal(reason_of(a->ses[0].sim, "victim"), "halted");
	assert_string_equal(reason_of(a->ses[0].sim, "plain"), "noconnection");
	/* N 2 again: b boots, victim runs again (a second incarnation) */
	app_key(a, KEY_NODE);
	assert_true(said(a, "2 b@beamsim (down)"));
	app_digit(a, 2);
	assert_true(node_up(a, 0, 1));
	assert_int_equal(incarnations(a->ses[0].sim, "victim"), 2);
	assert_string_equal(reason_of(a->ses[0].sim, "victim"), "alive");
	assert_int_equal(a->ses[0].ncmds, 2);
	assert_int_equal(a->ses[0].cmds[1].kind, SESSION_NODE_UP);
	close_app(&f);
}

/* No node 5 (nor 0): a message, nothing changes; N then another key
** disarms, so a digit after it is not a node. */
static void what_n_refuses(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_at(&f, nodes_json, NULL, 20);
	struct app *a = f.a;
	app_key(a, KEY_NODE);
	app_digit(a, 5);
	assert_true(said(a, "There is no node 5: N + 1..3 (this scenario has 3 nodes)."));
	app_key(a, KEY_NODE);
	app_digit(a, 0);
	assert_true(said(a, "There is no node 0"));
	assert_int_equal(a->ses[0].ncmds, 0);
	for (uint32_t n = 0; n < 3; n++)
		assert_true(node_up(a, 0, n));
	app_key(a, KEY_NODE);
	app_key(a, KEY_THEME);
	assert_false(a->node_armed);
	/* the run ended: nothing to take down, and the message says so */
	while (!session_ended(&a->ses[0]))
		app_step(a, false);
	app_key(a, KEY_NODE);
	app_digit(a, 3);
	assert_true(said(a, "The run has ended: c@beamsim cannot go down now"));
	assert_true(node_up(a, 0, 2));
	assert_int_equal(a->ses[0].ncmds, 0);
	close_app(&f);
	/* a scenario without nodes: N says so and does not arm */
	open_at(&f, "{\"processes\":[{\"name\":\"p\",\"program\":[{\"op\":\"work\","
	            "\"reductions\":100}]}]}", NULL, 3);
	app_key(f.a, KEY_NODE);
	assert_false(f.a->node_armed);
	assert_true(said(f.a, "this scenario has no nodes"));
	close_app(&f);
}

/* Compare mode: the same fault in both panes, at their tick. */
static void compare_mode_takes_it_down_in_both(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_at(&f, nodes_json, "preemption=reductions,cooperative", 30);
	struct app *a = f.a;
	assert_int_equal(a->npanes, 2);
	app_key(a, KEY_NODE);
	app_digit(a, 2);
	for (int i = 0; i < 2; i++) {
		assert_false(node_up(a, i, 1));
		assert_string_equal(reason_of(a->ses[i].sim, "victim"), "halted");
		assert_int_equal(a->ses[i].ncmds, 1);
	}
	close_app(&f);
}

static bool inside(struct lrect in, struct lrect out)
{
	return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
	       in.y + in.h <= out.y + out.h;
}

static bool meet(struct lrect a, struct lrect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Compare mode: each pane frames its own lanes by node (two schedulers
** each: a S1-S2, b S3-S4, c S5-S6), inside that pane, and separates its timeline rows by node. */
static void compare_mode_frames_each_pane(void **state)
{
	(void)state;
	static struct app_fixture f;
	open_at(&f, nodes_json, "preemption=reductions,cooperative", 30);
	render_frame(f.r, &f.c, &f.a->view);
	for (int p = 0; p < 2; p++) {
		const struct nodes_pane *np = &f.r->nodes[p];
		const struct layout_pane *lp = &f.r->lay.pane[p];
		assert_int_equal(np->n, 3);
		assert_int_equal(lp->nlanes, 6);
		for (int k = 0; k < 3; k++) {
			assert_true(inside(np->frame[k], lp->lanes));
			assert_false(meet(np->frame[k], f.r->lay.pane[1 - p].pane));
			for (int j = k + 1; j < 3; j++)
				assert_false(meet(np->frame[k], np->frame[j]));
		}
		for (int i = 0; i < 6; i++)
			assert_int_equal(nodes_of_lane(np, i), i / 2);
		for (int k = 0; k < 2; k++) {
			assert_true(np->tl_sep[k] > lp->timeline.y);
			assert_true(np->tl_sep[k] < lp->timeline.y + lp->timeline.h);
		}
		assert_int_equal(np->tl_sep[2], -1);
	}
	close_app(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(n_then_2_takes_b_down_and_up),
		cmocka_unit_test(what_n_refuses),
		cmocka_unit_test(compare_mode_takes_it_down_in_both),
		cmocka_unit_test(compare_mode_frames_each_pane),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
