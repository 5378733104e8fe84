/*
** scenario_expr.c - format 1.1 in the loader: values with variables,
** expressions and conditions (struct expr in scenario.h), the ops set, if
** and foreach, and `state`.
**
** A value the file writes outside `message` and `match` (state, set
** values, operands) is encoded here as a term in the scenario's arena.
** Every variable name the file reads gets the atom of its crash reason
** ["unbound","NAME"] now, so the engine never interns while running.
*/
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenario_load.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const op_names[EX_KIND_COUNT] = {
	[EX_ADD] = "add", [EX_SUB] = "sub", [EX_MUL] = "mul", [EX_DIV] = "div",
	[EX_APPEND] = "append", [EX_REMOVE] = "remove", [EX_LEN] = "len", [EX_NTH] = "nth",
	[EX_EQ] = "eq", [EX_NE] = "ne", [EX_LT] = "lt", [EX_LE] = "le", [EX_GT] = "gt",
	[EX_GE] = "ge", [EX_MEMBER] = "member", [EX_AND] = "and", [EX_OR] = "or", [EX_NOT] = "not",
};

bool scn_need_values(struct scn_loader *L, const cJSON *at, const struct scn_path *p,
                     const char *what)
{
	if (L->s->values)
		return true;
	scn_err(L, at, p, "%s needs format 1.1 (write \"format\": 1.1)", what);
	return false;
}

/* A variable read: its name is known (and its crash reason interned). */
/* The reason ["unbound","NAME"]: interned for every name read (var_used);
** UINT32_MAX for a name too long for it. */
static atom_t unbound_atom(struct scn_loader *L, const char *name, size_t len, bool intern)
{
	char buf[160];
	int n = snprintf(buf, sizeof buf, "[\"unbound\",\"%.*s\"]", (int)len, name);
	if (n <= 0 || (size_t)n >= sizeof buf)
		return UINT32_MAX;
	return intern ? scn_intern(L, buf) : atom_find(&L->s->atoms, buf);
}

static void var_used(struct scn_loader *L, const char *name, size_t len)
{
	unbound_atom(L, name, len, true);
}

const char *scn_var_name(struct scn_loader *L, const char *dollar, size_t len)
{
	const char *name = dollar + 1;
	atom_t a = unbound_atom(L, name, len - 1, false);
	struct scn_name *info = a == UINT32_MAX ? NULL : scn_name_info(L, a);
	if (!info)
		return name;
	if (!info->var) {
		info->var = name;
		info->varlen = (uint32_t)len - 1;
	}
	/* a NUL inside a name shortens the atom's text: the same atom, another name */
	return info->varlen == len - 1 && memcmp(info->var, name, len - 1) == 0 ? info->var : name;
}

/* {=== values as terms ===} */

static void put_cjson(struct scn_loader *L, struct term_buf *tb, const cJSON *v)
{
	if (cJSON_IsRaw(v)) {
		term_put_term(tb, scn_json_term(L, v));
	} else if (cJSON_IsString(v)) {
		term_put_string(tb, v->valuestring, strlen(v->valuestring));
	} else if (cJSON_IsNumber(v)) {
		size_t off = scn_json_offset(L, v), end;
		for (end = off; end < L->len && L->text[end] && strchr("+-.eE0123456789", L->text[end]);
		     end++)
			;
		term_put_number(tb, v->valuedouble, L->text + off, end - off);
	} else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
		size_t opened = term_open(tb, cJSON_IsObject(v));
		for (const cJSON *c = v->child; c; c = c->next) {
			if (cJSON_IsObject(v))
				term_put_key(tb, c->string, strlen(c->string));
			put_cjson(L, tb, c);
		}
		term_close(tb, opened);
	} else {
		term_put_word(tb, cJSON_IsTrue(v) ? TERM_WORD_TRUE : cJSON_IsFalse(v) ? TERM_WORD_FALSE
		                                                                     : TERM_WORD_NULL);
	}
}

const struct term *scn_value_term(struct scn_loader *L, const cJSON *v)
{
	struct term_buf tb = {0};
	put_cjson(L, &tb, v);
	unsigned char *t = tb.oom ? NULL : scn_alloc(L, tb.n, 1);
	if (t)
		memcpy(t, tb.p, tb.n);
	else
		L->oom = true;
	free(tb.p);
	return (const struct term *)t;
}

/* A string a value may hold: interned, so that it can become a reason. */
static void string_used(struct scn_loader *L, const char *s, size_t len)
{
	if (!memchr(s, '\0', len) && atom_intern_n(&L->s->atoms, s, len) == UINT32_MAX)
		L->oom = true;
}

/* Counts the "$name" strings of t (not "$$..."), marking each name used
** and interning every other string. */
static uint32_t vars_in(struct scn_loader *L, const struct term *t)
{
	enum term_type ty = term_type(t);
	if (ty == TERM_STRING) {
		size_t len;
		const char *s = term_get_string(t, &len);
		if (len >= 2 && s[0] == '$' && s[1] != '$') {
			var_used(L, s + 1, len - 1);
			return 1;
		}
		bool escaped = len >= 2 && s[0] == '$';   /* "$$": to rewrite too */
		string_used(L, s + escaped, len - escaped);
		return escaped;
	}
	uint32_t n = 0;
	const struct term *end, *e = term_items(t, &end);
	if (ty != TERM_ARRAY && ty != TERM_OBJECT)
		return 0;
	for (; e < end; e = term_next(e)) {
		if (ty == TERM_OBJECT) {
			const char *k;
			size_t kl;
			e = term_member(e, &k, &kl);
		}
		n += vars_in(L, e);
	}
	return n;
}

bool scn_term_binds(struct scn_loader *L, const struct term *t)
{
	return L->s->values && t && vars_in(L, t) > 0;
}

void scn_value_expr(struct scn_loader *L, const struct term *t, struct expr *out)
{
	size_t len = 0;
	const char *s = term_type(t) == TERM_STRING ? term_get_string(t, &len) : NULL;
	memset(out, 0, sizeof *out);
	if (s && len >= 2 && s[0] == '$' && s[1] != '$') {
		char *name = scn_alloc(L, len + 1, 1);
		if (!name)
			return;
		memcpy(name, s, len);   /* "$name": the engine shows it as written */
		var_used(L, s + 1, len - 1);
		out->kind = EX_VAR;
		out->u.name = scn_var_name(L, name, len);
		out->n = (uint32_t)len - 1;
		return;
	}
	out->kind = vars_in(L, t) ? EX_BUILD : EX_CONST;
	out->u.t = t;
}

const struct expr *scn_message_expr(struct scn_loader *L, const struct term *t)
{
	if (!L->s->values || !t || !vars_in(L, t))
		return NULL;
	struct expr *e = scn_alloc(L, 1, sizeof *e);
	if (e)
		scn_value_expr(L, t, e);
	return e;
}

bool scn_is_var(const struct scn_loader *L, const cJSON *v)
{
	return L->s->values && cJSON_IsString(v) && v->valuestring[0] == '$' &&
	       v->valuestring[1] && v->valuestring[1] != '$';
}

const struct expr *scn_var_expr(struct scn_loader *L, const cJSON *v)
{
	const struct term *t = scn_value_term(L, v);
	struct expr *e = t ? scn_alloc(L, 1, sizeof *e) : NULL;
	if (e)
		scn_value_expr(L, t, e);
	return e;
}

/* {=== expressions ===} */

/* The operator of v ({"add": [...]}, one key), or -1 for a plain value. */
static int operator(const cJSON *v)
{
	if (!cJSON_IsObject(v) || !v->child || v->child->next)
		return -1;
	for (int k = EX_ADD; k < EX_KIND_COUNT; k++)
		if (strcmp(v->child->string, op_names[k]) == 0)
			return k;
	return -1;
}

static void read_args(struct scn_loader *L, const cJSON *a, const struct scn_path *p, int k,
                      struct expr *out)
{
	bool unary = k == EX_LEN || k == EX_NOT, many = k == EX_AND || k == EX_OR;
	size_t n = unary ? 1 : cJSON_IsArray(a) ? scn_json_count(a) : 0;
	if (!unary && (!cJSON_IsArray(a) || (many ? n < 1 : n != 2))) {
		char got[64];
		scn_json_describe(L, a, got, sizeof got);
		scn_err(L, a, p, "'%s' takes %s, got %s", op_names[k],
		        many ? "an array of one or more conditions" : "an array of 2 arguments", got);
		return;
	}
	struct expr *args = scn_alloc(L, n, sizeof *args);
	if (!args)
		return;
	out->kind = (uint8_t)k;
	out->n = (uint32_t)n;
	out->u.args = args;
	bool cond = k >= EX_AND;   /* and, or, not take conditions */
	if (unary) {
		scn_read_expr(L, a, p, cond, args);
		return;
	}
	uint32_t i = 0;
	for (const cJSON *c = a->child; c; c = c->next, i++)
		scn_read_expr(L, c, SCN_INDEX(p, i), cond, &args[i]);
}

/* A literal object of one key that is an operator's name in other case
** ({"Add": [1, 2]}), or one letter away from it with as many arguments
** as it takes ({"addd": [1, 2]}): almost surely a misspelt operator. */
static bool looks_like_operator(struct scn_loader *L, const cJSON *v, const struct scn_path *p)
{
	if (!cJSON_IsObject(v) || !v->child || v->child->next || strlen(v->child->string) < 3)
		return false;
	const char *key = v->child->string, *near = NULL;
	const cJSON *a = v->child;
	for (int k = EX_ADD; k < EX_KIND_COUNT && !near; k++) {
		size_t n = k == EX_LEN || k == EX_NOT ? 0 : k == EX_AND || k == EX_OR ? SIZE_MAX : 2;
		bool arity = n == 0 || (cJSON_IsArray(a) && (n == SIZE_MAX || scn_json_count(a) == n));
		if (strcasecmp(key, op_names[k]) == 0 ||
		    (arity && n != 0 && scn_distance(key, op_names[k], 1) <= 1))
			near = op_names[k];
	}
	if (near)
		scn_err(L, v, p, "unknown expression '%s' (did you mean '%s'?)", scn_show(L, key), near);
	return near != NULL;
}

void scn_read_expr(struct scn_loader *L, const cJSON *v, const struct scn_path *p, bool cond,
                   struct expr *out)
{
	memset(out, 0, sizeof *out);
	out->kind = EX_CONST;
	int k = operator(v);
	if (k >= 0) {
		if (cond && k < EX_EQ)
			scn_err(L, v, p, "'%s' is not a condition (eq, ne, lt, le, gt, ge, member, "
			        "and, or, not)", op_names[k]);
		else
			read_args(L, v->child, SCN_KEY(p, v->child->string), k, out);
		return;
	}
	if (cJSON_IsObject(v) && v->child && !v->child->next && cond) {
		const char *names[EX_KIND_COUNT - EX_EQ];
		for (int i = EX_EQ; i < EX_KIND_COUNT; i++)
			names[i - EX_EQ] = op_names[i];
		char hint[SCN_SHOW_MAX + 24];
		scn_hint(L, v->child->string, names, COUNT(names), hint, sizeof hint);
		scn_err(L, v, p, "unknown condition '%s'%s", scn_show(L, v->child->string), hint);
		return;
	}
	if (cond && !cJSON_IsBool(v) && !scn_is_var(L, v)) {
		char got[64];
		scn_json_describe(L, v, got, sizeof got);
		scn_err(L, v, p, "expected a condition (eq, ne, lt, le, gt, ge, member, and, or, not, "
		        "true, false or a \"$variable\"), got %s", got);
		return;
	}
	if (looks_like_operator(L, v, p))
		return;
	const struct term *t = scn_value_term(L, v);
	if (t)
		scn_value_expr(L, t, out);
}

/* {=== ops ===} */

static bool read_var_name(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                          const char **name, uint32_t *len)
{
	const cJSON *var = scn_require(L, v, p, "var");
	const char *s;
	if (!var || !scn_get_string(L, var, SCN_KEY(p, "var"), &s))
		return false;
	if (!s[0] || s[0] == '$' || !strcmp(s, "self") || !strcmp(s, "sender") ||
	    !strcmp(s, "parent") || !strcmp(s, "_")) {
		scn_err(L, var, SCN_KEY(p, "var"), "'%s' cannot be set: write a name without '$' "
		        "(self, sender and parent are read-only)", scn_show(L, s));
		return false;
	}
	*name = s;   /* arena memory: lives as long as the scenario */
	*len = (uint32_t)strlen(s);
	return true;
}

static void read_body(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      const char *key, bool required, struct oplist *out)
{
	const cJSON *body = required ? scn_require(L, v, p, key) : scn_field(v, key);
	if (body)
		scn_parse_program(L, body, SCN_KEY(p, key), out);
}

void scn_read_set(struct scn_loader *L, const cJSON *v, const struct scn_path *p, struct op *op)
{
	if (!scn_need_values(L, v, p, "the op 'set'"))
		return;
	read_var_name(L, v, p, &op->u.set.var, &op->u.set.len);
	const cJSON *value = scn_require(L, v, p, "value");
	if (value)
		scn_read_expr(L, value, SCN_KEY(p, "value"), false, &op->u.set.value);
}

void scn_read_if(struct scn_loader *L, const cJSON *v, const struct scn_path *p, struct op *op)
{
	if (!scn_need_values(L, v, p, "the op 'if'"))
		return;
	const cJSON *cond = scn_require(L, v, p, "cond");
	if (cond)
		scn_read_expr(L, cond, SCN_KEY(p, "cond"), true, &op->u.cond.cond);
	read_body(L, v, p, "then", true, &op->u.cond.then);
	read_body(L, v, p, "else", false, &op->u.cond.els);
}

void scn_read_foreach(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                      struct op *op)
{
	if (!scn_need_values(L, v, p, "the op 'foreach'"))
		return;
	read_var_name(L, v, p, &op->u.each.var, &op->u.each.len);
	const cJSON *in = scn_require(L, v, p, "in");
	if (in)
		scn_read_expr(L, in, SCN_KEY(p, "in"), false, &op->u.each.in);
	read_body(L, v, p, "do", true, &op->u.each.body);
	op->u.each.body.foreach = true;
}

void scn_read_state(struct scn_loader *L, const cJSON *v, const struct scn_path *p,
                    struct spec *spec)
{
	if (!scn_need_values(L, v, p, "state"))
		return;
	if (!cJSON_IsObject(v)) {
		scn_err_type(L, v, p, "an object of initial variables like {\"n\": 0}");
		return;
	}
	for (const cJSON *c = v->child; c; c = c->next)
		if (!c->string[0] || c->string[0] == '$' || !strcmp(c->string, "self") ||
		    !strcmp(c->string, "sender") || !strcmp(c->string, "parent"))
			scn_err(L, c, SCN_KEY(p, c->string), "'%s' cannot be a variable name",
			        scn_show(L, c->string));
	spec->state = scn_value_term(L, v);
	if (spec->state)
		vars_in(L, spec->state);
}
