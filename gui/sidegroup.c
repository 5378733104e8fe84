/* sidegroup.c - side chips grouped by node, tags beside them; see sidegroup.h. */
#include "sidegroup.h"

/* The flow: where the next chip goes, in which row of the area. */
struct flow {
	int x, row, node;
	bool started;
};

static int row_y(const struct sidegroup_spec *sp, int row)
{
	return sp->area.y + sp->title_h + row * (sp->chip_h + sp->gap);
}

static int left(const struct sidegroup_spec *sp)
{
	return sp->area.x + sp->gap + sp->label_w;
}

static int right(const struct sidegroup_spec *sp)
{
	return sp->area.x + sp->area.w - sp->gap;
}

/* Puts item it at the flow's place (a new group starts a new row); *p
** its rectangles.  Returns the last row it takes. */
static int put(const struct sidegroup_spec *sp, struct flow *f, const struct sidegroup_item *it,
               struct sidegroup_place *p)
{
	bool first = !f->started || it->node != f->node;
	int need = sp->chip_w + (it->tag_w > 0 ? sp->gap + it->tag_w : 0);
	if (f->started && (first || (f->x > left(sp) && f->x + need > right(sp)))) {
		f->row++;
		f->x = left(sp);
	} else if (!f->started) {
		f->x = left(sp);
	}
	f->started = true;
	f->node = it->node;
	int y = row_y(sp, f->row);
	p->chip = (struct lrect){ f->x, y, sp->chip_w, sp->chip_h };
	p->label = first && sp->label_w > sp->gap
	         ? (struct lrect){ sp->area.x + sp->gap, y, sp->label_w - sp->gap, sp->chip_h }
	         : (struct lrect){ 0, 0, 0, 0 };
	p->tag = (struct lrect){ 0, 0, 0, 0 };
	f->x += sp->chip_w + sp->gap;
	if (it->tag_w <= 0)
		return f->row;
	int th = sp->tag_h < sp->chip_h ? sp->tag_h : sp->chip_h;
	if (f->x + it->tag_w <= right(sp)) {            /* beside it */
		p->tag = (struct lrect){ f->x, y + (sp->chip_h - th) / 2, it->tag_w, th };
		f->x += it->tag_w + sp->gap;
		return f->row;
	}
	/* a row of its own under the chip, as wide as the row allows */
	f->row++;
	int w = it->tag_w < right(sp) - left(sp) ? it->tag_w : right(sp) - left(sp);
	p->tag = (struct lrect){ left(sp), row_y(sp, f->row) + (sp->chip_h - th) / 2, w, th };
	f->x = right(sp);                                 /* the next chip: a new row */
	return f->row;
}

int sidegroup_rows(const struct sidegroup_spec *sp, const struct sidegroup_item *it, int n)
{
	struct flow f = { 0, 0, 0, false };
	struct sidegroup_place p;
	int last = -1;
	for (int i = 0; i < n; i++)
		last = put(sp, &f, &it[i], &p);
	return last + 1;
}

/* The rows the area holds. */
static int rows_held(const struct sidegroup_spec *sp)
{
	int rows = (sp->area.h - sp->title_h) / (sp->chip_h + sp->gap);
	return rows < 0 ? 0 : rows;
}

/* Lays out the first k items; false when they or a "+ N more" box after
** them (want_more) do not fit in the area's rows. */
static bool try_k(const struct sidegroup_spec *sp, const struct sidegroup_item *it, int k,
                  bool want_more, struct sidegroup_place *out, struct lrect *more)
{
	struct flow f = { 0, 0, 0, false };
	int held = rows_held(sp);
	for (int i = 0; i < k; i++)
		if (put(sp, &f, &it[i], &out[i]) >= held)
			return false;
	*more = (struct lrect){ 0, 0, 0, 0 };
	if (!want_more)
		return true;
	int row = f.row, x = f.started ? f.x : left(sp);
	if (f.started && x + sp->chip_w > right(sp)) {
		row++;
		x = left(sp);
	}
	*more = (struct lrect){ x, row_y(sp, row), sp->chip_w, sp->chip_h };
	return row < held;
}

int sidegroup_layout(const struct sidegroup_spec *sp, const struct sidegroup_item *it, int n,
                     size_t total, struct sidegroup_place *out, struct lrect *more)
{
	if (total <= (size_t)n && try_k(sp, it, n, false, out, more))
		return n;
	for (int k = total <= (size_t)n ? n - 1 : n; k > 0; k--)
		if (try_k(sp, it, k, true, out, more))
			return k;
	if (!try_k(sp, it, 0, true, out, more))
		*more = (struct lrect){ 0, 0, 0, 0 };
	return 0;
}
