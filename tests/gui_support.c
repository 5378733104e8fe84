/* gui_support.c - fixtures shared by the GUI tests (gui_support.h). */
#define _POSIX_C_SOURCE 200809L   /* mkstemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gui_support.h"

void canvas_open(uint32_t **px, struct draw_canvas *c)
{
	*px = calloc((size_t)GUI_TEST_W * GUI_TEST_H, sizeof **px);
	assert_non_null(*px);
	assert_true(draw_begin(c, *px, GUI_TEST_W, GUI_TEST_H, GUI_TEST_W));
}

/* What both fixtures draw with: fonts, a renderer and a w x h canvas. */
static void drawing_open(struct text **t, struct render **r, uint32_t **px, struct draw_canvas *c,
                         int w, int h)
{
	*t = text_create();
	assert_non_null(*t);
	*r = render_create(*t);
	assert_non_null(*r);
	*px = calloc((size_t)w * (size_t)h, sizeof **px);
	assert_non_null(*px);
	assert_true(draw_begin(c, *px, w, h, w));
}

static void drawing_close(struct text *t, struct render *r, uint32_t *px)
{
	free(px);
	render_destroy(r);
	text_destroy(t);
}

void app_fixture_open(struct app_fixture *f, const struct gui_opts *o, int w, int h)
{
	memset(f, 0, sizeof *f);
	f->a = malloc(sizeof *f->a);
	assert_non_null(f->a);
	assert_int_equal(app_init(f->a, o), 0);
	drawing_open(&f->text, &f->r, &f->px, &f->c, w, h);
}

void app_fixture_lesson(struct app_fixture *f, const char *name, const char *compare, int w, int h)
{
	char path[512];
	scenario_file(path, sizeof path, name);
	struct gui_opts o;
	memset(&o, 0, sizeof o);
	o.file = path;
	o.compare = compare;
	sim_config_default(&o.cfg);
	app_fixture_open(f, &o, w, h);
}

void app_fixture_close(struct app_fixture *f)
{
	drawing_close(f->text, f->r, f->px);
	app_free(f->a);
	free(f->a);
}

void pane_fixture_start(struct pane_fixture *f, int w, int h)
{
	anim_init(&f->anim);
	view_one_pane(&f->view, &f->ses, &f->anim);
	drawing_open(&f->text, &f->r, &f->px, &f->c, w, h);
}

void pane_fixture_close(struct pane_fixture *f)
{
	drawing_close(f->text, f->r, f->px);
	anim_free(&f->anim);
	session_free(&f->ses);
}

void scenario_file(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", SCENARIO_DIR, name);
}

void session_open_text(struct session *s, const char *json)
{
	struct sim_diag d;
	sim_diag_init(&d);
	bool ok = session_init_text(s, json, strlen(json), "test.json", &d);
	for (size_t i = 0; i < d.n; i++)
		print_error("%s\n", d.msgs[i]);
	size_t n = d.n;
	sim_diag_free(&d);
	assert_true(ok);
	assert_int_equal(n, 0);   /* no warning either */
}

void view_one_pane(struct render_view *v, struct session *s, struct anim *a)
{
	memset(v, 0, sizeof *v);
	v->ses[0] = s;
	v->anim[0] = a;
	v->npanes = 1;
	v->zoom = 1.0;
	v->tps = 10;
	v->move_t = v->fly_t = 1.0;
}

void temp_scenario(char *path, const char *json)
{
	strcpy(path, "/tmp/beamsim-gui-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(json);
	assert_int_equal(write(fd, json, len), (ssize_t)len);
	close(fd);
}
