/*
** scenario_check.c - typed access to the fields of the scenario's JSON:
** keys (unknown, duplicate, missing), integers with limits, booleans,
** strings, enumerations, reasons, names, and did-you-mean suggestions.
**
** Every getter either stores a valid value or reports exactly one error
** naming the JSON path and what was expected, and quoting what was found.
*/
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

/* {=== did you mean ===} */

#define SUGGEST_MAX_LEN 64

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Optimal string alignment distance of a and b (a transposition counts
** one) when it is at most `limit`, else limit + 1.  Stops as soon as a
** whole row exceeds the limit.  Adds the cells computed to *cells. */
static size_t edit_distance(const char *a, const char *b, size_t limit, size_t *cells)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return limit + 1;
	size_t rows[3][SUGGEST_MAX_LEN + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t row_min = cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < row_min)
				row_min = d;
		}
		*cells += lb + 1;
		if (row_min > limit)
			return limit + 1;
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] <= limit ? prev[lb] : limit + 1;
}

size_t scn_distance(const char *a, const char *b, size_t limit)
{
	size_t cells = 0;
	return edit_distance(a, b, limit, &cells);
}

static bool equal_folded(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (fold(*a) != fold(*b))
			return false;
	return *a == *b;
}

const char *scn_suggest(const char *word, const char *const *cands, size_t n, size_t *budget)
{
	size_t wl = strlen(word);
	if (wl == 0 || wl > SUGGEST_MAX_LEN)
		return NULL;
	const char *best = NULL;
	size_t limit = wl < 3 ? wl - 1 : 2;   /* less than the word itself */
	for (size_t i = 0; i < n && *budget > 0; i++) {
		if (equal_folded(word, cands[i]))
			return cands[i];
		size_t cl = strlen(cands[i]), cells = 0;
		if (cl + limit < wl || wl + limit < cl)
			continue;
		size_t d = edit_distance(word, cands[i], limit, &cells);
		*budget -= cells < *budget ? cells : *budget;
		if (d <= limit) {
			best = cands[i];
			if (d == 0)
				break;
			limit = d - 1;   /* from now on only closer ones */
		}
	}
	return best;
}

void scn_hint(struct scn_loader *L, const char *word, const char *const *cands, size_t n,
              char *buf, size_t cap)
{
	const char *s = scn_suggest(word, cands, n, &L->suggest_budget);
	if (s)
		snprintf(buf, cap, " (did you mean '%s'?)", scn_show(L, s));
	else if (cap)
		buf[0] = '\0';
}

/* {=== keys ===} */

/* As cJSON_GetObjectItemCaseSensitive, comparing the first byte inline
** (the keys of one object rarely share it). */
const cJSON *scn_field(const cJSON *obj, const char *key)
{
	if (!obj)
		return NULL;
	for (const cJSON *c = obj->child; c; c = c->next)
		if (c->string && c->string[0] == key[0] && strcmp(c->string, key) == 0)
			return c;
	return NULL;
}

const cJSON *scn_require(struct scn_loader *L, const cJSON *obj, const struct scn_path *p,
                         const char *key)
{
	const cJSON *v = scn_field(obj, key);
	if (!v)
		scn_err(L, obj, p, "missing key '%s'", key);
	return v;
}

void scn_check_keys(struct scn_loader *L, const cJSON *obj, const struct scn_path *p,
                    const char *const *keys, size_t nkeys)
{
	uint64_t seen = 0;   /* nkeys <= 64 */
	for (const cJSON *c = obj->child; c; c = c->next) {
		size_t k = 0;
		while (k < nkeys && (keys[k][0] != c->string[0] || strcmp(keys[k], c->string) != 0))
			k++;
		if (k < nkeys) {
			if (seen & (UINT64_C(1) << k))
				scn_err(L, c, p, "duplicate key '%s'", keys[k]);
			seen |= UINT64_C(1) << k;
			continue;
		}
		if (scn_err_skip(L))
			continue;
		const char *s = scn_suggest(c->string, keys, nkeys, &L->suggest_budget);
		if (s) {
			scn_err(L, c, p, "unknown key '%s' (did you mean '%s'?)", scn_show(L, c->string), s);
			continue;
		}
		struct scn_str list = {0};
		for (size_t i = 0; i < nkeys; i++)
			scn_str_add(&list, "%s%s", i ? ", " : "", keys[i]);
		scn_err(L, c, p, "unknown key '%s' (valid keys: %s)", scn_show(L, c->string),
		        list.oom ? "?" : list.s);
		free(list.s);
	}
}

/* {=== values ===} */

#define EXACT_LIMIT 9007199254740992.0   /* 2^53: integers below are exact in a double */

static void out_of_range(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                         uint64_t max)
{
	char got[64];
	scn_json_describe(L, v, got, sizeof got);
	scn_err(L, v, p, "%s is out of range (max %" PRIu64 ")", got, max);
}

/* An integer of 2^53 or more, read exactly from its digits in the text
** (the tree's double has lost the last ones): 9000000000000001 stays odd.
** Such a number must be written with digits only. */
static bool get_big_uint(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                         uint64_t max, uint64_t *out)
{
	size_t i = scn_json_offset(L, v);
	uint64_t u = 0;
	bool overflow = false;
	for (; i < L->len && L->text[i] >= '0' && L->text[i] <= '9'; i++) {
		unsigned digit = (unsigned)(L->text[i] - '0');
		if (u > (UINT64_MAX - digit) / 10)
			overflow = true;
		else
			u = u * 10 + digit;
	}
	bool plain = i >= L->len || !strchr(".eE", L->text[i]);
	if (plain ? overflow || u > max :
	    v->valuedouble >= 18446744073709551616.0 || v->valuedouble > (double)max) {
		out_of_range(L, v, p, max);
		return false;
	}
	if (!plain) {
		char got[64];
		scn_json_describe(L, v, got, sizeof got);
		scn_err(L, v, p, "%s cannot be read exactly: write integers of 2^53 or more "
		        "with digits only", got);
		return false;
	}
	*out = u;
	return true;
}

bool scn_get_uint(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                  uint64_t min, uint64_t max, uint64_t *out)
{
	const char *what = min ? "a positive integer" : "a non-negative integer";
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= (double)min)) {
		scn_err_type(L, v, p, what);
		return false;
	}
	if (v->valuedouble >= EXACT_LIMIT)   /* a double would round it */
		return get_big_uint(L, v, p, max, out);
	if (v->valuedouble > (double)max) {   /* also 1e400, which cJSON made inf */
		out_of_range(L, v, p, max);
		return false;
	}
	uint64_t u = (uint64_t)v->valuedouble;
	if ((double)u != v->valuedouble) {   /* a fraction: 1.5 */
		scn_err_type(L, v, p, what);
		return false;
	}
	*out = u;
	return true;
}

bool scn_get_bool(struct scn_loader *L, const cJSON *v, const struct scn_path *p, bool *out)
{
	if (!cJSON_IsBool(v)) {
		scn_err_type(L, v, p, "true or false");
		return false;
	}
	*out = cJSON_IsTrue(v);
	return true;
}

bool scn_get_string(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                    const char **out)
{
	if (!cJSON_IsString(v)) {
		scn_err_type(L, v, p, "a string");
		return false;
	}
	*out = v->valuestring;
	return true;
}

bool scn_get_enum(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                  const char *const *names, size_t n, int *out)
{
	if (cJSON_IsString(v)) {
		for (size_t i = 0; i < n; i++) {
			if (strcmp(v->valuestring, names[i]) == 0) {
				*out = (int)i;
				return true;
			}
		}
	}
	struct scn_str what = {0};
	for (size_t i = 0; i < n; i++)
		scn_str_add(&what, "%s\"%s\"", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
	const char *s = cJSON_IsString(v) ?
	                scn_suggest(v->valuestring, names, n, &L->suggest_budget) : NULL;
	char got[64];
	scn_json_describe(L, v, got, sizeof got);
	if (what.oom)
		L->oom = true;
	else if (s)
		scn_err(L, v, p, "expected %s, got %s (did you mean \"%s\"?)", what.s, got, s);
	else
		scn_err(L, v, p, "expected %s, got %s", what.s, got);
	free(what.s);
	return false;
}

bool scn_get_reason(struct scn_loader *L, const cJSON *v, const struct scn_path *p, atom_t *out)
{
	if (!cJSON_IsString(v) || !v->valuestring[0]) {
		scn_err_type(L, v, p, "a reason (a non-empty string)");
		return false;
	}
	*out = scn_intern(L, v->valuestring);
	return true;
}

bool scn_get_name(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                  const char **out)
{
	static const char *const reserved[] = {"self", "parent", "sender", "_"};
	if (!cJSON_IsString(v) || !v->valuestring[0]) {
		scn_err_type(L, v, p, "a process name (a non-empty string)");
		return false;
	}
	for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++) {
		if (strcmp(v->valuestring, reserved[i]) == 0) {
			scn_err(L, v, p, "'%s' is reserved and cannot name a process", reserved[i]);
			return false;
		}
	}
	*out = v->valuestring;
	return true;
}
