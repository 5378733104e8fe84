/*
** scenario_names.c - process names and template names while loading.
**
** Every name is an atom, and L->names (indexed by atom) says what the file
** does with it: which entry starts a process of that name ("site", for
** duplicate messages), whether only spawns create it, whether a template
** has it.  Targets and links may name processes defined further down the
** file, so they are recorded as references and checked at the end.
*/
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

/* Past this many candidate names, an unknown name gets no suggestion
** (each one costs an edit distance). */
#define SUGGEST_MAX_CANDIDATES 20000

atom_t scn_intern(struct scn_loader *L, const char *s)
{
	atom_t a = atom_intern(&L->s->atoms, s);
	if (a == UINT32_MAX) {
		L->oom = true;
		return ATOM_NONE;
	}
	return a;
}

struct scn_name *scn_name_info(struct scn_loader *L, atom_t a)
{
	size_t old = L->namecap;
	if (a >= old) {
		struct scn_name *names = scn_grow(L, L->names, &L->namecap, (size_t)a + 1, sizeof *names);
		if (!names)
			return NULL;
		memset(names + old, 0, (L->namecap - old) * sizeof *names);
		L->names = names;
	}
	return &L->names[a];
}

bool scn_expand_names(struct scn_loader *L, atom_t base, bool counted, uint64_t count,
                      const cJSON *at, const struct scn_path *p, atom_t **names, uint32_t *n,
                      bool dry)
{
	uint64_t k = counted ? count : 1;
	if (k > SIM_MAX_PROCESSES - L->names_total) {
		if (!L->names_limit_hit)
			scn_err(L, at, p, "the file names more than %u processes", SIM_MAX_PROCESSES);
		L->names_limit_hit = true;
		return false;
	}
	L->names_total += k;
	if (dry && counted && L->names_doomed) {
		*names = NULL;
		*n = (uint32_t)k;
		return false;
	}
	atom_t *out = scn_alloc(L, (size_t)k, sizeof *out);
	if (!out)
		return false;
	if (!counted) {
		out[0] = base;
	} else {
		if (!atom_intern_counted(&L->s->atoms, base, k, out))
			L->oom = true;
		if (L->oom)
			return false;
	}
	*names = out;
	*n = (uint32_t)k;
	return true;
}

bool scn_define_static(struct scn_loader *L, const atom_t *names, uint32_t n,
                       const cJSON *at, const struct scn_path *p)
{
	uint32_t site = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct scn_name *info = scn_name_info(L, names[i]);
		if (!info)
			return false;
		if (info->site && info->site != SCN_SITE_DYNAMIC) {
			char *first = scn_path_string(L, L->sites[info->site - 1]);
			if (first)
				scn_err(L, at, p, "duplicate process name '%s' (first defined at %s)",
				        scn_show_atom(L, names[i]), first);
			free(first);
			return false;
		}
		if (!site) {   /* the entry's path, kept for later duplicates */
			const struct scn_path *path = scn_path_keep(L, p);
			const struct scn_path **sites = path ? scn_grow(L, L->sites, &L->sitecap,
			                                                L->nsites + 1, sizeof *sites) : NULL;
			if (!sites)
				return false;
			L->sites = sites;
			L->sites[L->nsites++] = path;
			site = (uint32_t)L->nsites;
		}
		info->site = site;
	}
	return true;
}

void scn_define_dynamic(struct scn_loader *L, const atom_t *names, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct scn_name *info = scn_name_info(L, names[i]);
		if (!info)
			return;
		if (!info->site)
			info->site = SCN_SITE_DYNAMIC;
	}
}

bool scn_parse_target(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      bool external, struct target *out)
{
	static const char *const words[] = {"self", "parent", "sender"};
	static const enum target_kind kinds[] = {TARGET_SELF, TARGET_PARENT, TARGET_SENDER};
	if (!cJSON_IsString(v) || !v->valuestring[0]) {
		scn_err_type(L, v, p, external ? "a process name" :
		             "a process name, \"self\", \"parent\" or \"sender\"");
		return false;
	}
	if (scn_is_var(L, v)) {
		if (external) {
			scn_err(L, v, p, "a variable cannot be used here: timeline events come from "
			        "outside any process");
			return false;
		}
		out->kind = TARGET_VAR;
		out->name = ATOM_NONE;
		out->var = scn_var_expr(L, v);
		return out->var != NULL;
	}
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(v->valuestring, words[i]) == 0) {
			if (external) {
				scn_err(L, v, p, "'%s' cannot be used here: timeline events come from "
				        "outside any process", words[i]);
				return false;
			}
			out->kind = kinds[i];
			out->name = ATOM_NONE;
			return true;
		}
	}
	out->kind = TARGET_NAME;
	out->name = scn_intern(L, v->valuestring);
	scn_ref(L, out->name, v, p, false);
	return true;
}

void scn_ref(struct scn_loader *L, atom_t name, const cJSON *v, const struct scn_path *p,
             bool need_static)
{
	const struct scn_path *path = scn_path_keep(L, p);
	struct scn_ref *refs = path ? scn_grow(L, L->refs, &L->refcap, L->nrefs + 1, sizeof *refs) :
	                       NULL;
	if (!refs)
		return;
	L->refs = refs;
	L->refs[L->nrefs++] = (struct scn_ref){name, need_static, scn_json_offset(L, v), path};
}

/* The names a reference could have meant: static ones for links. NULL when
** there are too many to compare (or ENOMEM); *n is their count. */
static const char **candidates(struct scn_loader *L, bool need_static, size_t *n)
{
	size_t count = 0;
	for (size_t a = 0; a < L->namecap && a < L->s->atoms.n; a++)
		if (L->names[a].site && (!need_static || L->names[a].site != SCN_SITE_DYNAMIC))
			count++;
	*n = 0;
	if (count == 0 || count > SUGGEST_MAX_CANDIDATES)
		return NULL;
	const char **c = malloc(count * sizeof *c);
	if (!c)
		return NULL;
	for (size_t a = 0; a < L->namecap && a < L->s->atoms.n; a++)
		if (L->names[a].site && (!need_static || L->names[a].site != SCN_SITE_DYNAMIC) &&
		    atom_length(&L->s->atoms, (atom_t)a) <= SCN_SHOW_MAX)   /* never made otherwise */
			c[(*n)++] = atom_name(&L->s->atoms, (atom_t)a);
	return c;
}

void scn_check_refs(struct scn_loader *L)
{
	const char **cands[2] = {NULL, NULL};   /* any name, static names */
	size_t ncands[2] = {0, 0};
	bool built[2] = {false, false};
	for (size_t i = 0; i < L->nrefs; i++) {
		const struct scn_ref *r = &L->refs[i];
		struct scn_name *info = scn_name_info(L, r->name);
		if (!info)
			break;
		const char *name = atom_name(&L->s->atoms, r->name);
		if (info->site == SCN_SITE_DYNAMIC && r->need_static) {
			if (scn_err_skip(L))
				continue;
			char *path = scn_path_string(L, r->path);
			if (path)
				scn_err_at(L, r->offset, path, "'%s' is only created by a spawn; links "
				           "can only name processes the file starts itself",
				           scn_show(L, name));
			free(path);
			continue;
		}
		if (info->site || scn_err_skip(L))
			continue;
		int k = r->need_static;
		if (!built[k]) {
			cands[k] = candidates(L, r->need_static, &ncands[k]);
			built[k] = true;
		}
		char hint[SCN_SHOW_MAX + 24];
		scn_hint(L, name, cands[k], ncands[k], hint, sizeof hint);
		char *path = scn_path_string(L, r->path);
		if (path)
			scn_err_at(L, r->offset, path, "unknown process name '%s'%s", scn_show(L, name),
			           hint);
		free(path);
	}
	free(cands[0]);
	free(cands[1]);
}

int32_t scn_template_lookup(struct scn_loader *L, const cJSON *v, const struct scn_path *p)
{
	if (!cJSON_IsString(v) || !v->valuestring[0]) {
		scn_err_type(L, v, p, "a template name");
		return -1;
	}
	atom_t a = atom_find(&L->s->atoms, v->valuestring);
	if (a != UINT32_MAX && a < L->namecap && L->names[a].tmpl)
		return (int32_t)L->names[a].tmpl - 1;
	if (scn_err_skip(L))
		return -1;
	const struct scenario *s = L->s;
	const char **names = s->ntemplates ? malloc(s->ntemplates * sizeof *names) : NULL;
	size_t n = 0;
	for (uint32_t i = 0; names && i < s->ntemplates; i++)
		names[n++] = atom_name(&s->atoms, s->templates[i].name);
	char hint[SCN_SHOW_MAX + 24];
	scn_hint(L, v->valuestring, names, n, hint, sizeof hint);
	free(names);
	if (s->ntemplates == 0)
		snprintf(hint, sizeof hint, " (the file has no templates)");
	scn_err(L, v, p, "unknown template '%s'%s", scn_show(L, v->valuestring), hint);
	return -1;
}
