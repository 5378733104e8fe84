/*
** scenario.c - loading a scenario: reading the file, the loader's memory,
** strings and error list, and the public sim_scenario_* functions.
**
** See scenario_load.h for how the loader is organised.
*/
#define _POSIX_C_SOURCE 200809L   /* fstat, O_CLOEXEC */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario_load.h"

/* {=== the arena ===} */

#define ARENA_BLOCK (64u * 1024u)

struct scn_arena {
	struct scn_arena *next;
	size_t used, cap;            /* bytes of data[] */
	max_align_t data[];
};

static struct scn_arena *arena_block(size_t cap)
{
	struct scn_arena *b = calloc(1, sizeof *b + cap);
	if (b)
		b->cap = cap;
	return b;
}

static void arena_free(struct scn_arena *a)
{
	while (a) {
		struct scn_arena *next = a->next;
		free(a);
		a = next;
	}
}

/* n objects of `size` from the arena *headp; NULL (and *oom set) when out
** of memory, NULL without error when n == 0. */
static void *arena_alloc(struct scn_arena **headp, size_t n, size_t size, bool *oom)
{
	if (n == 0 || size == 0)
		return NULL;
	const size_t align = alignof(max_align_t);
	if (n > (SIZE_MAX - ARENA_BLOCK - sizeof(struct scn_arena)) / size) {
		*oom = true;
		return NULL;
	}
	size_t bytes = (n * size + align - 1) / align * align;
	struct scn_arena *head = *headp;
	if (!head || head->cap - head->used < bytes) {
		if (bytes > ARENA_BLOCK / 4 && head) {
			/* A big request gets a block of its own, behind the head,
			** so the head's free space is not wasted. */
			struct scn_arena *b = arena_block(bytes);
			if (!b) {
				*oom = true;
				return NULL;
			}
			b->used = bytes;
			b->next = head->next;
			head->next = b;
			return b->data;
		}
		struct scn_arena *b = arena_block(bytes > ARENA_BLOCK ? bytes : ARENA_BLOCK);
		if (!b) {
			*oom = true;
			return NULL;
		}
		b->next = head;
		*headp = head = b;
	}
	void *p = (char *)head->data + head->used;
	head->used += bytes;
	return p;
}

void *scn_alloc(struct scn_loader *L, size_t n, size_t size)
{
	return arena_alloc(&L->s->arena, n, size, &L->oom);
}

const struct scn_path *scn_path_keep(struct scn_loader *L, const struct scn_path *p)
{
	size_t depth = 0;
	for (const struct scn_path *q = p; q; q = q->up)
		depth++;
	struct scn_path *copy = arena_alloc(&L->tmp, depth, sizeof *copy, &L->oom);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < depth; i++, p = p->up) {
		copy[i] = *p;
		copy[i].up = i + 1 < depth ? &copy[i + 1] : NULL;
	}
	return copy;
}

char *scn_strdup(struct scn_loader *L, const char *s)
{
	size_t len = strlen(s);
	char *copy = scn_alloc(L, len + 1, 1);
	if (copy)
		memcpy(copy, s, len + 1);
	return copy;
}

void *scn_grow(struct scn_loader *L, void *arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return arr;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need && ncap <= SIZE_MAX / 2)
		ncap *= 2;
	void *grown = ncap >= need && ncap <= SIZE_MAX / size ? realloc(arr, ncap * size) : NULL;
	if (!grown) {
		L->oom = true;
		return NULL;
	}
	*cap = ncap;
	return grown;
}

/* {=== strings ===} */

void scn_str_vadd(struct scn_str *b, const char *fmt, va_list ap)
{
	if (b->oom)
		return;
	va_list ap2;
	va_copy(ap2, ap);
	int len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0 || (size_t)len >= SIZE_MAX / 2 - b->n) {
		b->oom = true;
		return;
	}
	if (b->n + (size_t)len + 1 > b->cap) {
		size_t cap = (b->n + (size_t)len + 1) * 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	vsnprintf(b->s + b->n, (size_t)len + 1, fmt, ap);
	b->n += (size_t)len;
}

void scn_str_add(struct scn_str *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	scn_str_vadd(b, fmt, ap);
	va_end(ap);
}

static bool is_identifier(const char *k)
{
	if (!*k || (*k >= '0' && *k <= '9'))
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

/* Length of the UTF-8 sequence that starts with byte c (1 if invalid). */
static size_t utf8_seq_len(unsigned char c)
{
	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Writes s into out (SCN_SHOW_MAX bytes) with control bytes as \xNN (and
** `quote` bytes escaped when not NUL), cut with "..." when too long. */
static void show_into(char *out, const char *s, char quote)
{
	const size_t room = SCN_SHOW_MAX - 4;   /* keeps space for "..." and NUL */
	size_t n = 0;
	const unsigned char *c = (const unsigned char *)s;
	while (*c) {
		bool control = *c < 0x20 || *c == 0x7f;
		bool escaped = quote && (*c == (unsigned char)quote || *c == '\\');
		size_t k = control || escaped ? 1 : utf8_seq_len(*c);   /* bytes read */
		size_t w = control ? 4 : escaped ? 2 : k;              /* bytes written */
		if (n + w > room) {
			memcpy(out + n, "...", 4);
			return;
		}
		if (control) {
			snprintf(out + n, 5, "\\x%02x", *c++);
			n += 4;
			continue;
		}
		if (escaped)
			out[n++] = '\\';
		for (size_t i = 0; i < k && *c; i++)
			out[n++] = (char)*c++;
	}
	out[n] = '\0';
}

/* Keys that are not identifiers (template names with spaces...) are
** written as ["key"]. */
void scn_str_path(struct scn_str *b, const struct scn_path *p)
{
	if (!p) {
		scn_str_add(b, "(root)");
		return;
	}
	if (p->up)
		scn_str_path(b, p->up);
	if (!p->key) {
		scn_str_add(b, "[%u]", (unsigned)p->index);
	} else if (!is_identifier(p->key) || strlen(p->key) > SCN_SHOW_MAX / 2) {
		char key[SCN_SHOW_MAX];
		show_into(key, p->key, '"');
		scn_str_add(b, "[\"%s\"]", key);
	} else {
		scn_str_add(b, "%s%s", p->up ? "." : "", p->key);
	}
}

char *scn_path_string(struct scn_loader *L, const struct scn_path *p)
{
	struct scn_str b = {0};
	scn_str_path(&b, p);
	if (b.oom) {
		free(b.s);
		L->oom = true;
		return NULL;
	}
	return b.s;
}

const char *scn_show(struct scn_loader *L, const char *s)
{
	char *out = L->show[L->show_next++ % SCN_SHOW_SLOTS];
	show_into(out, s, '\0');
	return out;
}

const char *scn_show_atom(struct scn_loader *L, atom_t a)
{
	char prefix[SCN_SHOW_MAX + 8];   /* longer than show_into keeps: cut with "..." */
	atom_prefix(&L->s->atoms, a, prefix, sizeof prefix);
	return scn_show(L, prefix);
}

/* {=== errors ===} */

size_t scn_errors(const struct scn_loader *L)
{
	return L->nerrs + L->omitted;
}

bool scn_err_skip(struct scn_loader *L)
{
	if (L->nerrs < SCN_ERRORS_KEPT)
		return false;
	L->omitted++;
	return true;
}

/* Keeps the formatted line `b` (taking its buffer) for later sorting. */
static void keep_error(struct scn_loader *L, size_t offset, struct scn_str *b)
{
	if (b->oom) {
		free(b->s);
		L->oom = true;
		return;
	}
	struct scn_error *errs = L->nerrs < SCN_ERRORS_KEPT ?
		scn_grow(L, L->errs, &L->errcap, L->nerrs + 1, sizeof *L->errs) : NULL;
	if (!errs) {
		free(b->s);
		L->omitted++;
		return;
	}
	L->errs = errs;
	L->errs[L->nerrs] = (struct scn_error){offset, L->nerrs, b->s};
	L->nerrs++;
}

void scn_err_line(struct scn_loader *L, size_t offset, const char *fmt, ...)
{
	struct scn_str b = {0};
	va_list ap;
	va_start(ap, fmt);
	scn_str_vadd(&b, fmt, ap);
	va_end(ap);
	keep_error(L, offset, &b);
}

void scn_err(struct scn_loader *L, const cJSON *at, const struct scn_path *p, const char *fmt, ...)
{
	struct scn_str b = {0};
	scn_str_add(&b, "%s: ", L->label);
	scn_str_path(&b, p);
	scn_str_add(&b, ": ");
	va_list ap;
	va_start(ap, fmt);
	scn_str_vadd(&b, fmt, ap);
	va_end(ap);
	keep_error(L, at ? scn_json_offset(L, at) : 0, &b);
}

void scn_err_at(struct scn_loader *L, size_t offset, const char *path, const char *fmt, ...)
{
	struct scn_str b = {0};
	scn_str_add(&b, "%s: %s: ", L->label, path);
	va_list ap;
	va_start(ap, fmt);
	scn_str_vadd(&b, fmt, ap);
	va_end(ap);
	keep_error(L, offset, &b);
}

void scn_err_type(struct scn_loader *L, const cJSON *v, const struct scn_path *p, const char *what)
{
	char got[64];
	scn_json_describe(L, v, got, sizeof got);
	scn_err(L, v, p, "expected %s, got %s", what, got);
}

static int cmp_error(const void *a, const void *b)
{
	const struct scn_error *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Moves the errors, in file order, into d. */
static void flush_errors(struct scn_loader *L, struct sim_diag *d)
{
	qsort(L->errs, L->nerrs, sizeof *L->errs, cmp_error);
	for (size_t i = 0; i < L->nerrs; i++) {
		sim_diag_add(d, "%s", L->errs[i].msg);
		free(L->errs[i].msg);
	}
	L->nerrs = 0;
	sim_diag_omit(d, L->omitted);
}

/* {=== loading ===} */

static void loader_free(struct scn_loader *L)
{
	for (size_t i = 0; i < L->nerrs; i++)
		free(L->errs[i].msg);
	free(L->errs);
	free(L->sites);
	free(L->refs);
	arena_free(L->tmp);
	free(L->names);
	free(L->tmpls);
	scn_json_free(&L->json);
}

void scn_free(struct scenario *s)
{
	if (!s)
		return;
	atom_free(&s->atoms);
	arena_free(s->arena);
	free(s->terms);
	free(s);
}

/* A scenario with every default in place; NULL (L->oom) on ENOMEM. */
static struct scenario *scenario_new(struct scn_loader *L)
{
	struct scenario *s = calloc(1, sizeof *s);
	if (!s) {
		L->oom = true;
		return NULL;
	}
	L->s = s;
	atom_init(&s->atoms);
	sim_config_default(&s->config);
	s->title = scn_strdup(L, "");
	s->description = scn_strdup(L, "");
	if (s->atoms.n != ATOM_PREDEFINED_COUNT)
		L->oom = true;
	return s;
}

static void report(struct sim_diag *d, enum sim_status status, const char *path, const char *what)
{
	sim_diag_add(d, "%s: error: %s", path, what);
	d->status = status;
}

static void report_too_big(struct sim_diag *d, const char *path)
{
	char what[64];
	snprintf(what, sizeof what, "the file is larger than %u MiB", SIM_MAX_FILE_BYTES >> 20);
	report(d, SIM_EINVALID, path, what);
}

/* "cannot read: " and strerror with a lower-case first letter. */
static void report_read_error(struct sim_diag *d, const char *path, int err)
{
	char reason[128], what[160];
	snprintf(reason, sizeof reason, "%s", err ? strerror(err) : "read error");
	if (reason[0] >= 'A' && reason[0] <= 'Z')
		reason[0] = (char)(reason[0] - 'A' + 'a');
	snprintf(what, sizeof what, "cannot read: %s", reason);
	report(d, SIM_EREAD, path, what);
}

struct scenario *scn_load_text(const char *text, size_t len, const char *label, struct sim_diag *d)
{
	struct scn_loader L = {0};
	L.label = label ? label : "<text>";
	L.text = text ? text : "";
	L.len = text ? len : 0;
	L.suggest_budget = SCN_SUGGEST_BUDGET;
	if (L.len > SIM_MAX_FILE_BYTES) {
		report_too_big(d, L.label);
		return NULL;
	}
	struct scenario *s = scenario_new(&L);
	if (s && !L.oom) {
		s->root = scn_json_parse(&L);
		if (s->root)
			scn_check_root(&L, s->root);
	}
	bool failed = L.oom || scn_errors(&L) > 0;
	if (L.oom) {
		report(d, SIM_ENOMEM, L.label, "out of memory");
	} else if (failed) {
		flush_errors(&L, d);
		d->status = SIM_EINVALID;
	}
	loader_free(&L);
	if (failed) {
		scn_free(s);
		return NULL;
	}
	return s;
}

/* What a non-regular file is, for "cannot read: not a regular file (...)". */
static const char *file_kind(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a file";
}

/* Refuses what read_file must not read: anything but a regular file (a
** FIFO would block, a device never end) and a file over the limit.
** Returns false after reporting the problem in d. */
static bool check_stat(const char *path, const struct stat *st, struct sim_diag *d)
{
	if (S_ISDIR(st->st_mode)) {
		report(d, SIM_EREAD, path, "cannot read: is a directory");
		return false;
	}
	if (!S_ISREG(st->st_mode)) {
		char what[96];
		snprintf(what, sizeof what, "cannot read: not a regular file (%s)",
		         file_kind(st->st_mode));
		report(d, SIM_EREAD, path, what);
		return false;
	}
	if (st->st_size > (off_t)SIM_MAX_FILE_BYTES) {
		report_too_big(d, path);
		return false;
	}
	return true;
}

/* Opens path for reading if it is a regular file no larger than
** SIM_MAX_FILE_BYTES: stat first (a FIFO is never opened), then open with
** O_NONBLOCK and fstat again, in case the path changed in between.
** Returns the descriptor with *st filled, or -1 after reporting the
** problem in d. */
static int open_regular(const char *path, struct stat *st, struct sim_diag *d)
{
	if (stat(path, st) != 0) {
		report_read_error(d, path, errno);
		return -1;
	}
	if (!check_stat(path, st, d))
		return -1;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		report_read_error(d, path, errno);
		return -1;
	}
	if (fstat(fd, st) != 0) {
		report_read_error(d, path, errno);
		close(fd);
		return -1;
	}
	if (!check_stat(path, st, d)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads fd to its end into *buf (malloc'd, *cap bytes; grown when the
** file grew since fstat, up to one byte over SIM_MAX_FILE_BYTES), *n the
** bytes read.  Returns 0 or an errno (ENOMEM when growing failed). */
static int read_all(int fd, char **buf, size_t *cap, size_t *n)
{
	for (;;) {
		if (*n == *cap) {   /* the file grew since fstat */
			size_t ncap = *cap * 2 > (size_t)SIM_MAX_FILE_BYTES + 1 ?
			              (size_t)SIM_MAX_FILE_BYTES + 1 : *cap * 2;
			if (ncap == *cap)
				return 0;   /* one byte over the limit: the caller refuses it */
			char *grown = realloc(*buf, ncap);
			if (!grown)
				return ENOMEM;
			*buf = grown;
			*cap = ncap;
		}
		ssize_t got = read(fd, *buf + *n, *cap - *n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return errno;
		if (got == 0)
			return 0;
		*n += (size_t)got;
	}
}

/*
** Reads path into *text (malloc'd, st_size bytes and a spare one: the
** buffer is allocated once).  Only regular files are opened
** (open_regular).  A file that grows while it is read past
** SIM_MAX_FILE_BYTES is refused.  Returns false after reporting the
** problem in d.
*/
static bool read_file(const char *path, char **text, size_t *len, struct sim_diag *d)
{
	struct stat st;
	int fd = open_regular(path, &st, d);
	if (fd < 0)
		return false;
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		report(d, SIM_ENOMEM, path, "out of memory");
		return false;
	}
	int err = read_all(fd, &buf, &cap, &n);
	close(fd);
	if (err || n > SIM_MAX_FILE_BYTES) {
		free(buf);
		if (err == ENOMEM)
			report(d, SIM_ENOMEM, path, "out of memory");
		else if (err)
			report_read_error(d, path, err);
		else
			report_too_big(d, path);
		return false;
	}
	*text = buf;
	*len = n;
	return true;
}

struct scenario *scn_load_file(const char *path, struct sim_diag *d)
{
	char *text = NULL;
	size_t len = 0;
	if (!read_file(path, &text, &len, d))
		return NULL;
	struct scenario *s = scn_load_text(text, len, path, d);
	free(text);
	return s;
}

/* {=== the public interface (sim.h) ===} */

sim_scenario *sim_scenario_load(const char *path, struct sim_diag *d)
{
	return scn_load_file(path, d);
}

sim_scenario *sim_scenario_load_text(const char *text, size_t len, const char *label,
                                     struct sim_diag *d)
{
	return scn_load_text(text, len, label, d);
}

sim_scenario *sim_scenario_load_default(struct sim_diag *d)
{
	return scn_load_text(sim_default_scenario_text, sim_default_scenario_len,
	                     "<built-in default>", d);
}

void sim_scenario_free(sim_scenario *s)
{
	scn_free(s);
}

const char *sim_scenario_title(const sim_scenario *s)
{
	return s->title;
}

const char *sim_scenario_description(const sim_scenario *s)
{
	return s->description;
}

struct sim_config sim_scenario_config(const sim_scenario *s)
{
	return s->config;
}

size_t sim_scenario_note_count(const sim_scenario *s)
{
	return s->nnotes;
}

void sim_scenario_note_get(const sim_scenario *s, size_t i, struct sim_note *out)
{
	if (i >= s->nnotes) {
		*out = (struct sim_note){ SIM_NOTE_AT, 0, NULL, "" };
		return;
	}
	const struct note *n = &s->notes[i];
	*out = (struct sim_note){ n->when, n->at, n->name, n->text };
}

void sim_scenario_note(const sim_scenario *s, size_t i, uint64_t *at, const char **text)
{
	if (i >= s->nnotes) {
		*at = 0;
		*text = "";
		return;
	}
	*at = s->notes[i].at;
	*text = s->notes[i].text;
}
