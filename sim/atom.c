/*
** atom.c - the atom table: interned, NUL-terminated strings with dense ids
** (struct atom_table in scenario.h).
**
** Lookup is an open-addressing hash (linear probing, power-of-two size,
** load factor at most 1/2).  Each slot holds an atom id and the full hash
** of its name, so a probe compares hashes and reads a name only when they
** are equal: with millions of atoms (counted spawns) the table no longer
** fits in the cache, and every name read would be a cache miss.  Growing
** the table needs no name either.  The names' bytes live in big blocks
** (`pool`), indexed by id through `names`.
*/
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

#define SLOT_EMPTY UINT32_MAX
#define POOL_BLOCK (256u * 1024u)

struct atom_pool {
	struct atom_pool *next;
	size_t used, cap;
	char data[];
};

static const char *const predefined[ATOM_PREDEFINED_COUNT] = {
	[ATOM_NORMAL] = "normal",
	[ATOM_KILL] = "kill",
	[ATOM_KILLED] = "killed",
	[ATOM_SHUTDOWN] = "shutdown",
	[ATOM_NOPROC] = "noproc",
	[ATOM_EXIT_TAG] = "EXIT",
	[ATOM_DOWN_TAG] = "DOWN",
	[ATOM_SYSTEM_LIMIT] = "system_limit",
	[ATOM_BADARG] = "badarg",
	[ATOM_NONE] = "",
};

/* FNV-1a, 32 bits, then murmur3's finalizer: FNV's low bits depend only
** on the low bits of the bytes, and names such as w_1234567 differ mostly
** there, so without the final mixing the probe chains grow long. */
static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)s, *e = p + len; p < e; p++)
		h = (h ^ *p) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* Puts a slot into a hash array of `cap` slots known to have room. */
static void slot_insert(struct atom_slot *slots, uint32_t cap, struct atom_slot s)
{
	uint32_t i = s.hash & (cap - 1);
	while (slots[i].id != SLOT_EMPTY)
		i = (i + 1) & (cap - 1);
	slots[i] = s;
}

/* Rebuilds the hash with `cap` slots; false when out of memory. */
static bool rehash(struct atom_table *t, uint32_t cap)
{
	struct atom_slot *slots = malloc((size_t)cap * sizeof *slots);
	if (!slots)
		return false;
	memset(slots, 0xff, (size_t)cap * sizeof *slots);
	for (uint32_t i = 0; i < t->hcap; i++)
		if (t->slots[i].id != SLOT_EMPTY)
			slot_insert(slots, cap, t->slots[i]);
	free(t->slots);
	t->slots = slots;
	t->hcap = cap;
	return true;
}

/* On ENOMEM the table keeps fewer than ATOM_PREDEFINED_COUNT atoms:
** callers check t->n. */
void atom_init(struct atom_table *t)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < ATOM_PREDEFINED_COUNT; i++)
		if (atom_intern(t, predefined[i]) == UINT32_MAX)
			return;
}

void atom_free(struct atom_table *t)
{
	for (struct atom_pool *b = t->pool, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(t->names);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

/* The id of the len bytes at s with hash h, or UINT32_MAX. */
static atom_t find(const struct atom_table *t, const char *s, size_t len, uint32_t h)
{
	if (t->hcap == 0)
		return UINT32_MAX;
	const uint32_t mask = t->hcap - 1;
	for (uint32_t i = h & mask; t->slots[i].id != SLOT_EMPTY; i = (i + 1) & mask) {
		if (t->slots[i].hash != h)
			continue;
		const char *name = t->names[t->slots[i].id];
		if (memcmp(name, s, len) == 0 && name[len] == '\0')
			return t->slots[i].id;
	}
	return UINT32_MAX;
}

atom_t atom_find(const struct atom_table *t, const char *s)
{
	size_t len = strlen(s);
	return find(t, s, len, hash_bytes(s, len));
}

/* A copy of the len bytes at s, NUL-terminated, from the pool. */
static char *pool_copy(struct atom_table *t, const char *s, size_t len)
{
	struct atom_pool *b = t->pool;
	if (!b || b->cap - b->used < len + 1) {
		size_t cap = len + 1 > POOL_BLOCK / 4 ? len + 1 : POOL_BLOCK;
		struct atom_pool *nb = malloc(sizeof *nb + cap);
		if (!nb)
			return NULL;
		nb->used = 0;
		nb->cap = cap;
		if (b && cap != POOL_BLOCK) {   /* a big name: keep the head's free space */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			t->pool = nb;
		}
		b = nb;
	}
	char *copy = b->data + b->used;
	b->used += len + 1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

/* Adds the len bytes at s (hash h), known to be absent; UINT32_MAX on ENOMEM. */
static atom_t add(struct atom_table *t, const char *s, size_t len, uint32_t h)
{
	if (t->n >= UINT32_MAX / 4)         /* keeps hcap (> 2n) within uint32_t */
		return UINT32_MAX;
	if ((t->n + 1) * 2 > t->hcap && !rehash(t, t->hcap ? t->hcap * 2 : 64))
		return UINT32_MAX;
	if (t->n == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 32;
		char **names = realloc(t->names, (size_t)cap * sizeof *names);
		if (!names)
			return UINT32_MAX;
		t->names = names;
		t->cap = cap;
	}
	char *copy = pool_copy(t, s, len);
	if (!copy)
		return UINT32_MAX;
	atom_t a = t->n++;
	t->names[a] = copy;
	slot_insert(t->slots, t->hcap, (struct atom_slot){h, a});
	return a;
}

atom_t atom_intern_n(struct atom_table *t, const char *s, size_t len)
{
	uint32_t h = hash_bytes(s, len);
	atom_t a = find(t, s, len, h);
	return a != UINT32_MAX ? a : add(t, s, len, h);
}

atom_t atom_intern(struct atom_table *t, const char *s)
{
	return atom_intern_n(t, s, strlen(s));
}

/* Writes v in decimal at out; returns the number of digits. */
static size_t put_decimal(char *out, uint64_t v)
{
	char d[24];
	size_t n = 0;
	do
		d[n++] = (char)('0' + v % 10);
	while (v /= 10);
	for (size_t i = 0; i < n; i++)
		out[i] = d[n - 1 - i];
	return n;
}

#define BATCH 16

bool atom_intern_counted(struct atom_table *t, const char *stem, uint64_t k, atom_t *out)
{
	size_t sl = strlen(stem);
	char *buf = malloc(BATCH * (sl + 24));
	if (!buf)
		return false;
	bool ok = true;
	for (uint64_t i = 0; i < k && ok; i += BATCH) {
		uint32_t m = k - i < BATCH ? (uint32_t)(k - i) : BATCH;
		/* Room for the whole batch first, so that its slots stay put. */
		if (t->n > UINT32_MAX / 4 - BATCH) {
			ok = false;
			break;
		}
		uint32_t cap = t->hcap ? t->hcap : 64;
		while ((t->n + m) * 2 > cap)
			cap *= 2;
		if (cap != t->hcap && !rehash(t, cap)) {
			ok = false;
			break;
		}
		size_t len[BATCH];
		uint32_t h[BATCH];
		for (uint32_t j = 0; j < m; j++) {
			char *name = buf + j * (sl + 24);
			memcpy(name, stem, sl);
			name[sl] = '_';
			len[j] = sl + 1 + put_decimal(name + sl + 1, i + j + 1);
			h[j] = hash_bytes(name, len[j]);
#if defined(__GNUC__)
			__builtin_prefetch(&t->slots[h[j] & (t->hcap - 1)]);
#endif
		}
		for (uint32_t j = 0; j < m && ok; j++) {
			const char *name = buf + j * (sl + 24);
			atom_t a = find(t, name, len[j], h[j]);
			if (a == UINT32_MAX && (a = add(t, name, len[j], h[j])) == UINT32_MAX)
				ok = false;
			out[i + j] = a;
		}
	}
	free(buf);
	return ok;
}
