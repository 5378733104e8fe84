/*
** suptree.h - the supervision tree of one pane, drawn as boxes and edges.
**
** suptree_collect() reads the engine's supervisor views (sim_sup_view,
** sim_sup_child) into a list of nodes in tree order: each supervisor, then
** its child slots in start order (a child that is itself a supervisor is
** followed by its own subtree).  The renderer collects only when the
** session's stamp changes and draws every frame from the nodes, so a
** steady-state frame allocates nothing.
**
** A supervisor takes two rows (its box, then the intensity meter: "2 of 3
** restarts in 500 ticks"); a child takes one row: its current pid, and
** after a restart the pid it replaced and how that one ended.
*/
#ifndef BEAMSIM_GUI_SUPTREE_H
#define BEAMSIM_GUI_SUPTREE_H

#include <stdbool.h>
#include <stdint.h>

#include "draw.h"
#include "layout.h"
#include "sim.h"
#include "text.h"

#define SUPTREE_MAX_NODES 256
#define SUPTREE_MAX_DEPTH 8
#define SUPTREE_NONE UINT32_MAX

struct suptree_node {
	uint32_t sup;             /* index for sim_sup_view; SUPTREE_NONE for a worker */
	uint32_t pid;             /* current incarnation; 0 = not running */
	uint32_t old_pid;         /* the incarnation it replaced, 0 = none resident */
	uint32_t sup_pid;         /* its supervisor, 0 for a root */
	const char *name;         /* the slot's name (an atom of the scenario) */
	bool removed;
	uint8_t depth;
};

struct suptree {
	struct suptree_node node[SUPTREE_MAX_NODES];
	int n;
	int rows;                 /* rows the nodes take (supervisors two) */
};

/* Reads the tree of the engine at its current tick. */
void suptree_collect(struct suptree *t, const sim *s);
/* A row's height in pixels for the font sizes now set. */
int suptree_row_h(struct text *tx);

/* Where node i is drawn in an area: its box (for tests and hit checks);
** false when it does not fit (then the area ends with "+ N more"). */
bool suptree_node_box(const struct suptree *t, struct text *tx, struct lrect area, int title_h,
                      int i, struct lrect *box);
/* How many nodes fit in area (the rest are summarised in "+ N more"). */
int suptree_shown(const struct suptree *t, struct text *tx, struct lrect area, int title_h);
/* buf = "+ N more" when not all nodes fit ("+N" when that is wider than
** room), else ""; returns its width in the small font (0: none).  It is
** drawn at the right of the title row, so the title keeps left of it. */
int suptree_more_text(const struct suptree *t, struct text *tx, struct lrect area, int title_h,
                      int room, char *buf, size_t n);
/* The room "+ N more" has beside the shortest title in area. */
#define SUPTREE_SHORTEST_TITLE "Supervisors"
int suptree_more_room(struct text *tx, struct lrect area);
/* Draws the tree into `area` (its title on top, title_h pixels high);
** `selected` (0 = none) gets a white frame. */
void suptree_draw(const struct suptree *t, struct text *tx, struct draw_canvas *c,
                  struct lrect area, int title_h, const sim *s, uint32_t selected);

#endif
