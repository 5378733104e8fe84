/*
** chart_svg.c - a sequence chart layout as a standalone SVG document
** (chart.h).  Text is <text> (it scales on slides and can be searched);
** every arrow is one <g> whose class names its kind ("msg", "down",
** "signal", "spawn", "restart", "link", "monitor") and whose <title>
** gives its real ticks.  The output depends on the layout only: the same
** run gives the same bytes.
**
** The colours are the window's dark theme, from the palette the window
** draws with (chart_palette.h), written as "#rrggbb".
*/
#include "chart.h"

#include <string.h>

#include "chart_palette.h"

#define RGB(c) ((unsigned)((c) & 0xffffffu))   /* printed with "#%06x" */

static const uint32_t ident_colors[PALETTE_NIDENT] = PALETTE_IDENT;

static const char *const kind_class[CHART_KIND_COUNT] = {
	"msg", "down", "signal", "spawn", "restart", "link", "monitor",
};

static unsigned end_color(enum chart_end e)
{
	return RGB(e == CHART_CRASH ? PALETTE_VERMILLION : e == CHART_SHUTDOWN ? PALETTE_BLUE
	           : PALETTE_GREY);
}

static unsigned ident_color(const struct chart_line *ln)
{
	return RGB(ln->pid == 0 ? PALETTE_DIM : ident_colors[ln->ident % PALETTE_NIDENT]);
}

/* s as XML character data: markup characters escaped, control bytes '?'. */
static void put_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f); break;
		}
	}
}

static int col_x(const struct chart_layout *l, uint32_t pid)
{
	int k = chart_layout_col(l, pid);
	return k < 0 ? 0 : l->cols[k].x;
}

/* The head of a column: its name (a collapsed group: NAME_1..NAME_N (N)),
** at the top, or where the line begins when it is spawned in the range. */
static void put_head(FILE *f, const struct chart_layout *l, const struct chart_col *col)
{
	const struct chart_line *ln = &l->c->lines[col->line];
	int y = chart_layout_y(l, col->t0) - 16, w = l->o.col_w - 16;
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"22\" rx=\"4\" fill=\"#%06x\" "
	        "stroke=\"#%06x\" stroke-width=\"2\"/>\n", col->x - w / 2, y - 22, w, RGB(PALETTE_PANEL),
	        ident_color(ln));
	fprintf(f, "<text class=\"head\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", col->x, y - 6);
	if (col->group) {
		const struct chart_group *g = &l->c->groups[col->group - 1];
		put_text(f, g->prefix);
		fprintf(f, "_1..%u (%u)", g->n, g->n);
	} else {
		put_text(f, ln->name);
		if (ln->incarnation > 1)
			fprintf(f, " #%u", ln->incarnation);
	}
	fputs("</text>\n", f);
}

/* A column's lifeline and, when its process exits in the range, the end
** mark (the end's colour) with the reason. */
static void put_column(FILE *f, const struct chart_layout *l, const struct chart_col *col)
{
	const struct chart_line *ln = &l->c->lines[col->line];
	int y0 = chart_layout_y(l, col->t0), y1 = chart_layout_y_end(l, col->t1);
	fprintf(f, "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#%06x\" "
	        "stroke-width=\"2\"/>\n", col->x, y0, col->x, y1, ident_color(ln));
	if (col->group || ln->exit_tick > l->o.to || !ln->reason)
		return;
	unsigned c = end_color(ln->end);
	fprintf(f, "<g class=\"end %s\"><title>", ln->end == CHART_CRASH ? "crash"
	                                          : ln->end == CHART_HALTED ? "halted" : "exit");
	put_text(f, ln->name);
	if (ln->end == CHART_HALTED) {    /* no exit reason: gone with its node */
		fprintf(f, " is gone with its node at tick %llu (halted, no exit reason)",
		        (unsigned long long)ln->exit_tick);
	} else {
		fprintf(f, " exits at tick %llu: ", (unsigned long long)ln->exit_tick);
		put_text(f, ln->reason);
	}
	fprintf(f, "</title><rect x=\"%d\" y=\"%d\" width=\"16\" height=\"5\" fill=\"#%06x\"/>"
	        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#%06x\">", col->x - 8, y1, c,
	        col->x, y1 + 17, c);
	put_text(f, ln->reason);
	fputs("</text></g>\n", f);
}

/* The stroke of an arrow: colour, width, dashes. */
static void put_stroke(FILE *f, const struct chart_layout *l, const struct chart_arrow *a)
{
	unsigned c = RGB(PALETTE_DIM);
	const char *dash = "";
	switch (a->kind) {
	case CHART_MSG: c = ident_color(&l->c->lines[a->from]); break;
	case CHART_DOWN: c = end_color(a->end); dash = " stroke-dasharray=\"6 3\""; break;
	case CHART_SIGNAL: c = end_color(a->end); break;
	case CHART_SPAWN: dash = " stroke-dasharray=\"6 4\""; break;
	case CHART_RESTART: c = RGB(PALETTE_YELLOW); dash = " stroke-dasharray=\"6 4\""; break;
	default: dash = " stroke-dasharray=\"2 3\""; break;
	}
	if (a->kind == CHART_MSG && (a->dropped || a->t1 == CHART_NONE))
		dash = " stroke-dasharray=\"3 3\"";
	fprintf(f, " stroke=\"#%06x\" stroke-width=\"%s\"%s fill=\"none\"", c,
	        a->kind == CHART_SIGNAL ? "2.5" : "1.5", dash);
}

/* The hover text: kind, ends and real ticks. */
static void put_title(FILE *f, const struct chart_layout *l, const struct chart_arrow *a)
{
	fprintf(f, "<title>%s ", kind_class[a->kind]);
	put_text(f, l->c->lines[a->from].name);
	fputs(" -&gt; ", f);
	put_text(f, l->c->lines[a->to].name);
	fprintf(f, ", tick %llu", (unsigned long long)a->t0);
	if (a->t1 == CHART_NONE)
		fputs(" (still in flight at the end)", f);
	else if (a->t1 != a->t0)
		fprintf(f, " -&gt; %llu%s", (unsigned long long)a->t1, a->dropped ? " (dropped)" : "");
	if (a->recv_tick != CHART_NONE)
		fprintf(f, ", received at %llu", (unsigned long long)a->recv_tick);
	fputs(": ", f);
	put_text(f, a->label);
	fputs("</title>", f);
}

/* Arrow i of the layout: a path, its label at its middle (links and
** monitors: below, clear of the arrows above). */
static void put_arrow(FILE *f, const struct chart_layout *l, size_t i)
{
	const struct chart_arrow *a = &l->c->arrows[l->arrows[i]];
	int x0 = col_x(l, a->from), x1 = col_x(l, a->to), y0 = l->ay0[i], y1 = l->ay1[i];
	bool head = a->kind != CHART_LINK, mark = a->kind == CHART_LINK || a->kind == CHART_MONITOR;
	fprintf(f, "<g class=\"%s\">", kind_class[a->kind]);
	put_title(f, l, a);
	if (x0 == x1)    /* to itself, or within a collapsed group: a loop */
		fprintf(f, "<path d=\"M%d %d h28 V%d h-24\"", x0, y0, y1 + (y1 == y0 ? 8 : 0));
	else
		fprintf(f, "<path d=\"M%d %d L%d %d\"", x0, y0, x1 + (x1 > x0 ? -3 : 3), y1);
	put_stroke(f, l, a);
	fprintf(f, "%s/>", head ? " marker-end=\"url(#head)\"" : "");
	int tx = x0 == x1 ? x0 + 32 : (x0 + x1) / 2, ty = (y0 + y1) / 2 + (mark ? 12 : -4);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">", tx, ty, x0 == x1 ? "start" : "middle");
	put_text(f, a->label);
	fputs(a->dropped ? " \xc3\x97" : "", f);
	fputs("</text></g>\n", f);
}

const char *chart_thousands(uint64_t n, char *buf, size_t size)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
	size_t k = 0;
	for (int i = 0; i < len && k + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0 && k + 2 < size)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
	return buf;
}

/* Tick numbers on the left, at events' ticks not too close to the last
** one written; a compressed stretch is a band with "... N ticks". */
static void put_axis(FILE *f, const struct chart_layout *l, int right)
{
	char n[32];
	int last = -100;
	for (size_t i = 0; i < l->nticks; i++) {
		if (l->ys[i] - last < 14)
			continue;
		last = l->ys[i];
		fprintf(f, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%llu</text>\n",
		        l->o.left - l->o.col_w / 2 - 8, l->ys[i] + 4, (unsigned long long)l->ticks[i]);
	}
	for (size_t i = 0; i < l->ngaps; i++) {
		const struct chart_gap *g = &l->gaps[i];
		fprintf(f, "<g class=\"gap\"><rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06x\""
		        " opacity=\"0.85\"/><text x=\"%d\" y=\"%d\" fill=\"#%06x\">"
		        "\xe2\x8b\xaf %s ticks</text></g>\n", g->y0 + 6, right, g->y1 - g->y0 - 12,
		        RGB(PALETTE_PANEL), 8,
		        (g->y0 + g->y1) / 2 + 4, RGB(PALETTE_DIM), chart_thousands(g->to - g->from, n, sizeof n));
	}
}

enum sim_status chart_svg_write(const struct chart_layout *l, const char *title, FILE *f)
{
	int w = l->width - l->o.col_w / 2 + 40, h = l->height + 50;
	w = w < 360 ? 360 : w;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	        "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\" "
	        "font-size=\"11\">\n", w, h, w, h);
	fputs("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
	      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" "
	      "fill=\"context-stroke\"/></marker>\n", f);
	fprintf(f, "<style>text{fill:#%06x} .tick{fill:#%06x} .head{font-weight:bold;font-size:12px}"
	        "</style></defs>\n", RGB(PALETTE_TEXT), RGB(PALETTE_DIM));
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#%06x\"/>\n<text x=\"12\" y=\"24\" "
	        "font-size=\"16\" font-weight=\"bold\">", w, h, RGB(PALETTE_BG));
	put_text(f, title ? title : "");
	fprintf(f, "</text>\n<text x=\"12\" y=\"42\" class=\"tick\">ticks %llu to %llu; time flows "
	        "down</text>\n", (unsigned long long)l->o.from, (unsigned long long)l->o.to);
	put_axis(f, l, w);
	for (size_t k = 0; k < l->ncols; k++)
		put_column(f, l, &l->cols[k]);
	for (size_t i = 0; i < l->narrows; i++)
		put_arrow(f, l, i);
	for (size_t k = 0; k < l->ncols; k++)   /* on top: a restarted line's head is mid-chart */
		put_head(f, l, &l->cols[k]);
	fputs("</svg>\n", f);
	return ferror(f) ? SIM_EWRITE : SIM_OK;
}
