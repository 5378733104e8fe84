/*
** gui_test_nodes.c - the window's nodes (issue 16), drawn headless at
** 1280x720 from tests/data/gui_nodes_*.json: a frame per node around its
** lanes where the layout puts them, the grey of a node that is down
** exactly while the engine says it is down (also after a step back), the
** partition's cut exactly while the groups differ, a message in flight
** between the frames at the place its sent and due ticks give, the marks
** of nodedown / noconnection on the processes that got them, and a
** one-node run laid out exactly as before.  With three nodes (the lesson
** failover): a message between the first and the third goes around the
** middle frame, never across it; the running boxes show their names at
** 1280x720; the timeline's rows are grouped by node; and no mark's tag
** covers another.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render.h"
#include "sidegroup.h"

#include "gui_support.h"
#include "support.h"

static struct text_rec rec[4096];
static size_t nrec;

/* Opens scenarios/NAME (or tests/data/NAME with a "../tests/data/" prefix). */
static void open_sized(struct pane_fixture *f, const char *name, int w, int h);

static void open_file(struct pane_fixture *f, const char *name)
{
	open_sized(f, name, 1280, 720);
}

/* The same on a w x h canvas. */
static void open_sized(struct pane_fixture *f, const char *name, int w, int h)
{
	memset(f, 0, sizeof *f);
	char path[512];
	scenario_file(path, sizeof path, name);
	sim_scenario *scn = load_path(path);
	struct sim_config cfg = sim_scenario_config(scn);
	assert_true(session_init(&f->ses, scn, &cfg, name));
	pane_fixture_start(f, w, h);
	text_record(f->text, rec, 4096, &nrec);
}

static void open_data(struct pane_fixture *f, const char *name)
{
	char rel[128];
	snprintf(rel, sizeof rel, "../tests/data/%s", name);
	open_file(f, rel);
}

static void close_data(struct pane_fixture *f)
{
	text_record(f->text, NULL, 0, NULL);
	pane_fixture_close(f);
}

static void draw(struct pane_fixture *f)
{
	nrec = 0;
	render_frame(f->r, &f->c, &f->view);
	assert_true(nrec <= 4096);
}

/* To the first tick >= tick the run reaches (an idle run jumps), drawn. */
static uint64_t seek(struct pane_fixture *f, uint64_t tick)
{
	session_seek(&f->ses, tick);
	draw(f);
	return sim_now(f->ses.sim);
}

/* One step further, drawn; false at the end or past tick `last`. */
static bool next(struct pane_fixture *f, uint64_t last)
{
	if (!session_step(&f->ses) || sim_now(f->ses.sim) > last)
		return false;
	draw(f);
	return true;
}

/* A text containing s was drawn inside r (NULL r: anywhere). */
static bool said(const char *s, const struct lrect *r)
{
	for (size_t i = 0; i < nrec; i++)
		if (strstr(rec[i].s, s) && (!r || layout_contains(*r, rec[i].x, rec[i].y)))
			return true;
	return false;
}

/* How many pixels of b are drawn in colour col (as the canvas's theme draws it). */
static int pixels_of(const struct pane_fixture *f, struct lrect b, uint32_t col)
{
	uint32_t want = draw_color(&f->c, col);
	int n = 0;
	for (int i = 0; i < b.w * b.h; i++)
		n += draw_pixel(&f->c, b.x + i % b.w, b.y + i / b.w) == want;
	return n;
}

static bool has_color(const struct pane_fixture *f, struct lrect b, uint32_t col)
{
	return pixels_of(f, b, col) > 0;
}

/* Frames stacked in node order, each holding exactly its nodes' lanes
** under its title, a band between them, all inside the pane's lanes. */
static void frames_hold_their_lanes(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_data(&f, "gui_nodes_down.json");
	draw(&f);
	const struct nodes_pane *np = &f.r->nodes[0];
	const struct layout_pane *lp = &f.r->lay.pane[0];
	assert_int_equal(np->n, 2);
	assert_int_equal(lp->nlanes, 4);
	for (int k = 0; k < 2; k++) {
		const struct lrect fr = np->frame[k];
		assert_int_equal(np->first_lane[k], 2 * k);
		assert_int_equal(np->nlanes[k], 2);
		assert_int_equal(np->title[k].y, fr.y);
		for (int i = 2 * k; i < 2 * k + 2; i++) {
			const struct lrect row = lp->lane[i].row;
			assert_true(row.y >= np->title[k].y + np->title[k].h);
			assert_true(row.y + row.h <= fr.y + fr.h);
			assert_int_equal(nodes_of_lane(np, i), k);
		}
		/* its outline, in the colour of a node that is up */
		assert_int_equal(draw_pixel(&f.c, fr.x, fr.y + fr.h / 2), draw_color(&f.c, DRAW_SKY));
		assert_true(said(k ? "b@beamsim" : "a@beamsim", &np->title[k]));
	}
	assert_int_equal(np->frame[0].y, lp->lanes.y);
	assert_int_equal(np->band[0].y, np->frame[0].y + np->frame[0].h);
	assert_int_equal(np->frame[1].y, np->band[0].y + np->band[0].h);
	assert_true(np->band[0].h > 0);
	assert_true(np->frame[1].y + np->frame[1].h <= lp->lanes.y + lp->lanes.h);
	assert_true(said("network", &np->band[0]));
	close_data(&f);
}

/* A pixel of lane i's ground that nothing else is drawn on. */
static uint32_t lane_ground(const struct pane_fixture *f, int i)
{
	const struct lrect row = f->r->lay.pane[0].lane[i].row;
	return draw_pixel(&f->c, row.x + 4, row.y + row.h - 2);
}

/* b is grey with "down since tick 150" from 150 to 319 and only then:
** stepping back before node_down takes the grey away; a stays as it was. */
static void down_node_is_grey_only_while_down(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_data(&f, "gui_nodes_down.json");
	uint32_t panel = 0;
	int grey = 0;
	seek(&f, 140);
	do {
		uint64_t t = sim_now(f.ses.sim);
		bool down = t >= 150 && t < 320;
		panel = draw_color(&f.c, DRAW_PANEL);
		assert_int_equal(lane_ground(&f, 0), panel);
		assert_int_equal(lane_ground(&f, 2) != panel, down);
		assert_int_equal(lane_ground(&f, 3) != panel, down);
		assert_int_equal(said("down since tick 150", &f.r->nodes[0].frame[1]), down);
		assert_false(said("down since", &f.r->nodes[0].frame[0]));
		grey += down;
	} while (next(&f, 330));
	assert_true(grey >= 2);
	session_restart(&f.ses);
	assert_int_equal(seek(&f, 150), 150);
	assert_true(lane_ground(&f, 2) != panel);
	assert_true(session_back(&f.ses));
	draw(&f);
	assert_int_equal(sim_now(f.ses.sim), 149);
	assert_int_equal(lane_ground(&f, 2), panel);
	assert_false(said("down since", NULL));
	close_data(&f);
}

/* The news arrives where the ties are: at 150 nodewatch gets nodedown b,
** linked (trapping) an EXIT noconnection, watcher a DOWN noconnection;
** gone again after a step back to 149. */
static void nodedown_and_noconnection_are_marked(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_data(&f, "gui_nodes_down.json");
	assert_int_equal(seek(&f, 150), 150);
	assert_true(said("nodedown b", NULL));
	assert_true(said("EXIT noconnection", NULL));
	assert_true(said("DOWN noconnection", NULL));
	seek(&f, 150 + NETMARK_TICKS + 1);
	assert_false(said("nodedown b", NULL));
	session_restart(&f.ses);
	assert_int_equal(seek(&f, 150), 150);
	assert_true(session_back(&f.ses));
	draw(&f);
	assert_int_equal(sim_now(f.ses.sim), 149);
	assert_false(said("nodedown b", NULL));
	assert_false(said("noconnection", NULL));
	close_data(&f);
}

/* The chip of `name` in the exited area, or w 0. */
static struct lrect exited_chip(const struct pane_fixture *f, const char *name)
{
	uint32_t pid = pid_of(f->ses.sim, name);
	for (int i = 0; i < f->r->nhits; i++) {
		const struct render_hit *h = &f->r->hits[i];
		if (h->pid == pid && h->kind == HIT_CHIP && h->area == AREA_EXITED)
			return h->at;
	}
	return (struct lrect){ 0, 0, 0, 0 };
}

/* b halts at 150 and db, on b, is gone with it: its chip (a ghost first,
** then a plain chip) says "gone with b" in grey, with no exit reason and
** nothing of the crashed colour; a step back before the halt shows no
** such chip. */
static void halted_chip_is_gone_with_its_node(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_data(&f, "gui_nodes_down.json");
	uint64_t ticks[] = { 150, 150 + GHOST_TICKS + 2 };
	for (int k = 0; k < 2; k++) {
		assert_true(seek(&f, ticks[k]) >= ticks[k]);      /* an idle run jumps */
		struct lrect chip = exited_chip(&f, "db");
		assert_true(chip.w > 0);
		assert_true(said("gone with b", &chip));
		assert_false(said("noconnection", &chip));
		assert_false(has_color(&f, chip, DRAW_CRASH));
	}
	session_restart(&f.ses);
	assert_int_equal(seek(&f, 150), 150);
	assert_true(session_back(&f.ses));
	draw(&f);
	assert_int_equal(sim_now(f.ses.sim), 149);
	assert_int_equal(exited_chip(&f, "db").w, 0);
	assert_false(said("gone with b", NULL));
	close_data(&f);
}

/* The cut (vermillion in the band) exactly while the groups differ. */
static void cut_only_during_the_partition(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_data(&f, "gui_nodes_split.json");
	int cut = 0;
	seek(&f, 90);
	do {
		uint64_t t = sim_now(f.ses.sim);
		bool split = sim_node_group(f.ses.sim, 0) != sim_node_group(f.ses.sim, 1);
		assert_int_equal(split, t >= 100 && t < 220);
		struct lrect band = f.r->nodes[0].band[0];
		struct lrect line = { band.x, band.y + band.h / 3, band.w / 2, band.h / 3 };
		int cut_px = pixels_of(&f, line, DRAW_VERMILLION);   /* a thick line across */
		if (split)
			assert_true(cut_px > line.w);
		else
			assert_int_equal(cut_px, 0);
		assert_int_equal(said("partition", &band), split);
		cut += split;
	} while (next(&f, 230));
	assert_true(cut >= 10);
	/* back from the partition's tick: no cut */
	session_restart(&f.ses);
	assert_int_equal(seek(&f, 100), 100);
	assert_true(session_back(&f.ses));
	draw(&f);
	assert_true(sim_now(f.ses.sim) < 100);
	assert_false(has_color(&f, f.r->nodes[0].band[0], DRAW_VERMILLION));
	close_data(&f);
}

/* Each message in flight is a dot between the frames at (now - sent) /
** (due - sent) of the way from the sender's frame edge to the receiver's;
** across the cut, a lost one stops at the cut. */
static void in_flight_at_the_ticks_place(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_data(&f, "gui_nodes_split.json");
	int checked = 0, midway = 0;
	seek(&f, 1);
	do {
		uint64_t t = sim_now(f.ses.sim);
		const struct nodes_pane *np = &f.r->nodes[0];
		struct sim_net_view nv[64];
		int ys[64], n = 0;
		for (size_t i = 0; i < sim_net_count(f.ses.sim) && n < 64; i++) {
			assert_true(sim_net_get(f.ses.sim, i, &nv[n]));
			if (nv[n].kind != SIM_NET_MESSAGE || nv[n].lost)
				continue;
			const struct lrect a = np->frame[nv[n].from_node], b = np->frame[nv[n].to_node];
			int y0 = nv[n].from_node < nv[n].to_node ? a.y + a.h : a.y;
			int y1 = nv[n].from_node < nv[n].to_node ? b.y : b.y + b.h;
			double frac = (double)(t - nv[n].sent) / (double)(nv[n].due - nv[n].sent);
			ys[n++] = y0 + (int)((y1 - y0) * frac + (y1 >= y0 ? 0.5 : -0.5));
			if (frac > 0.3 && frac < 0.7) {
				assert_true(ys[n - 1] > np->frame[0].y + np->frame[0].h);
				assert_true(ys[n - 1] < np->frame[1].y);
				midway++;
			}
		}
		for (int i = 0; i < n; i++) {
			bool alone = true;          /* a dot drawn over it may hide its middle row */
			for (int j = 0; j < n; j++)
				alone &= j == i || ys[j] - ys[i] > 20 || ys[i] - ys[j] > 20;
			struct lrect near = { np->frame[0].x, ys[i] - 1, np->frame[0].w, 3 };
			uint32_t col = render_ident_color(f.r, &f.view, 0, nv[i].from);
			if (alone) {
				assert_true(has_color(&f, near, col));
				checked++;
			}
		}
	} while (next(&f, 130));
	assert_true(checked > 20);
	assert_true(midway > 10);
	close_data(&f);
}

static bool meets(struct lrect a, struct lrect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The inside of frame k (its outline and title left out). */
static struct lrect inside(const struct nodes_pane *np, int k)
{
	const struct lrect fr = np->frame[k], t = np->title[k];
	return (struct lrect){ fr.x + 3, t.y + t.h, fr.w - 6, fr.y + fr.h - 3 - (t.y + t.h) };
}

/* gui_nodes_three: caller on a and echo on c ping-pong around b.  Each
** way between a and c goes around b's frame: no segment meets b's inside,
** the dots are never drawn there, and they pass along the trunk. */
static void around_the_middle_frame(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_data(&f, "gui_nodes_three.json");
	int around = 0, in_trunk = 0;
	seek(&f, 1);
	do {
		const struct nodes_pane *np = &f.r->nodes[0];
		assert_int_equal(np->n, 3);
		assert_true(np->trunk.w > 0);
		assert_false(meets(np->trunk, np->frame[1]));
		struct sim_net_view nv;
		for (size_t i = 0; i < sim_net_count(f.ses.sim); i++) {
			assert_true(sim_net_get(f.ses.sim, i, &nv));
			struct nodes_way w;
			if (nv.from_node + nv.to_node != 2 || nv.from_node == 1 ||
			    !nodes_way(np, nv.from_node, nv.to_node, -1, -1, NULL, &w))
				continue;
			for (int k = 1; k < w.n; k++) {
				struct lrect seg = { w.x[k] < w.x[k - 1] ? w.x[k] : w.x[k - 1],
				                     w.y[k] < w.y[k - 1] ? w.y[k] : w.y[k - 1],
				                     abs(w.x[k] - w.x[k - 1]) + 1, abs(w.y[k] - w.y[k - 1]) + 1 };
				assert_false(meets(seg, inside(np, 1)));
			}
			/* where a straight way would pass: right of the running box */
			uint32_t col = render_ident_color(f.r, &f.view, 0, nv.from);
			struct lrect in = inside(np, 1);
			int qx = f.r->lay.pane[0].lane[np->first_lane[1]].queue.x;
			in.w -= qx - in.x;
			in.x = qx;
			assert_int_equal(pixels_of(&f, in, col), 0);
			in_trunk += has_color(&f, np->trunk, col);
			around++;
		}
	} while (next(&f, 140));
	assert_true(around >= 60);
	assert_true(in_trunk >= 10);
	close_data(&f);
}

/* Vermillion pixels on the trunk beside band k's middle. */
static int trunk_cut(const struct pane_fixture *f, int k)
{
	const struct nodes_pane *np = &f->r->nodes[0];
	const struct lrect b = np->band[k], t = np->trunk;
	return pixels_of(f, (struct lrect){ t.x, b.y + b.h / 4, t.w, b.h / 2 }, DRAW_VERMILLION);
}

/* {a, c} | {b}: both bands cut, the trunk not (a and c still talk, their
** messages pass); {a} | {b, c}: the trunk cut beside the first band. */
static void trunk_cut_only_between_groups(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_data(&f, "gui_nodes_three.json");
	assert_int_equal(seek(&f, 250), 250);
	const struct nodes_pane *np = &f.r->nodes[0];
	assert_true(said("partition", &np->band[0]));
	assert_true(said("partition", &np->band[1]));
	assert_int_equal(trunk_cut(&f, 0) + trunk_cut(&f, 1), 0);
	assert_int_equal(seek(&f, 450), 450);
	assert_true(said("partition", &np->band[0]));
	assert_false(said("partition", &np->band[1]));
	assert_true(trunk_cut(&f, 0) > 0);
	assert_int_equal(trunk_cut(&f, 1), 0);
	assert_int_equal(seek(&f, 550), 550);
	assert_int_equal(trunk_cut(&f, 0) + trunk_cut(&f, 1), 0);
	close_data(&f);
}

/* failover at 1280x720: every running box shows its process's name. */
static void running_names_show(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_file(&f, "failover.json");
	int named = 0;
	seek(&f, 40);
	do {
		const struct layout_pane *lp = &f.r->lay.pane[0];
		assert_int_equal(f.r->nodes[0].n, 3);
		for (int i = 0; i < lp->nlanes; i++) {
			struct sim_sched_view sv;
			struct sim_proc_view pv;
			sim_sched_view(f.ses.sim, (uint32_t)i, &sv);
			if (!sv.running || !sim_proc_view(f.ses.sim, sv.running, &pv))
				continue;
			assert_true(said(pv.name, &lp->lane[i].running));
			named++;
		}
	} while (next(&f, 230));
	assert_true(named >= 5);
	close_data(&f);
}

/* The timeline's rows by node: node k's rows above the gap under them,
** labelled with the node's name, node k + 1's below it. */
static void timeline_grouped_by_node(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_file(&f, "failover.json");
	seek(&f, 60);
	const struct nodes_pane *np = &f.r->nodes[0];
	const struct layout_pane *lp = &f.r->lay.pane[0];
	const char *label[6] = { "a S1", "a S2", "b S3", "b S4", "c S5", "c S6" };
	for (int i = 0; i < lp->nlanes; i++) {
		const struct lrect row = lp->tl_row[i];
		int k = nodes_of_lane(np, i);
		assert_int_equal(k, i / 2);
		if (k + 1 < np->n)
			assert_true(row.y + row.h <= np->tl_sep[k] - 1);
		if (k > 0)
			assert_true(row.y >= np->tl_sep[k - 1] + 1);
		int sh = text_height(f.text, TEXT_SMALL);    /* the label is centred on the row */
		struct lrect left = { lp->timeline.x, row.y + (row.h - sh) / 2, lp->plot.x - lp->timeline.x, 1 };
		assert_true(said(label[i], &left));
	}
	for (int k = 0; k + 1 < np->n; k++) {       /* the gap: a sky line across */
		struct lrect sep = { lp->plot.x, np->tl_sep[k] - 1, lp->plot.w, 2 };
		assert_true(pixels_of(&f, sep, DRAW_SKY) > lp->plot.w / 2);
	}
	close_data(&f);
}

/* The tags recorded in this frame: no two meet. */
static int tags_apart(const char *const *words, int nwords)
{
	struct lrect t[64];
	int n = 0;
	for (size_t i = 0; i < nrec && n < 64; i++)
		for (int k = 0; k < nwords; k++)
			if (!strncmp(rec[i].s, words[k], strlen(words[k]))) {
				t[n++] = (struct lrect){ rec[i].x - 5, rec[i].y - 1, rec[i].w + 10, rec[i].h + 2 };
				break;
			}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			assert_false(meets(t[i], t[j]));
	return n;
}

/* netmarks_place: tags wider than their boxes, boxes side by side, low
** boxes: none meets another, none covers a low box's top. */
static void tags_never_overlap(void **state)
{
	(void)state;
	struct lrect box[8], out[8];
	int w[8];
	for (int i = 0; i < 8; i++) {
		box[i] = (struct lrect){ 100 + i * 104, i < 4 ? 50 : 200, 100, i < 4 ? 80 : 24 };
		w[i] = 170 + 10 * (i % 3);
	}
	netmarks_place(box, w, 22, 8, NULL, out);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(out[i].w, w[i]);
		for (int j = 0; j < i; j++)
			assert_false(meets(out[i], out[j]));
		if (box[i].h < 44)
			assert_false(meets(out[i], box[i]));    /* none over a low box (its name) */
	}
	/* drawn: the news of node_down (lesson and test data) */
	static struct pane_fixture f;
	const char *words[] = { "nodedown", "EXIT noconnection", "DOWN noconnection",
		                "killed: noconnection" };
	open_data(&f, "gui_nodes_down.json");
	assert_int_equal(seek(&f, 150), 150);
	assert_true(tags_apart(words, 4) >= 3);
	close_data(&f);
	open_file(&f, "node_down.json");
	int most = 0;
	seek(&f, 100);
	do {
		int n = tags_apart(words, 4);
		most = n > most ? n : most;
	} while (next(&f, 110));
	assert_true(most >= 3);
	close_data(&f);
}

/* Where pid is drawn as a box (pane 0). */
static bool drawn_at(const struct render *r, uint32_t pid, struct lrect *at)
{
	for (int i = 0; i < r->nhits; i++)
		if (r->hits[i].pid == pid && r->hits[i].pane == 0) {
			*at = r->hits[i].at;
			return true;
		}
	return false;
}

/* Whether recorded text i is a tag (or a signal's label, drawn over
** everything for a moment); *t the tag's rectangle. */
static bool tag_text(size_t i, struct lrect *t)
{
	static const char *const words[] = { "nodedown ", "EXIT noconnection", "DOWN noconnection",
		                             "killed: noconnection" };
	*t = (struct lrect){ rec[i].x - 5, rec[i].y - 1, rec[i].w + 10, rec[i].h + 2 };
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (!strncmp(rec[i].s, words[k], strlen(words[k])))
			return true;
	return false;
}

/* In this frame no tag meets a text that is not a tag, nor a side chip;
** returns the tags seen. */
static int tags_cover_nothing(const struct pane_fixture *f)
{
	int n = 0;
	struct lrect t, u;
	for (size_t i = 0; i < nrec && i < 4096; i++) {
		if (!tag_text(i, &t))
			continue;
		n++;
		for (size_t j = 0; j < nrec && j < 4096; j++) {
			bool flight = !strcmp(rec[j].s, "EXIT") || !strcmp(rec[j].s, "lost") ||
			              !strcmp(rec[j].s, "dropped");
			struct lrect b = { rec[j].x, rec[j].y, rec[j].w, rec[j].h };
			if (j != i && !tag_text(j, &u) && !flight && meets(t, b))
				fail_msg("tag '%s' at %d,%d covers '%s' at %d,%d (tick %llu)", rec[i].s, t.x,
				         t.y, rec[j].s, b.x, b.y, (unsigned long long)sim_now(f->ses.sim));
		}
		for (int k = 0; k < f->r->nhits; k++)
			if (f->r->hits[k].kind == HIT_CHIP && meets(t, f->r->hits[k].at))
				fail_msg("tag '%s' covers a chip", rec[i].s);
	}
	return n;
}

/* The node lessons at the projector's size and at 1920x1080, every tick
** around their events: no nodedown / noconnection tag covers a text (an
** exit reason, a heading, "run queue empty") or a side chip. */
static void tags_cover_no_text(void **state)
{
	(void)state;
	static const struct { const char *file; uint64_t from, to; int least; } runs[] = {
		{ "node_down.json", 100, 112, 4 }, { "netsplit.json", 100, 112, 2 },
		{ "failover.json", 200, 212, 1 }, { "../tests/data/gui_nodes_down.json", 150, 160, 3 },
	};
	static const int sizes[2][2] = { { 1280, 720 }, { 1920, 1080 } };
	for (size_t i = 0; i < sizeof runs / sizeof *runs; i++)
		for (int z = 0; z < 2; z++) {
			static struct pane_fixture f;
			open_sized(&f, runs[i].file, sizes[z][0], sizes[z][1]);
			int most = 0;
			seek(&f, runs[i].from);
			do {
				int n = tags_cover_nothing(&f);
				most = n > most ? n : most;
			} while (next(&f, runs[i].to));
			if (most < runs[i].least)
				fail_msg("%s: %d tags at most, expected %d", runs[i].file, most, runs[i].least);
			close_data(&f);
		}
}

/* The chips of node_down at 101: exited linked (on a) and db (on b) in
** node order, each group in its own rows after its node's name; the
** waiting processes of netsplit at 102 likewise. */
static void chips_grouped_by_node(void **state)
{
	(void)state;
	static struct pane_fixture f;
	open_file(&f, "node_down.json");
	assert_int_equal(seek(&f, 101), 101);
	struct lrect la = { 0, 0, 0, 0 }, ldb = { 0, 0, 0, 0 };
	struct sim_proc_view pv;
	for (int k = 0; k < f.r->nhits; k++) {
		const struct render_hit *h = &f.r->hits[k];
		if (h->kind != HIT_CHIP || !sim_proc_view(f.ses.sim, h->pid, &pv))
			continue;
		if (!strcmp(pv.name, "linked"))
			la = h->r;
		if (!strcmp(pv.name, "db"))
			ldb = h->r;
	}
	assert_true(la.w > 0 && ldb.w > 0);
	assert_true(la.y + la.h <= ldb.y);          /* a's group above b's */
	bool label_a = false, label_b = false;
	for (size_t i = 0; i < nrec; i++) {
		bool left_of_a = rec[i].x + rec[i].w <= la.x && rec[i].y >= la.y && rec[i].y < la.y + la.h;
		bool left_of_b = rec[i].x + rec[i].w <= ldb.x && rec[i].y >= ldb.y &&
		                 rec[i].y < ldb.y + ldb.h;
		label_a |= left_of_a && !strcmp(rec[i].s, "a");
		label_b |= left_of_b && !strcmp(rec[i].s, "b");
	}
	assert_true(label_a);
	assert_true(label_b);
	assert_true(f.r->side[0].grouped);
	close_data(&f);
}

/* Three nodes, one scheduler each, all busy so every box is in a lane:
** x on a links to y (a) and z (c); w keeps b busy; v on c links to u (c). */
static const char links_json[] =
	"{\"format\": 1, \"config\": {\"nodes\": [{\"name\": \"a\", \"schedulers\": 2},"
	" {\"name\": \"b\", \"schedulers\": 1}, {\"name\": \"c\", \"schedulers\": 2}],"
	" \"until\": 400},"
	" \"processes\": ["
	"  {\"name\": \"x\", \"program\": [{\"op\": \"link\", \"to\": \"y\"},"
	"   {\"op\": \"link\", \"to\": \"z\"}, {\"op\": \"work\", \"reductions\": 90000}]},"
	"  {\"name\": \"y\", \"program\": [{\"op\": \"work\", \"reductions\": 90000}]},"
	"  {\"name\": \"w\", \"node\": \"b\", \"program\": [{\"op\": \"work\", \"reductions\": 90000}]},"
	"  {\"name\": \"z\", \"node\": \"c\", \"program\": [{\"op\": \"work\", \"reductions\": 90000}]},"
	"  {\"name\": \"v\", \"node\": \"c\", \"program\": [{\"op\": \"link\", \"to\": \"u\"},"
	"   {\"op\": \"work\", \"reductions\": 90000}]},"
	"  {\"name\": \"u\", \"node\": \"c\", \"program\": [{\"op\": \"work\", \"reductions\": 90000}]}"
	" ]}";

/* 1 + the frame holding the middle of b, 0 none. */
static int frame_at(const struct nodes_pane *np, struct lrect b)
{
	for (int k = 0; k < np->n; k++)
		if (layout_contains(np->frame[k], b.x + b.w / 2, b.y + b.h / 2))
			return k + 1;
	return 0;
}

/* Link g: no segment crosses a frame that holds neither end; within one
** frame every point is inside it; between two frames that are not
** neighbours it passes along the trunk.  Returns 1 for a link between
** frames, else 0. */
static int link_keeps_to_its_frames(const struct render *r, const struct render_seg *g,
                                    struct lrect a, struct lrect b)
{
	const struct nodes_pane *np = &r->nodes[0];
	int fa = frame_at(np, a), fb = frame_at(np, b);
	const struct route_path *p = &g->p;
	for (int k = 0; k < np->n; k++)
		for (int i = 0; i + 1 < p->n && k + 1 != fa && k + 1 != fb; i++)
			if (route_seg_hits_rect(p->x[i], p->y[i], p->x[i + 1], p->y[i + 1], np->frame[k], 0))
				fail_msg("link %u-%u crosses frame %d", g->a, g->b, k);
	for (int i = 0; i < p->n && fa && fa == fb; i++)
		assert_true(layout_contains(np->frame[fa - 1], p->x[i], p->y[i]));
	bool trunk = false;
	for (int i = 0; i < p->n; i++)
		trunk |= layout_contains(np->trunk, p->x[i], p->y[i]);
	if (fa && fb && abs(fa - fb) > 1)
		assert_true(trunk);
	return fa && fb && fa != fb;
}

/* Every link of the three-node run and of failover after b went down. */
static void links_keep_to_their_frames(void **state)
{
	(void)state;
	static struct pane_fixture f;
	memset(&f, 0, sizeof f);
	session_open_text(&f.ses, links_json);
	pane_fixture_start(&f, 1280, 720);
	text_record(f.text, rec, 4096, &nrec);
	int across = 0, within = 0;
	for (int t = 0; t < 8; t++) {
		draw(&f);
		assert_int_equal(f.r->nodes[0].n, 3);
		for (int i = 0; i < f.r->nsegs; i++) {
			struct lrect a, b;
			assert_true(drawn_at(f.r, f.r->segs[i].a, &a) && drawn_at(f.r, f.r->segs[i].b, &b));
			int x = link_keeps_to_its_frames(f.r, &f.r->segs[i], a, b);
			across += x;
			within += !x;
		}
		assert_true(session_step(&f.ses));
	}
	assert_true(across >= 4);       /* x-z, from when x has linked z */
	assert_true(within >= 6);       /* x-y and v-u */
	close_data(&f);
	open_file(&f, "failover.json");
	across = 0;
	for (uint64_t t = seek(&f, 201); t <= 203; t = next(&f, 203) ? sim_now(f.ses.sim) : 204)
		for (int i = 0; i < f.r->nsegs; i++) {
			struct lrect a, b;
			if (drawn_at(f.r, f.r->segs[i].a, &a) && drawn_at(f.r, f.r->segs[i].b, &b))
				across += link_keeps_to_its_frames(f.r, &f.r->segs[i], a, b);
		}
	assert_true(across >= 1);       /* pool_sup on a to pool_1 on c */
	close_data(&f);
}

static bool inside_of(struct lrect in, struct lrect b)
{
	return b.x >= in.x && b.y >= in.y && b.x + b.w <= in.x + in.w && b.y + b.h <= in.y + in.h;
}

/* sidegroup_layout over widths and heights, with groups of 1 .. 7 chips
** and tags of 0 .. 400 pixels: every chip, tag, label and "+ N more" box
** inside the area and under its title, none meeting another; groups in
** their own rows, in node order; sidegroup_rows' rows hold them all. */
static void sidegroup_never_overlaps(void **state)
{
	(void)state;
	struct sidegroup_item it[40];
	struct sidegroup_place pl[40];
	for (int i = 0; i < 40; i++)
		it[i] = (struct sidegroup_item){ i / (1 + i % 7) % 5, (i * 37) % 3 ? 0 : (i * 53) % 400 };
	for (int i = 1; i < 40; i++)            /* items come sorted by node */
		it[i].node = it[i].node < it[i - 1].node ? it[i - 1].node : it[i].node;
	for (int w = 160; w <= 640; w += 120)
		for (int h = 40; h <= 900; h += 170) {
			struct sidegroup_spec sp = { { 10, 20, w, h }, 24, 90, 30, 4, 30, 22 };
			struct lrect more, r[4 * 40 + 1];
			int shown = sidegroup_layout(&sp, it, 40, 45, pl, &more), n = 0;
			int rows = sidegroup_rows(&sp, it, 40);
			assert_true(shown <= 40);
			assert_true(more.w > 0 || h - 24 < 34);     /* 45 in all: "+ N more" when a row fits */
			struct lrect under = { 10, 44, w, h - 24 };
			for (int i = 0; i < shown; i++) {
				r[n++] = pl[i].chip;
				if (pl[i].tag.w)
					r[n++] = pl[i].tag;
				if (pl[i].label.w)
					r[n++] = pl[i].label;
				if (i > 0 && it[i].node != it[i - 1].node)
					assert_true(pl[i].chip.y > pl[i - 1].chip.y);
				assert_true(pl[i].chip.y < 44 + rows * 34);
			}
			if (more.w > 0)
				r[n++] = more;
			for (int i = 0; i < n; i++) {
				assert_true(inside_of(under, r[i]));
				for (int j = 0; j < i; j++)
					assert_false(meets(r[i], r[j]));
			}
		}
}

/* A one-node run: no frames, the lanes exactly as layout_compute_fit puts them. */
static void one_node_is_unchanged(void **state)
{
	(void)state;
	static struct pane_fixture f;
	memset(&f, 0, sizeof f);
	char path[512];
	scenario_file(path, sizeof path, "ping_pong.json");
	sim_scenario *scn = load_path(path);
	struct sim_config cfg = sim_scenario_config(scn);
	assert_true(session_init(&f.ses, scn, &cfg, "ping_pong.json"));
	pane_fixture_start(&f, 1280, 720);
	render_frame(f.r, &f.c, &f.view);
	assert_int_equal(f.r->nodes[0].n, 0);
	static struct layout l;
	uint32_t ns[1] = { (uint32_t)sim_sched_count(f.ses.sim) };
	layout_compute_fit(&l, 1280, 720, 1.0, 1, ns, f.r->lay_fit, f.r->lay_caption_need);
	const struct layout_pane *a = &l.pane[0], *b = &f.r->lay.pane[0];
	assert_int_equal(a->nlanes, b->nlanes);
	assert_memory_equal(&a->lanes, &b->lanes, sizeof a->lanes);
	assert_memory_equal(&a->below, &b->below, sizeof a->below);
	assert_memory_equal(a->lane, b->lane, (size_t)a->nlanes * sizeof a->lane[0]);
	assert_memory_equal(a->tl_row, b->tl_row, (size_t)a->nlanes * sizeof a->tl_row[0]);
	pane_fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frames_hold_their_lanes),
		cmocka_unit_test(down_node_is_grey_only_while_down),
		cmocka_unit_test(nodedown_and_noconnection_are_marked),
		cmocka_unit_test(halted_chip_is_gone_with_its_node),
		cmocka_unit_test(cut_only_during_the_partition),
		cmocka_unit_test(in_flight_at_the_ticks_place),
		cmocka_unit_test(around_the_middle_frame),
		cmocka_unit_test(trunk_cut_only_between_groups),
		cmocka_unit_test(running_names_show),
		cmocka_unit_test(timeline_grouped_by_node),
		cmocka_unit_test(tags_never_overlap),
		cmocka_unit_test(tags_cover_no_text),
		cmocka_unit_test(chips_grouped_by_node),
		cmocka_unit_test(links_keep_to_their_frames),
		cmocka_unit_test(sidegroup_never_overlaps),
		cmocka_unit_test(one_node_is_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
