/*
** atom.c - the atom table: interned, NUL-terminated strings with dense ids
** (struct atom_table in scenario.h).
**
** Lookup is an open-addressing hash (linear probing, power-of-two size,
** load factor at most 1/2) that stores atom ids; the strings live in
** `names`, indexed by id.
*/
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

#define SLOT_EMPTY UINT32_MAX

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
static uint32_t hash_string(const char *s)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* Puts atom `a` into a hash array of `cap` slots known to have room. */
static void slot_insert(uint32_t *hash, uint32_t cap, uint32_t h, atom_t a)
{
	uint32_t i = h & (cap - 1);
	while (hash[i] != SLOT_EMPTY)
		i = (i + 1) & (cap - 1);
	hash[i] = a;
}

/* Rebuilds the hash with `cap` slots; false when out of memory. */
static bool rehash(struct atom_table *t, uint32_t cap)
{
	uint32_t *hash = malloc((size_t)cap * sizeof *hash);
	if (!hash)
		return false;
	memset(hash, 0xff, (size_t)cap * sizeof *hash);
	for (atom_t a = 0; a < t->n; a++)
		slot_insert(hash, cap, hash_string(t->names[a]), a);
	free(t->hash);
	t->hash = hash;
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
	for (atom_t a = 0; a < t->n; a++)
		free(t->names[a]);
	free(t->names);
	free(t->hash);
	memset(t, 0, sizeof *t);
}

atom_t atom_find(const struct atom_table *t, const char *s)
{
	if (t->hcap == 0)
		return UINT32_MAX;
	uint32_t i = hash_string(s) & (t->hcap - 1);
	for (; t->hash[i] != SLOT_EMPTY; i = (i + 1) & (t->hcap - 1))
		if (strcmp(t->names[t->hash[i]], s) == 0)
			return t->hash[i];
	return UINT32_MAX;
}

atom_t atom_intern(struct atom_table *t, const char *s)
{
	atom_t a = atom_find(t, s);
	if (a != UINT32_MAX)
		return a;
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
	size_t len = strlen(s);
	char *copy = malloc(len + 1);
	if (!copy)
		return UINT32_MAX;
	memcpy(copy, s, len + 1);
	a = t->n++;
	t->names[a] = copy;
	slot_insert(t->hash, t->hcap, hash_string(copy), a);
	return a;
}
