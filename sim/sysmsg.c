/* sysmsg.c - matching receive patterns against ["EXIT"|"DOWN", NAME, REASON]. */
#include <string.h>

#include <cjson/cJSON.h>

#include "scenario.h"

static bool match_string(const cJSON *pat, const char *s)
{
	if (!cJSON_IsString(pat))
		return false;
	return strcmp(pat->valuestring, "_") == 0 || strcmp(pat->valuestring, s) == 0;
}

bool scn_match_system(const struct scenario *scn, const struct cJSON *pattern,
                      atom_t tag, atom_t name, atom_t reason)
{
	if (cJSON_IsString(pattern) && strcmp(pattern->valuestring, "_") == 0)
		return true;
	if (!cJSON_IsArray(pattern) || cJSON_GetArraySize(pattern) != 3)
		return false;
	const cJSON *e = pattern->child;
	return match_string(e, atom_name(&scn->atoms, tag)) &&
	       match_string(e->next, atom_name(&scn->atoms, name)) &&
	       match_string(e->next->next, atom_name(&scn->atoms, reason));
}
