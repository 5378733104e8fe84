/*
** archive.c - the compact records of processes long exited (ptable.c
** decides when), in chunks of one page of records each.
**
** A chunk never changes once written, so an engine and all its
** checkpoints share one archive (reference counted): a checkpoint only
** remembers which chunk holds which page.  The newest ARCHIVE_MEM_CHUNKS
** chunks stay in memory; older ones are written to an unlinked temporary
** file (in $TMPDIR, else /tmp) and read back one chunk at a time when a
** view asks for them.  That keeps a run of endless restarts flat in
** memory while its summary still lists every pid.  When no temporary file
** can be made or written, chunks simply stay in memory.
**
** Reads go through a one-chunk cache, so views are not reentrant across
** threads; the engine calls them only between steps or in the serial
** boundary phase.
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

#define CHUNK_BYTES(a) ((a)->page * sizeof(struct proc_rec))

struct archive {
	unsigned refs;
	uint32_t page;              /* records per chunk */
	uint32_t n;                 /* chunks written */
	uint32_t spilled;           /* chunks [0, spilled) are in the file */
	struct proc_rec **mem;      /* chunk i in [spilled, n) is mem[i - base] */
	uint32_t base, nmem, memcap;
	int fd;                     /* the file, -1 until the first spill */
	bool no_spill;              /* the file cannot be made or written: keep chunks */
	uint32_t cached;            /* chunk held in `cache`, UINT32_MAX = none */
	struct proc_rec *cache;
};

struct archive *archive_create(uint32_t page)
{
	struct archive *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->refs = 1;
	a->page = page;
	a->fd = -1;
	a->cached = UINT32_MAX;
	return a;
}

struct archive *archive_ref(struct archive *a)
{
	a->refs++;
	return a;
}

void archive_unref(struct archive *a)
{
	if (!a || --a->refs > 0)
		return;
	for (uint32_t i = a->spilled; i < a->n; i++)
		free(a->mem[i - a->base]);
	free(a->mem);
	free(a->cache);
	if (a->fd >= 0)
		close(a->fd);
	free(a);
}

static int open_spill_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	if (!dir || !*dir)
		dir = "/tmp";
	if (snprintf(path, sizeof path, "%s/beamsim-archive-XXXXXX", dir) >= (int)sizeof path)
		return -1;
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);           /* gone with the last descriptor, even after a crash */
	return fd;
}

static bool write_all(int fd, const void *buf, size_t len, off_t at)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t w = pwrite(fd, p, len, at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		len -= (size_t)w;
		at += w;
	}
	return true;
}

static bool read_all(int fd, void *buf, size_t len, off_t at)
{
	char *p = buf;
	while (len > 0) {
		ssize_t r = pread(fd, p, len, at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		len -= (size_t)r;
		at += r;
	}
	return true;
}

/* Moves the oldest chunk still in memory to the file.  After a failure
** nothing more is spilled; what is in the file stays readable. */
static void spill_one(struct archive *a)
{
	if (a->fd < 0 && (a->fd = open_spill_file()) < 0) {
		a->no_spill = true;
		return;
	}
	uint32_t i = a->spilled;
	if (!write_all(a->fd, a->mem[i - a->base], CHUNK_BYTES(a), (off_t)i * (off_t)CHUNK_BYTES(a))) {
		a->no_spill = true;
		return;
	}
	free(a->mem[i - a->base]);
	a->spilled++;
	/* drop the spilled front of `mem` once it is half of it: the pointers
	** kept stay proportional to the chunks in memory, not to the run */
	uint32_t dead = a->spilled - a->base;
	if (dead * 2 >= a->nmem) {
		a->nmem -= dead;
		memmove(a->mem, a->mem + dead, a->nmem * sizeof *a->mem);
		a->base = a->spilled;
	}
}

bool archive_put(struct archive *a, const struct proc_rec *recs, uint32_t *chunk)
{
	struct proc_rec *c = malloc(CHUNK_BYTES(a));
	if (!c || !VEC_PUSH(a->mem, a->nmem, a->memcap, c)) {
		free(c);
		return false;
	}
	memcpy(c, recs, CHUNK_BYTES(a));
	*chunk = a->n++;
	if (a->n - a->spilled > ARCHIVE_MEM_CHUNKS && !a->no_spill)
		spill_one(a);
	return true;
}

bool archive_get(struct archive *a, uint32_t chunk, uint32_t i, struct proc_rec *out)
{
	if (chunk >= a->n || i >= a->page)
		return false;
	if (chunk >= a->spilled) {
		*out = a->mem[chunk - a->base][i];
		return true;
	}
	if (a->cached != chunk) {
		if (!a->cache && !(a->cache = malloc(CHUNK_BYTES(a))))
			return false;
		a->cached = UINT32_MAX;
		if (a->fd < 0 || !read_all(a->fd, a->cache, CHUNK_BYTES(a), (off_t)chunk * (off_t)CHUNK_BYTES(a)))
			return false;
		a->cached = chunk;
	}
	*out = a->cache[i];
	return true;
}

size_t archive_memory(const struct archive *a)
{
	return sizeof *a + (size_t)a->memcap * sizeof *a->mem +
	       (size_t)(a->n - a->spilled) * CHUNK_BYTES(a) + (a->cache ? CHUNK_BYTES(a) : 0);
}

uint32_t archive_chunks(const struct archive *a) { return a->n; }
uint32_t archive_spilled(const struct archive *a) { return a->spilled; }
