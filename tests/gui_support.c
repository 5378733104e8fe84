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

void app_fixture_open(struct app_fixture *f, const struct gui_opts *o, int w, int h)
{
	memset(f, 0, sizeof *f);
	f->a = malloc(sizeof *f->a);
	assert_non_null(f->a);
	assert_int_equal(app_init(f->a, o), 0);
	f->text = text_create();
	assert_non_null(f->text);
	f->r = render_create(f->text);
	assert_non_null(f->r);
	f->px = calloc((size_t)w * (size_t)h, sizeof *f->px);
	assert_non_null(f->px);
	assert_true(draw_begin(&f->c, f->px, w, h, w));
}

void app_fixture_close(struct app_fixture *f)
{
	free(f->px);
	render_destroy(f->r);
	text_destroy(f->text);
	app_free(f->a);
	free(f->a);
}

void pane_fixture_start(struct pane_fixture *f, int w, int h)
{
	anim_init(&f->anim);
	view_one_pane(&f->view, &f->ses, &f->anim);
	f->text = text_create();
	assert_non_null(f->text);
	f->r = render_create(f->text);
	assert_non_null(f->r);
	f->px = calloc((size_t)w * (size_t)h, sizeof *f->px);
	assert_non_null(f->px);
	assert_true(draw_begin(&f->c, f->px, w, h, w));
}

void pane_fixture_close(struct pane_fixture *f)
{
	free(f->px);
	render_destroy(f->r);
	text_destroy(f->text);
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
