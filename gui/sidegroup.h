/*
** sidegroup.h - the chips of a side area when the run has nodes (issue
** 16): grouped by node, in node order, each group's rows starting with
** the node's name in a column at their left ("a", "b", as the timeline
** labels its rows "a S1"); and a chip whose process has a nodedown /
** noconnection tag (netmarks.h) keeps the tag's room beside it, at its
** right in the same row (or, when chip and tag do not fit in one row, the
** next row under it), so a tag covers no chip, name, exit reason or
** heading.  Pure geometry: no drawing, no engine; tests check it with
** numbers.  A run without nodes keeps the grid of layout_area_chip.
*/
#ifndef BEAMSIM_GUI_SIDEGROUP_H
#define BEAMSIM_GUI_SIDEGROUP_H

#include <stddef.h>

#include "layout.h"

/* One chip: its node (items come sorted by node) and its tag's width (0: none). */
struct sidegroup_item {
	int node;
	int tag_w;
};

/* The area and its sizes: chips start title_h under its top, gap apart
** and gap from its sides, after a label column label_w wide. */
struct sidegroup_spec {
	struct lrect area;
	int title_h, chip_w, chip_h, gap, label_w, tag_h;
};

/* Where an item goes: chip; tag (w 0: none); label, the node's name left
** of a group's first row (w 0: not the first of its group, or label_w
** leaves no room for it). */
struct sidegroup_place {
	struct lrect chip, tag, label;
};

/* The rows of chips the n items take in sp's width (each chip_h + gap tall). */
int sidegroup_rows(const struct sidegroup_spec *sp, const struct sidegroup_item *it, int n);

/* Places the items that fit in the area's height into out[0 ..): all n
** when they fit and the area has no more (total, n of them listed), else
** as many as leave room after them for a chip-sized "+ N more" box
** (*more; w 0 when none is drawn).  Returns how many are placed. */
int sidegroup_layout(const struct sidegroup_spec *sp, const struct sidegroup_item *it, int n,
                     size_t total, struct sidegroup_place *out, struct lrect *more);

#endif
