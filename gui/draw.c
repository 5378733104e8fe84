/* draw.c - the software rasterizer of draw.h. */
#include "draw.h"

#include <stdlib.h>

#include "theme.h"

int draw_begin(struct draw_canvas *c, uint32_t *px, int w, int h, int stride)
{
	if (!px || w <= 0 || h <= 0 || stride < w)
		return 0;
	c->px = px;
	c->w = w;
	c->h = h;
	c->stride = stride;
	c->theme = NULL;
	draw_clip(c, 0, 0, 0, 0);
	return 1;
}

void draw_clip(struct draw_canvas *c, int x, int y, int w, int h)
{
	if (w <= 0 || h <= 0) {
		c->cx0 = c->cy0 = 0;
		c->cx1 = c->w;
		c->cy1 = c->h;
	} else {
		c->cx0 = x < 0 ? 0 : x;
		c->cy0 = y < 0 ? 0 : y;
		c->cx1 = x + w > c->w ? c->w : x + w;
		c->cy1 = y + h > c->h ? c->h : y + h;
	}
}

void draw_clear(struct draw_canvas *c, uint32_t color)
{
	draw_fill(c, 0, 0, c->w, c->h, color);
}

/* Clips (x, y, w, h) in place; returns 0 if nothing is left. */
static int clip(const struct draw_canvas *c, int *x, int *y, int *w, int *h)
{
	int x0 = *x, y0 = *y, x1 = *x + *w, y1 = *y + *h;
	if (x0 < c->cx0) x0 = c->cx0;
	if (y0 < c->cy0) y0 = c->cy0;
	if (x1 > c->cx1) x1 = c->cx1;
	if (y1 > c->cy1) y1 = c->cy1;
	if (x1 <= x0 || y1 <= y0)
		return 0;
	*x = x0, *y = y0, *w = x1 - x0, *h = y1 - y0;
	return 1;
}

void draw_fill(struct draw_canvas *c, int x, int y, int w, int h, uint32_t color)
{
	if (!clip(c, &x, &y, &w, &h))
		return;
	color = draw_color(c, color) | 0xff000000u;
	for (int j = 0; j < h; j++) {
		uint32_t *p = c->px + (size_t)(y + j) * (size_t)c->stride + x;
		for (int i = 0; i < w; i++)
			p[i] = color;
	}
}

uint32_t draw_mix(uint32_t a, uint32_t b, int t)
{
	uint32_t rb = ((a & 0xff00ffu) * (uint32_t)(256 - t) + (b & 0xff00ffu) * (uint32_t)t) >> 8;
	uint32_t g = ((a & 0x00ff00u) * (uint32_t)(256 - t) + (b & 0x00ff00u) * (uint32_t)t) >> 8;
	return 0xff000000u | (rb & 0xff00ffu) | (g & 0x00ff00u);
}

void draw_blend(struct draw_canvas *c, int x, int y, int w, int h, uint32_t color, int alpha)
{
	if (alpha >= 255) {
		draw_fill(c, x, y, w, h, color);
		return;
	}
	if (alpha <= 0 || !clip(c, &x, &y, &w, &h))
		return;
	color = draw_color(c, color);
	int t = alpha + (alpha >> 7);
	for (int j = 0; j < h; j++) {
		uint32_t *p = c->px + (size_t)(y + j) * (size_t)c->stride + x;
		for (int i = 0; i < w; i++)
			p[i] = draw_mix(p[i], color, t);
	}
}

void draw_frame(struct draw_canvas *c, int x, int y, int w, int h, int t, uint32_t color)
{
	if (t * 2 >= w || t * 2 >= h) {
		draw_fill(c, x, y, w, h, color);
		return;
	}
	draw_fill(c, x, y, w, t, color);
	draw_fill(c, x, y + h - t, w, t, color);
	draw_fill(c, x, y + t, t, h - 2 * t, color);
	draw_fill(c, x + w - t, y + t, t, h - 2 * t, color);
}

void draw_line(struct draw_canvas *c, int x0, int y0, int x1, int y1, int t, uint32_t color,
               int alpha)
{
	int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
	int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
	int err = dx + dy;
	int h = t / 2;
	if (t < 1)
		t = 1;
	for (int guard = 0; guard < 20000; guard++) {
		draw_blend(c, x0 - h, y0 - h, t, t, color, alpha);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * err;
		if (e2 >= dy) { err += dy; x0 += sx; }
		if (e2 <= dx) { err += dx; y0 += sy; }
	}
}

void draw_disc(struct draw_canvas *c, int cx, int cy, int r, uint32_t color, int alpha)
{
	for (int dy = -r; dy <= r; dy++) {
		int dx = 0;
		while ((dx + 1) * (dx + 1) + dy * dy <= r * r)
			dx++;
		draw_blend(c, cx - dx, cy + dy, 2 * dx + 1, 1, color, alpha);
	}
}

void draw_ring(struct draw_canvas *c, int cx, int cy, int r, int t, uint32_t color, int alpha)
{
	int ri = r - t;
	for (int dy = -r; dy <= r; dy++) {
		int dxo = 0, dxi = -1;
		while ((dxo + 1) * (dxo + 1) + dy * dy <= r * r)
			dxo++;
		if (ri > 0 && dy * dy <= ri * ri) {
			dxi = 0;
			while ((dxi + 1) * (dxi + 1) + dy * dy <= ri * ri)
				dxi++;
		}
		if (dxi < 0) {
			draw_blend(c, cx - dxo, cy + dy, 2 * dxo + 1, 1, color, alpha);
		} else {
			draw_blend(c, cx - dxo, cy + dy, dxo - dxi, 1, color, alpha);
			draw_blend(c, cx + dxi + 1, cy + dy, dxo - dxi, 1, color, alpha);
		}
	}
}

uint32_t draw_pixel(const struct draw_canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return 0;
	return c->px[(size_t)y * (size_t)c->stride + x] | 0xff000000u;
}

uint32_t draw_color(const struct draw_canvas *c, uint32_t color)
{
	return c->theme ? theme_map(c->theme, color) : color;
}

uint32_t draw_text_on(uint32_t bg)
{
	uint32_t r = (bg >> 16) & 0xff, g = (bg >> 8) & 0xff, b = bg & 0xff;
	return (r * 299 + g * 587 + b * 114) / 1000 > 140 ? DRAW_BLACK : DRAW_TEXT;
}
