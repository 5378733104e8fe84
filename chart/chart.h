/*
** chart.h - the message sequence chart of a run (issue 14): its model,
** built from the run's events, and a layout of it (x per lifeline, y per
** tick after time compression).
**
** The model (chart_create .. chart_finish) is fed every batch of events of
** a run, as a trace writer is (sim_events after sim_create and after each
** step), through the public API only; it keeps one lifeline per process
** and one arrow per message, exit signal, spawn, link, monitor, DOWN
** message and restart.  Arrows are recorded only when their first tick is
** within the range given at chart_create, so memory grows with what the
** range shows (and at most CHART_MAX_ARROWS arrows, CHART_MAX_LINES lines).
**
** The layout (chart_layout_create) picks the lines and arrows of a range
** [from, to] and an `only` filter, gives each shown line a column and each
** tick a y; stretches of more than opts.gap_ticks ticks where nothing shown
** happens become one short gap (a chart_gap, drawn as "... 4,000 ticks").
** Every arrow and line keeps its real ticks.  No drawing here: the SVG and
** Mermaid writers (chart_svg.c, chart_mermaid.c) and later the window read
** the same model and layout.
*/
#ifndef BEAMSIM_CHART_H
#define BEAMSIM_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

#define CHART_MAX_ARROWS 200000u   /* arrows a chart records; more: chart_truncated */
#define CHART_MAX_LINES 1000000u   /* lifelines (pids) it records */
#define CHART_LABEL_MAX 28         /* bytes of an arrow's label before "..." */
#define CHART_NONE UINT64_MAX      /* a tick that has not happened (alive, in flight) */

/* How a process ended; the colour of its exit signals.  CHART_HALTED: its
** node halted (node_down), it has no exit reason (its line's reason says
** "halted"; drawn neutral, like a normal end). */
enum chart_end { CHART_ALIVE, CHART_NORMAL, CHART_SHUTDOWN, CHART_CRASH, CHART_HALTED };

enum chart_kind {
	CHART_MSG,        /* a message: send tick -> delivery tick */
	CHART_DOWN,       /* a monitor's ["DOWN", name, reason] message */
	CHART_SIGNAL,     /* an exit signal: the sender's exit (or the tick before) -> arrival */
	CHART_SPAWN,      /* parent -> child at the spawn tick (drawn dashed) */
	CHART_RESTART,    /* supervisor -> the child's new incarnation */
	CHART_LINK,       /* a link set up (a mark between two lines) */
	CHART_MONITOR,    /* a monitor set up (from the watcher) */
	CHART_KIND_COUNT
};

/* One lifeline: one pid, from its spawn to its exit.  Pid 0 is the line
** "(outside)": the scenario's timeline, which sends messages too. */
struct chart_line {
	uint32_t pid;
	char *name;
	uint32_t incarnation;      /* 2, 3 ... after restarts: a new line beside the old */
	uint64_t spawn_tick;
	uint64_t exit_tick;        /* CHART_NONE while alive at the end */
	char *reason;              /* exit reason, NULL while alive */
	enum chart_end end;
	uint32_t ident;            /* colour: the ordinal of its name, first seen first */
	uint32_t group;            /* 1 + index in chart->groups, 0: none */
	uint32_t order;            /* its column among all lines (chart_finish) */
	uint32_t node;             /* the node it was spawned on (0 without config.nodes) */
};

struct chart_arrow {
	enum chart_kind kind;
	uint32_t from, to;         /* pids (0 = outside) */
	uint64_t t0, t1;           /* t1 CHART_NONE: still in flight at the end */
	uint64_t recv_tick;        /* MSG: when the receiver took it; CHART_NONE if never */
	uint64_t msg_id;
	bool dropped;              /* MSG: the receiver was dead: dropped at t1 */
	enum chart_end end;        /* SIGNAL, DOWN: the reason's kind */
	char *label;               /* shortened message, reason ... (never NULL) */
};

/* Processes made from one entry with `count` (names NAME_1 .. NAME_N, first
** incarnations): one group, which a layout may collapse to one column. */
struct chart_group {
	char *prefix;              /* NAME */
	uint32_t n;                /* members */
	uint32_t first;            /* index of the member line with the lowest pid */
};

struct chart {
	struct chart_line *lines;  /* in pid order; lines[0] is the outside line */
	size_t nlines, caplines;
	struct chart_arrow *arrows;/* in the order the events came */
	size_t narrows, caparrows;
	struct chart_group *groups;
	size_t ngroups;
	uint64_t from, to;         /* the recording range */
	uint64_t end_tick;         /* the run's last tick (chart_finish) */
	bool truncated;            /* CHART_MAX_ARROWS or CHART_MAX_LINES was reached */
	uint64_t truncated_at;     /* tick of the first event left out */
	bool outside_used;         /* the outside line sends something in range */
	bool oom;                  /* a record failed for want of memory: incomplete */
	bool by_node;              /* the run has config.nodes: columns grouped by node (chart_finish) */
	uint64_t *msg_keys;        /* msg_id + 1 -> arrow index (open addressing) */
	uint32_t *msg_vals;
	size_t msg_cap, msg_n;
};

/* The event types a chart reads (sim_set_event_mask): a run that records
** only these for a chart skips the most numerous, RUN. */
#define CHART_EVENT_MASK                                                          \
	((1u << SIM_EV_SPAWN) | (1u << SIM_EV_SEND) | (1u << SIM_EV_DELIVER) |         \
	 (1u << SIM_EV_DROP) | (1u << SIM_EV_RECEIVE) | (1u << SIM_EV_EXIT) |           \
	 (1u << SIM_EV_CRASH) | (1u << SIM_EV_SIGNAL) | (1u << SIM_EV_KILL) |           \
	 (1u << SIM_EV_LINK) | (1u << SIM_EV_MONITOR) | (1u << SIM_EV_RESTART) |        \
	 (1u << SIM_EV_NOTE))

/* A chart that records arrows starting in [from, to]; NULL on ENOMEM. */
struct chart *chart_create(uint64_t from, uint64_t to);
void chart_destroy(struct chart *c);
/* Records a batch of events of s (read right after the step that made
** them).  False on ENOMEM: the chart is then incomplete but valid. */
bool chart_record(struct chart *c, const sim *s, const struct sim_event *ev, size_t n);
/* Ends the recording at the run's end: incarnations, groups, columns,
** colours.  False on ENOMEM. */
bool chart_finish(struct chart *c, const sim *s);
/* The line of pid, NULL if not recorded. */
const struct chart_line *chart_line_of(const struct chart *c, uint32_t pid);
/* "normal", "shutdown" or anything else (a crash, killed ...). */
enum chart_end chart_end_of(const char *reason);

/* {=== layout ===} */

struct chart_opts {
	uint64_t from, to;         /* the range; to beyond the run: its end */
	const char *const *only;   /* names (or group prefixes) to show; NULL: all */
	size_t nonly;
	uint32_t collapse_over;    /* groups of more members show as one column; 0: never */
	const uint8_t *collapse;   /* per group (ngroups of them): 1 one column, 0 one per member; */
	size_t ncollapse;          /* groups past ncollapse (or NULL) follow collapse_over */
	int col_w;                 /* units between two columns */
	int tick_h;                /* units per tick in a stretch shown uncompressed */
	int row_h;                 /* at least this between two ticks with events */
	int sub_h;                 /* between two arrows that start at one tick */
	int gap_h;                 /* the height of a compressed stretch */
	uint64_t gap_ticks;        /* stretches longer than this are compressed */
	int top;                   /* y of the range's first tick */
	int left;                  /* x of the first column */
};

/* One compressed stretch: no shown event in the ticks (from, to). */
struct chart_gap {
	uint64_t from, to;
	int y0, y1;
};

/* A column: one line, or a collapsed group (all its lines). */
struct chart_col {
	uint32_t line;             /* index of its (first) line */
	uint32_t group;            /* 1 + group index when collapsed, 0 otherwise */
	int x;
	uint64_t t0, t1;           /* the ticks its line covers in the range */
};

struct chart_layout {
	const struct chart *c;
	struct chart_opts o;
	int32_t *line_col;         /* per line: its column, -1 when hidden */
	struct chart_col *cols;
	size_t ncols;
	uint32_t *arrows;          /* indices of the arrows shown, in event order */
	int *ay0, *ay1;            /* their y at start and end: arrows that start at one tick
	                              take one row each, in event order */
	size_t narrows;
	uint64_t *ticks;           /* the distinct ticks of shown events, sorted */
	int *ys;                   /* their y (of the first row of arrows starting there) */
	uint32_t *nstart;          /* how many shown arrows start at each */
	size_t nticks;
	struct chart_gap *gaps;
	size_t ngaps;
	int width, height;         /* extent of columns and ticks */
};

void chart_opts_default(struct chart_opts *o);
/* Lays out c with o.  Returns SIM_OK, SIM_ENOMEM, or SIM_EINVALID with a
** message in err (a range after the run's end, a name of `only` that is
** no process of the run). */
enum sim_status chart_layout_create(struct chart_layout *l, const struct chart *c,
                                    const struct chart_opts *o, char *err, size_t errsize);
void chart_layout_free(struct chart_layout *l);
/* The y of any tick: events' ticks exactly, ticks between them placed in
** proportion (inside a gap too), so y never goes back as ticks go on. */
int chart_layout_y(const struct chart_layout *l, uint64_t tick);
/* The y of the last row of an event tick (its arrows' rows); otherwise
** chart_layout_y. */
int chart_layout_y_end(const struct chart_layout *l, uint64_t tick);
/* The column of pid, -1 when it is not shown. */
int chart_layout_col(const struct chart_layout *l, uint32_t pid);

/* {=== writers ===} */

/* A standalone SVG document of the layout (chart_svg.c): the window's
** colours, text as <text>, one element of class "msg" per message arrow.
** Returns SIM_OK or SIM_EWRITE (f's error). */
enum sim_status chart_svg_write(const struct chart_layout *l, const char *title, FILE *f);
/* A Mermaid sequenceDiagram of the layout (chart_mermaid.c). */
enum sim_status chart_mermaid_write(const struct chart_layout *l, const char *title, FILE *f);
/* "4,000": n with thousands separators into buf (size >= 32). */
const char *chart_thousands(uint64_t n, char *buf, size_t size);

#endif
