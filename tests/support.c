/* support.c - helpers shared by the cmocka tests. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

sim_scenario *load_text(const char *json)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text(json, strlen(json), "test.json", &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.msgs[i]);
	sim_diag_free(&d);
	assert_non_null(scn);
	return scn;
}

char *load_errors(const char *json, enum sim_status *status)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load_text(json, strlen(json), "test.json", &d);
	if (scn)
		sim_scenario_free(scn);
	assert_null(scn);
	size_t len = 1;
	for (size_t i = 0; i < d.n; i++)
		len += strlen(d.msgs[i]) + 1;
	char *out = calloc(1, len);
	assert_non_null(out);
	for (size_t i = 0; i < d.n; i++) {
		strcat(out, d.msgs[i]);
		strcat(out, "\n");
	}
	if (status)
		*status = d.status;
	sim_diag_free(&d);
	return out;
}

sim *run_scenario(const sim_scenario *scn)
{
	struct sim_config cfg = sim_scenario_config(scn);
	sim *s = sim_create(scn, &cfg);
	assert_non_null(s);
	sim_run_until(s, cfg.until);
	return s;
}

uint32_t pid_of(const sim *s, const char *name)
{
	uint32_t found = 0;
	size_t n = sim_proc_count(s);
	for (uint32_t pid = 1; pid <= n; pid++) {
		struct sim_proc_view v;
		if (sim_proc_view(s, pid, &v) && strcmp(v.name, name) == 0)
			found = pid;
	}
	return found;
}

uint32_t incarnations(const sim *s, const char *name)
{
	uint32_t n = 0;
	for (uint32_t pid = 1; pid <= sim_proc_count(s); pid++) {
		struct sim_proc_view v;
		if (sim_proc_view(s, pid, &v) && strcmp(v.name, name) == 0)
			n++;
	}
	return n;
}

const char *reason_of(const sim *s, const char *name)
{
	uint32_t pid = pid_of(s, name);
	struct sim_proc_view v;
	if (!pid || !sim_proc_view(s, pid, &v))
		return "none";
	if (v.halted)
		return "halted";       /* gone with its node: no exit reason */
	return v.exit_reason ? v.exit_reason : "alive";
}

uint64_t hash_events(const sim *s, uint64_t h)
{
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	for (size_t i = 0; i < n; i++) {
		uint64_t parts[] = { ev[i].type, ev[i].tick, ev[i].pid, ev[i].other, (uint64_t)ev[i].sched,
		                     ev[i].start, ev[i].reductions, ev[i].msg_id, (uint64_t)ev[i].why };
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
			h = (h ^ parts[k]) * 1099511628211ull;
	}
	return h;
}

int for_each_scenario(void (*fn)(const char *path), const char *skip)
{
	DIR *dir = opendir(SCENARIO_DIR);
	assert_non_null(dir);
	int files = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (skip && strncmp(e->d_name, skip, strlen(skip)) == 0)
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", SCENARIO_DIR, e->d_name);
		fn(path);
		files++;
	}
	closedir(dir);
	return files;
}

sim_scenario *load_path(const char *path)
{
	struct sim_diag d;
	sim_diag_init(&d);
	sim_scenario *scn = sim_scenario_load(path, &d);
	for (size_t i = 0; !scn && i < d.n; i++)
		fprintf(stderr, "%s\n", d.msgs[i]);
	sim_diag_free(&d);
	assert_non_null(scn);
	return scn;
}

uint64_t run_hashed(const sim_scenario *scn, const struct sim_config *cfg,
                    const struct run_how *how, char **summary, size_t *steps)
{
	sim *s = sim_create(scn, cfg);
	assert_non_null(s);
	sim_set_batching(s, !how->single_ticks);
	if (how->no_events)
		sim_set_event_mask(s, 0);
	sim_threads *t = how->threads ? sim_threads_start(s, 0) : NULL;
	if (how->threads)
		assert_non_null(t);
	uint64_t h = hash_events(s, HASH_START);
	size_t n = 0;
	while (sim_end_state(s) == SIM_END_NONE && sim_now(s) < how->max_ticks) {
		if (t)
			sim_threads_step(t);
		else
			sim_step(s);
		h = hash_events(s, h);
		n++;
	}
	struct sim_threads_stats st;
	sim_threads_stop(t, &st);
	if (steps)
		*steps = n;
	*summary = sim_summary_json(s);
	sim_destroy(s);
	return h;
}

/* {=== event logs ===} */

void log_clear(struct log *l)
{
	l->len = 0;
	log_add(l, "");
}

void log_add(struct log *l, const char *line)
{
	size_t n = strlen(line);
	if (l->len + n + 2 > l->cap) {
		l->cap = (l->len + n + 2) * 2;
		l->text = realloc(l->text, l->cap);
		assert_non_null(l->text);
	}
	memcpy(l->text + l->len, line, n);
	l->len += n;
	l->text[l->len++] = '\n';
	l->text[l->len] = '\0';
}

static const char *name_or_dash(const sim *s, uint32_t pid)
{
	struct sim_proc_view v;
	return pid && sim_proc_view(s, pid, &v) ? v.name : "-";
}

void log_events(struct log *l, const sim *s)
{
	size_t n;
	const struct sim_event *ev = sim_events(s, &n);
	for (size_t i = 0; i < n; i++) {
		const struct sim_event *e = &ev[i];
		char line[512], msg[160] = "";
		if (e->type == SIM_EV_RUN || e->type == SIM_EV_NOTE)
			continue;
		if (e->type == SIM_EV_DELIVER || e->type == SIM_EV_RECEIVE || e->type == SIM_EV_SEND ||
		    e->type == SIM_EV_DROP)
			sim_event_message(e, msg, sizeof msg);
		else if (e->reason)
			snprintf(msg, sizeof msg, "%s", e->reason);
		else if (e->type == SIM_EV_EXIT)
			snprintf(msg, sizeof msg, "halted");   /* its node halted: no reason */
		snprintf(line, sizeof line, "%llu %s %s %s %s", (unsigned long long)e->tick,
		         sim_event_type_name(e->type), name_or_dash(s, e->pid), msg,
		         name_or_dash(s, e->other));
		log_add(l, line);
	}
}

void log_expect(const struct log *l, const char *line)
{
	char want[512];
	snprintf(want, sizeof want, "\n%s\n", line);
	if (!strstr(l->text, want))
		fail_msg("no line '%s' in the log:\n%s", line, l->text);
}

void log_free(struct log *l)
{
	free(l->text);
	memset(l, 0, sizeof *l);
}
