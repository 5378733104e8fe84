/* pngout.c - PNG output of a canvas; see pngout.h. */
#include "pngout.h"

#include "afile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

int pngout_write(const char *path, const struct draw_canvas *c, char *err, size_t errlen)
{
	struct afile af;
	int e = afile_open(&af, path, 0);
	if (e) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
		return -1;
	}
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	unsigned char *row = malloc((size_t)c->w * 3);
	if (!png || !info || !row) {
		snprintf(err, errlen, "out of memory writing '%s'", path);
		png_destroy_write_struct(&png, &info);
		free(row);
		afile_discard(&af);
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		snprintf(err, errlen, "cannot write '%s'", path);
		png_destroy_write_struct(&png, &info);
		free(row);
		afile_discard(&af);
		return -1;
	}
	png_init_io(png, af.f);
	png_set_IHDR(png, info, (png_uint_32)c->w, (png_uint_32)c->h, 8, PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < c->h; y++) {
		const uint32_t *px = c->px + (size_t)y * (size_t)c->stride;
		for (int x = 0; x < c->w; x++) {
			row[3 * x] = (unsigned char)(px[x] >> 16);
			row[3 * x + 1] = (unsigned char)(px[x] >> 8);
			row[3 * x + 2] = (unsigned char)px[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	e = afile_commit(&af);
	if (e) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
		return -1;
	}
	return 0;
}
