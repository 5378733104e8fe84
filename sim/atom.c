/*
** atom.c - the atom table: interned, NUL-terminated strings with dense ids
** (struct atom_table in scenario.h).
**
** Lookup is an open-addressing hash (linear probing, power-of-two size,
** load factor at most 1/2).  Each slot holds an atom id and the full hash
** of its name, so a probe compares hashes and reads a name only when they
** are equal: with millions of atoms the table no longer fits in the
** cache, and every name read would be a cache miss.  Growing the table
** needs no name either.  The names' bytes live in big blocks (`pool`),
** indexed by id through `names`.
**
** Counted names are ranges (struct atom_range), not strings, and are not
** in the hash: a lookup of "w_12" that misses the hash splits it into the
** stem "w" and the index 12 and looks for a range of "w" holding 12.  The
** invariant that keeps ids unique: a counted name gets a range id only if
** no plain atom has its string, and a plain atom is added only if no range
** holds its string.  Ranges only have plain stems (a count of a counted
** name makes plain atoms, as before), so a lookup splits a string once.
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
** there, so without the final mixing the probe chains grow long.  The
** state before the finalizer can be carried on (a stem, then digits). */
static uint32_t fnv(uint32_t h, const char *s, size_t len)
{
	for (const unsigned char *p = (const unsigned char *)s, *e = p + len; p < e; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static uint32_t mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

#define FNV_START 2166136261u

static uint32_t hash_bytes(const char *s, size_t len)
{
	return mix(fnv(FNV_START, s, len));
}

/* Puts a slot into a hash array of `cap` slots known to have room. */
static void slot_insert(struct atom_slot *slots, uint32_t cap, struct atom_slot s)
{
	uint32_t i = s.hash & (cap - 1);
	while (slots[i].id != SLOT_EMPTY)
		i = (i + 1) & (cap - 1);
	slots[i] = s;
}

/* Rebuilds the hash array *slots (*cap slots) with `cap` slots; false when
** out of memory. */
static bool rehash(struct atom_slot **slotsp, uint32_t *capp, uint32_t cap)
{
	struct atom_slot *slots = malloc((size_t)cap * sizeof *slots);
	if (!slots)
		return false;
	memset(slots, 0xff, (size_t)cap * sizeof *slots);
	for (uint32_t i = 0; i < *capp; i++)
		if ((*slotsp)[i].id != SLOT_EMPTY)
			slot_insert(slots, cap, (*slotsp)[i]);
	free(*slotsp);
	*slotsp = slots;
	*capp = cap;
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
	for (uint32_t r = 0; r < t->nranges; r++)   /* counted names made by atom_name */
		for (uint32_t i = 0; i < t->ranges[r].n; i++)
			free(atomic_load(&t->names[t->ranges[r].first + i]));
	free(t->names);
	free(t->slots);
	free(t->ranges);
	free(t->heads);
	memset(t, 0, sizeof *t);
}

/* {=== plain atoms ===} */

static const char *plain_name(const struct atom_table *t, atom_t a)
{
	return atomic_load_explicit(&t->names[a], memory_order_relaxed);
}

/* The id of the plain atom of the len bytes at s with hash h, or UINT32_MAX. */
static atom_t find_plain(const struct atom_table *t, const char *s, size_t len, uint32_t h)
{
	if (t->hcap == 0)
		return UINT32_MAX;
	const uint32_t mask = t->hcap - 1;
	for (uint32_t i = h & mask; t->slots[i].id != SLOT_EMPTY; i = (i + 1) & mask) {
		if (t->slots[i].hash != h)
			continue;
		const char *name = plain_name(t, t->slots[i].id);
		if (memcmp(name, s, len) == 0 && name[len] == '\0')
			return t->slots[i].id;
	}
	return UINT32_MAX;
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

/* A new id whose name is `name` (NULL: counted); UINT32_MAX on ENOMEM. */
static atom_t new_id(struct atom_table *t, char *name)
{
	if (t->n >= UINT32_MAX / 4)
		return UINT32_MAX;
	if (t->n == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 32;
		_Atomic(char *) *names = realloc(t->names, (size_t)cap * sizeof *names);
		if (!names)
			return UINT32_MAX;
		t->names = names;
		t->cap = cap;
	}
	atomic_init(&t->names[t->n], name);
	return t->n++;
}

/* Adds the plain atom of the len bytes at s (hash h), known to be absent;
** UINT32_MAX on ENOMEM. */
static atom_t add_plain(struct atom_table *t, const char *s, size_t len, uint32_t h)
{
	if ((t->nplain + 1) * 2 > t->hcap &&
	    !rehash(&t->slots, &t->hcap, t->hcap ? t->hcap * 2 : 64))
		return UINT32_MAX;
	char *copy = pool_copy(t, s, len);
	atom_t a = copy ? new_id(t, copy) : UINT32_MAX;
	if (a == UINT32_MAX)
		return UINT32_MAX;
	t->nplain++;
	slot_insert(t->slots, t->hcap, (struct atom_slot){h, a});
	return a;
}

/* {=== counted names ===} */

/* The first range of stem, or UINT32_MAX. */
static uint32_t first_range(const struct atom_table *t, atom_t stem)
{
	if (t->headcap == 0)
		return UINT32_MAX;
	const uint32_t mask = t->headcap - 1;
	/* The key is the stem's id itself (slot_insert places by it): ids are dense. */
	for (uint32_t i = stem & mask; t->heads[i].id != SLOT_EMPTY; i = (i + 1) & mask)
		if (t->heads[i].hash == stem)
			return t->heads[i].id;
	return UINT32_MAX;
}

/* The counted atom STEM_index, or UINT32_MAX. */
static atom_t find_counted(const struct atom_table *t, atom_t stem, uint64_t index)
{
	for (uint32_t r = first_range(t, stem); r != UINT32_MAX; r = t->ranges[r].next) {
		const struct atom_range *g = &t->ranges[r];
		if (index >= g->lo && index - g->lo < g->n)
			return g->first + (atom_t)(index - g->lo);
	}
	return UINT32_MAX;
}

/* The range that holds id a (a counted atom). */
static const struct atom_range *range_of(const struct atom_table *t, atom_t a)
{
	uint32_t lo = 0, hi = t->nranges;   /* the last range with first <= a */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (t->ranges[mid].first <= a)
			lo = mid;
		else
			hi = mid;
	}
	return &t->ranges[lo];
}

/* Whether a is a counted atom (its name may have been made already). */
static bool is_counted(const struct atom_table *t, atom_t a)
{
	if (t->nranges == 0 || a < t->ranges[0].first)
		return false;
	const struct atom_range *g = range_of(t, a);
	return a - g->first < g->n;
}

/* Splits "STEM_N" (N decimal, no leading zero, 1 .. UINT32_MAX) into the
** stem's length and N; false when s has no such form. */
static bool split_counted(const char *s, size_t len, size_t *stem_len, uint64_t *index)
{
	size_t d = len;
	while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
		d--;
	if (d == len || d == 0 || s[d - 1] != '_' || s[d] == '0' || len - d > 10)
		return false;
	uint64_t v = 0;
	for (size_t i = d; i < len; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	if (v > UINT32_MAX)
		return false;
	*stem_len = d - 1;
	*index = v;
	return true;
}

/* The counted atom whose name is the len bytes at s, or UINT32_MAX. */
static atom_t find_counted_name(const struct atom_table *t, const char *s, size_t len)
{
	size_t sl;
	uint64_t index;
	if (t->nranges == 0 || !split_counted(s, len, &sl, &index))
		return UINT32_MAX;
	atom_t stem = find_plain(t, s, sl, hash_bytes(s, sl));
	return stem == UINT32_MAX ? UINT32_MAX : find_counted(t, stem, index);
}

/* Appends ids for STEM_lo .. STEM_(lo+n-1) to the ranges; UINT32_MAX on
** ENOMEM, else the first id.  A range that continues the last one (same
** stem, next ids, next indexes) grows it instead. */
static atom_t add_counted(struct atom_table *t, atom_t stem, uint32_t lo, uint32_t n)
{
	struct atom_range *last = t->nranges ? &t->ranges[t->nranges - 1] : NULL;
	bool extend = last && last->base == stem && last->first + last->n == t->n &&
	              last->lo + last->n == lo;
	if (!extend) {
		if (t->nranges == t->rcap) {
			uint32_t cap = t->rcap ? t->rcap * 2 : 8;
			struct atom_range *r = realloc(t->ranges, (size_t)cap * sizeof *r);
			if (!r)
				return UINT32_MAX;
			t->ranges = r;
			t->rcap = cap;
		}
		if ((t->nheads + 1) * 2 > t->headcap &&
		    !rehash(&t->heads, &t->headcap, t->headcap ? t->headcap * 2 : 16))
			return UINT32_MAX;
	}
	atom_t first = t->n;
	for (uint32_t i = 0; i < n; i++)
		if (new_id(t, NULL) == UINT32_MAX)
			return UINT32_MAX;   /* the ids stay, unnamed by any range: never returned */
	if (extend) {
		last->n += n;
		return first;
	}
	uint32_t r = t->nranges++;
	t->ranges[r] = (struct atom_range){stem, first, n, lo, UINT32_MAX};
	/* Chain it behind the stem's other ranges (or make it the head). */
	uint32_t prev = first_range(t, stem);
	if (prev == UINT32_MAX) {
		slot_insert(t->heads, t->headcap, (struct atom_slot){stem, r});
		t->nheads++;
	} else {
		while (t->ranges[prev].next != UINT32_MAX)
			prev = t->ranges[prev].next;
		t->ranges[prev].next = r;
	}
	return first;
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

/* A count of a counted name (rare): "STEM_1" .. "STEM_k" as plain atoms,
** as any string.  False on ENOMEM. */
static bool intern_counted_plain(struct atom_table *t, atom_t stem, uint64_t k, atom_t *out)
{
	const char *name = atom_name(t, stem);
	size_t sl = strlen(name);
	char *buf = malloc(sl + 24);
	if (!buf)
		return false;
	memcpy(buf, name, sl);
	buf[sl] = '_';
	bool ok = true;
	for (uint64_t i = 0; i < k && ok; i++) {
		size_t len = sl + 1 + put_decimal(buf + sl + 1, i + 1);
		ok = (out[i] = atom_intern_n(t, buf, len)) != UINT32_MAX;
	}
	free(buf);
	return ok;
}

/* The atom "STEM_index" if one exists already: in a counted range of
** stem, or as a plain atom (name is stem's, sl long, h0 the hash of
** "STEM_").  UINT32_MAX if none. */
static atom_t existing_index(const struct atom_table *t, atom_t stem, const char *name, size_t sl,
                             uint32_t h0, uint64_t index)
{
	atom_t a = find_counted(t, stem, index);
	if (a != UINT32_MAX || !t->hcap)
		return a;
	char digits[24];
	size_t nd = put_decimal(digits, index);
	uint32_t h = mix(fnv(h0, digits, nd));
	const uint32_t mask = t->hcap - 1;
	for (uint32_t s = h & mask; t->slots[s].id != SLOT_EMPTY; s = (s + 1) & mask) {
		const char *pn = plain_name(t, t->slots[s].id);
		if (t->slots[s].hash == h && memcmp(pn, name, sl) == 0 && pn[sl] == '_' &&
		    memcmp(pn + sl + 1, digits, nd) == 0 && pn[sl + 1 + nd] == '\0')
			return t->slots[s].id;
	}
	return UINT32_MAX;
}

bool atom_intern_counted(struct atom_table *t, atom_t stem, uint64_t k, atom_t *out)
{
	if (k > UINT32_MAX)
		return false;
	if (is_counted(t, stem))
		return intern_counted_plain(t, stem, k, out);
	const char *name = plain_name(t, stem);
	size_t sl = strlen(name);
	uint32_t h0 = fnv(fnv(FNV_START, name, sl), "_", 1);
	uint64_t i = 0;
	while (i < k) {
		/* A run of indexes that have no atom yet gets one new range. */
		uint64_t run = 0;
		atom_t a = UINT32_MAX;
		while (i + run < k && (a = existing_index(t, stem, name, sl, h0, i + run + 1)) == UINT32_MAX)
			run++;
		if (run == 0) {
			out[i++] = a;   /* it exists: take it, and scan on after it */
			continue;
		}
		atom_t first = add_counted(t, stem, (uint32_t)(i + 1), (uint32_t)run);
		if (first == UINT32_MAX)
			return false;
		for (uint64_t j = 0; j < run; j++)
			out[i + j] = first + (atom_t)j;
		i += run;
	}
	return true;
}

/* {=== lookups by string ===} */

atom_t atom_find(const struct atom_table *t, const char *s)
{
	size_t len = strlen(s);
	atom_t a = find_plain(t, s, len, hash_bytes(s, len));
	return a != UINT32_MAX ? a : find_counted_name(t, s, len);
}

atom_t atom_intern_n(struct atom_table *t, const char *s, size_t len)
{
	uint32_t h = hash_bytes(s, len);
	atom_t a = find_plain(t, s, len, h);
	if (a == UINT32_MAX)
		a = find_counted_name(t, s, len);
	return a != UINT32_MAX ? a : add_plain(t, s, len, h);
}

atom_t atom_intern(struct atom_table *t, const char *s)
{
	return atom_intern_n(t, s, strlen(s));
}

/* {=== names ===} */

size_t atom_length(const struct atom_table *t, atom_t a)
{
	const char *s = atomic_load_explicit(&t->names[a], memory_order_acquire);
	if (s)
		return strlen(s);
	const struct atom_range *g = range_of(t, a);
	char digits[24];
	return strlen(plain_name(t, g->base)) + 1 + put_decimal(digits, g->lo + (uint64_t)(a - g->first));
}

/* Writes the name of counted atom a into buf (cap bytes: at least its
** length + 1 when whole is true; else cut, always NUL-terminated). */
static void counted_name(const struct atom_table *t, atom_t a, char *buf, size_t cap)
{
	const struct atom_range *g = range_of(t, a);
	const char *stem = plain_name(t, g->base);
	char tail[24];
	tail[0] = '_';
	size_t nt = 1 + put_decimal(tail + 1, g->lo + (uint64_t)(a - g->first));
	size_t sl = strlen(stem), n = 0;
	size_t take = sl < cap - 1 ? sl : cap - 1;
	memcpy(buf, stem, take);
	n = take;
	take = nt < cap - 1 - n ? nt : cap - 1 - n;
	memcpy(buf + n, tail, take);
	buf[n + take] = '\0';
}

void atom_prefix(const struct atom_table *t, atom_t a, char *buf, size_t cap)
{
	if (cap == 0)
		return;
	const char *s = atomic_load_explicit(&t->names[a], memory_order_acquire);
	if (s) {
		size_t len = strlen(s);
		size_t take = len < cap - 1 ? len : cap - 1;
		memcpy(buf, s, take);
		buf[take] = '\0';
	} else {
		counted_name(t, a, buf, cap);
	}
}

const char *atom_make_name(const struct atom_table *t, atom_t a)
{
	size_t len = atom_length(t, a);
	char *s = malloc(len + 1);
	if (!s)
		return "?";
	counted_name(t, a, s, len + 1);
	char *expected = NULL;
	if (!atomic_compare_exchange_strong_explicit(&t->names[a], &expected, s,
	                                             memory_order_acq_rel, memory_order_acquire)) {
		free(s);   /* another thread made it first */
		return expected;
	}
	return s;
}
