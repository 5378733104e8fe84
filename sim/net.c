/*
** net.c - distribution: nodes, the network between them, node_down,
** node_up, partitions and monitor_node (docs/how-beam-schedules.md,
** "Distribution", says which parts of OTP this follows and where it is
** simpler).
**
** Every signal between processes on two different nodes goes through
** net_intercept at the boundary that would deliver it locally: it is put
** on the network and delivered `latency` boundaries later (config.net),
** or dropped at once when the two nodes cannot talk.  The network is one
** heap ordered by (due, sending order); the latency of a pair of nodes
** never changes, so the signals of each pair of processes keep their
** order (Erlang's guarantee).
**
** A connection breaks when a node goes down or a partition separates two
** nodes.  Then, at that boundary, on each side that is still up, every
** link to a process across it delivers exit reason noconnection, every
** monitor ["DOWN", NAME, "noconnection"] and every monitor_node of the
** other node ["nodedown", NODE]; the connection's epoch changes, so what
** was still on the network between them is dropped when it would arrive
** (OTP loses what is buffered in the distribution channel).  After heal
** the nodes talk again at the next signal (auto-connect); nothing lost is
** sent again.
**
** A scenario without config.nodes has one node: nothing here runs but
** net_init, and single-node runs are what they always were.
*/
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* {=== nodes ===} */

uint32_t net_node_of_pid(const struct sim *s, uint32_t pid)
{
	if (s->nnodes == 1)
		return 0;
	const struct proc *p = proc_get(s, pid);
	struct proc_rec r;
	if (p)
		return proc_node(s, p);
	return pt_archived(s, pid, &r) && r.sched >= 0 ? s->node_of[r.sched] : 0;
}

bool net_reachable(const struct sim *s, uint32_t a, uint32_t b)
{
	const struct node *x = &s->nodes[a], *y = &s->nodes[b];
	return x->up && y->up && x->group == y->group;
}

static uint64_t latency(const struct sim *s, uint32_t a, uint32_t b)
{
	return s->scn->latency ? s->scn->latency[a * s->nnodes + b] : 0;
}

int32_t net_spec_node(const struct sim *s, const struct spec *spec, int32_t from)
{
	for (uint32_t i = 0; i < spec->nnodes; i++) {
		uint32_t n = spec->nodes[i];
		if (from < 0 ? s->nodes[n].up : net_reachable(s, (uint32_t)from, n))
			return (int32_t)n;
	}
	if (spec->nnodes)
		return (int32_t)spec->nodes[0];     /* none fits: the start fails there */
	return spec->node;
}

/* Sets up the nodes and the scheduler maps (sim.c, create). */
bool net_init(struct sim *s)
{
	const struct scenario *scn = s->scn;
	s->nnodes = scn->nnodes ? scn->nnodes : 1;
	s->nodes = calloc(s->nnodes, sizeof *s->nodes);
	s->epoch = calloc((size_t)s->nnodes * s->nnodes, sizeof *s->epoch);
	if (!s->nodes || !s->epoch)
		return false;
	for (uint32_t n = 0; n < s->nnodes; n++) {
		s->nodes[n].up = true;
		const struct node_spec *sn = scn->nnodes ? &scn->nodes[n] : NULL;
		uint32_t first = sn ? sn->first_sched : 0, cnt = sn ? sn->schedulers : s->cfg.schedulers;
		for (uint32_t i = first; i < first + cnt; i++)
			s->node_of[i] = (uint8_t)n;
		first = sn ? sn->first_dirty : 0;
		cnt = sn ? sn->dirty : s->ndirty;
		for (uint32_t i = first; i < first + cnt; i++)
			s->dnode_of[i] = (uint8_t)n;
	}
	bool shared = s->cfg.balance == SIM_BALANCE_SHARED;
	s->nrunqs = shared ? s->nnodes : s->cfg.schedulers;
	for (uint32_t i = 0; i < s->cfg.schedulers; i++)
		s->rq_of[i] = shared ? s->node_of[i] : (uint8_t)i;
	return true;
}

#define DUPN(field, count) vec_dup((void **)&d->field, s->field, (count), sizeof *s->field, bytes)

bool net_clone(struct sim *d, const struct sim *s, size_t *bytes)
{
	d->nnodes = s->nnodes;
	d->nnet = d->netcap = s->nnet;
	d->net_seq = s->net_seq;
	d->nchanges = d->changecap = s->nchanges;
	d->nnmons = d->nmoncap = s->nnmons;
	d->nmstamps = d->mstampcap = s->nmstamps;
	d->mstamp_keep = s->mstamp_keep;
	d->tie_seq = s->tie_seq;
	memcpy(d->rq_of, s->rq_of, sizeof d->rq_of);
	memcpy(d->node_of, s->node_of, sizeof d->node_of);
	memcpy(d->dnode_of, s->dnode_of, sizeof d->dnode_of);
	return DUPN(nodes, s->nnodes) && DUPN(epoch, (size_t)s->nnodes * s->nnodes) &&
	       DUPN(net, s->nnet) && DUPN(changes, s->nchanges) && DUPN(nmons, s->nnmons) &&
	       DUPN(mstamps, s->nmstamps);
}

void net_free(struct sim *s)
{
	free(s->nodes);
	free(s->epoch);
	free(s->net);
	free(s->changes);
	free(s->nmons);
	free(s->mstamps);
}

size_t net_memory(const struct sim *s)
{
	return s->nnodes * sizeof *s->nodes + (size_t)s->nnodes * s->nnodes * sizeof *s->epoch +
	       s->netcap * sizeof *s->net + s->changecap * sizeof *s->changes +
	       s->nmoncap * sizeof *s->nmons + s->mstampcap * sizeof *s->mstamps;
}

/* {=== the network: a heap of signals by (due, seq) ===} */

static bool net_less(const struct netsig *a, const struct netsig *b)
{
	return a->due != b->due ? a->due < b->due : a->seq < b->seq;
}

static void net_push(struct sim *s, const struct netsig *ns)
{
	if (!VEC_PUSH(s->net, s->nnet, s->netcap, *ns))
		engine_oom();
	for (uint32_t i = s->nnet - 1; i > 0;) {
		uint32_t up = (i - 1) / 2;
		if (!net_less(&s->net[i], &s->net[up]))
			break;
		struct netsig t = s->net[i];
		s->net[i] = s->net[up];
		s->net[up] = t;
		i = up;
	}
}

static void net_pop(struct sim *s)
{
	s->net[0] = s->net[--s->nnet];
	for (uint32_t i = 0;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < s->nnet && net_less(&s->net[l], &s->net[m]))
			m = l;
		if (r < s->nnet && net_less(&s->net[r], &s->net[m]))
			m = r;
		if (m == i)
			break;
		struct netsig t = s->net[i];
		s->net[i] = s->net[m];
		s->net[m] = t;
		i = m;
	}
}

uint64_t net_next_due(const struct sim *s)
{
	return s->nnet ? s->net[0].due : UINT64_MAX;
}

/* A user message that the network lost: counted and logged as a drop. */
static void net_drop(struct sim *s, const struct signal *sg)
{
	if (sg->kind != SIG_MSG || sg->msg.kind != MSG_USER)
		return;
	s->dropped++;
	struct sim_event *e = event_new(s, NULL, SIM_EV_DROP, s->now, sg->from);
	event_message(e, s, &sg->msg);
	e->other = sg->to;
}

/* Delivers now, past the network: what a node's runtime says itself. */
static void deliver_local(struct sim *s, struct signal *sg)
{
	sg->arrived = true;
	signal_deliver(s, sg);
}

/* An exit signal noconnection from `from` over the link to `to`. */
static void noconnection_exit(struct sim *s, uint32_t from, uint32_t to, atom_t name)
{
	struct signal sg = signal_make(SIG_LINK_EXIT, from, to);
	sg.reason = s->scn->atom_noconnection;
	sg.name = name;
	sg.link = true;
	deliver_local(s, &sg);
}

/* The message ["DOWN", name, "noconnection"] about `from` to its watcher
** `to`, arrived (not for the network). */
static struct signal down_noconnection(const struct sim *s, uint32_t from, uint32_t to,
                                       atom_t name)
{
	struct signal sg = signal_make(SIG_MSG, from, to);
	sg.msg.kind = MSG_DOWN;
	sg.msg.from = from;
	sg.msg.name = name;
	sg.msg.reason = s->scn->atom_noconnection;
	sg.arrived = true;
	return sg;
}

/* ["DOWN", NAME, "noconnection"] about `from` to its watcher `to`, now. */
static void noconnection_down(struct sim *s, uint32_t from, uint32_t to, atom_t name)
{
	struct signal sg = down_noconnection(s, from, to, pt_name(s, from, name));
	sg.msg.id = ++s->msg_seq;
	signal_deliver(s, &sg);
}

/* A signal to a node the sender's node cannot reach: what the sender
** sees at once (OTP: a link or monitor to a pid on a node that cannot be
** connected fires noconnection; a message is lost). */
static void unreachable(struct sim *s, const struct signal *sg)
{
	switch (sg->kind) {
	case SIG_LINK:
		noconnection_exit(s, sg->to, sg->from, sg->name);
		return;
	case SIG_MONITOR:
	case SIG_SHUTDOWN:
		noconnection_down(s, sg->to, sg->from, sg->name);
		return;
	default:
		net_drop(s, sg);
		return;
	}
}

bool net_intercept(struct sim *s, const struct signal *sg)
{
	switch (sg->kind) {
	case SIG_MSG: case SIG_LINK_EXIT: case SIG_EXIT: case SIG_SHUTDOWN:
	case SIG_LINK: case SIG_UNLINK: case SIG_MONITOR: case SIG_DEMONITOR:
		break;
	default:
		return false;                 /* spawns, timers, queue moves: on the node */
	}
	if (!sg->from || !sg->to || sg->arrived)
		return false;                 /* from outside (the timeline), or to nobody */
	uint32_t a = net_node_of_pid(s, sg->from), b = net_node_of_pid(s, sg->to);
	if (a == b)
		return false;
	if (!net_reachable(s, a, b)) {
		unreachable(s, sg);
		return true;
	}
	if (sg->kind == SIG_MONITOR || sg->kind == SIG_SHUTDOWN)
		net_monitor_stamp(s, sg->from, sg->to);    /* it is set up now */
	bool user = sg->kind == SIG_MSG && sg->msg.kind == MSG_USER;
	if (user)
		s->nodes[a].msgs_out++;
	uint64_t lat = latency(s, a, b);
	struct netsig ns = { s->now + lat, ++s->net_seq, *sg };
	ns.sg.arrived = true;
	ns.sg.epoch = s->epoch[a * s->nnodes + b];
	if (lat == 0) {
		if (user)
			s->nodes[b].msgs_in++;
		signal_deliver(s, &ns.sg);
		return true;
	}
	net_push(s, &ns);
	return true;
}

void net_deliver_due(struct sim *s)
{
	while (s->nnet && s->net[0].due <= s->now) {
		struct signal sg = s->net[0].sg;
		net_pop(s);
		uint32_t a = net_node_of_pid(s, sg.from), b = net_node_of_pid(s, sg.to);
		if (!net_reachable(s, a, b) || s->epoch[a * s->nnodes + b] != sg.epoch) {
			net_drop(s, &sg);
			continue;
		}
		if (sg.kind == SIG_MSG && sg.msg.kind == MSG_USER)
			s->nodes[b].msgs_in++;
		signal_deliver(s, &sg);
	}
}

/* {=== broken connections ===} */

static bool alive(const struct proc *p)
{
	return p && p->state != SIM_PROC_EXITED;
}

/* The pids of p's ties in `set` on a node that `broken` marks for p's
** node, removed from the set; into *out (malloc'd), returns how many. */
static uint32_t take_broken(struct sim *s, struct pidset *set, const bool *broken, uint32_t x,
                            uint32_t **out)
{
	uint32_t *v = pidset_pids(set), n = 0;
	*out = NULL;
	for (uint32_t i = 0; i < set->n; i++)
		if (broken[x * s->nnodes + net_node_of_pid(s, v[i])])
			n++;
	if (!n)
		return 0;
	if (!(*out = malloc(n * sizeof **out)))
		engine_oom();
	uint32_t k = 0, w = 0;
	for (uint32_t i = 0; i < set->n; i++) {
		if (broken[x * s->nnodes + net_node_of_pid(s, v[i])])
			(*out)[k++] = v[i];
		else
			v[w++] = v[i];
	}
	set->n = w;
	return n;
}

/* {=== set-up order: a disconnect delivers DOWNs and nodedowns in the
** order their monitors were set up (OTP's erts_do_net_exits) ===} */

static bool watches(const struct sim *s, const struct mon_stamp *m)
{
	const struct proc *p = proc_get(s, m->watcher);
	return alive(p) && p->ties && pidset_has(&p->ties->watching, m->target);
}

void net_monitor_stamp(struct sim *s, uint32_t watcher, uint32_t target)
{
	if (!target || net_node_of_pid(s, watcher) == net_node_of_pid(s, target))
		return;
	if (s->nmstamps >= 64 && s->nmstamps >= 2 * s->mstamp_keep) {
		/* the stamps of monitors that ended go, once the table doubled */
		uint32_t w = 0;
		for (uint32_t i = 0; i < s->nmstamps; i++)
			if (watches(s, &s->mstamps[i]))
				s->mstamps[w++] = s->mstamps[i];
		s->nmstamps = s->mstamp_keep = w;
	}
	struct mon_stamp m = { watcher, target, ++s->tie_seq };
	if (!VEC_PUSH(s->mstamps, s->nmstamps, s->mstampcap, m))
		engine_oom();
}

static int stamp_cmp(const void *pa, const void *pb)
{
	const struct mon_stamp *a = pa, *b = pb;
	if (a->watcher != b->watcher)
		return a->watcher < b->watcher ? -1 : 1;
	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The stamps sorted by (watcher, target, seq), for one disconnect. */
struct stamp_index {
	struct mon_stamp *v;
	uint32_t n;
};

static void index_stamps(const struct sim *s, struct stamp_index *ix)
{
	ix->n = s->nmstamps;
	ix->v = NULL;
	if (!ix->n)
		return;
	if (!(ix->v = malloc(ix->n * sizeof *ix->v)))
		engine_oom();
	memcpy(ix->v, s->mstamps, ix->n * sizeof *ix->v);
	qsort(ix->v, ix->n, sizeof *ix->v, stamp_cmp);
}

/* The stamp of the k-th of the c monitors of watcher on target that are
** still set up: the last c stamps of the pair (older ones ended); 0 if
** it has none. */
static uint64_t stamp_of(const struct stamp_index *ix, uint32_t watcher, uint32_t target,
                         uint32_t k, uint32_t c)
{
	uint32_t lo = 0, hi = ix->n;
	while (lo < hi) {               /* the first entry after the pair */
		uint32_t mid = lo + (hi - lo) / 2;
		const struct mon_stamp *m = &ix->v[mid];
		if (m->watcher < watcher || (m->watcher == watcher && m->target <= target))
			lo = mid + 1;
		else
			hi = mid;
	}
	uint32_t at = lo - (c - k);
	if (lo < c - k || ix->v[at].watcher != watcher || ix->v[at].target != target)
		return 0;
	return ix->v[at].seq;
}

/* One DOWN (pid: the process it is about) or nodedown (pid 0) of a
** disconnect, with its monitor's set-up stamp. */
struct tie_end {
	uint64_t seq;
	uint32_t pid, node;
};

/* A broken monitor's target and its place in the process's list. */
struct watch_at {
	uint32_t target, i;
};

static int watch_cmp(const void *pa, const void *pb)
{
	const struct watch_at *a = pa, *b = pb;
	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Stamps ends[0..nw) (the broken monitors of `pid`, watching[]): the
** k-th of the c monitors of one target takes the k-th of its last c
** stamps. */
static void stamp_monitors(const struct stamp_index *ix, uint32_t pid, const uint32_t *watching,
                           uint32_t nw, struct tie_end *ends)
{
	struct watch_at *w = malloc(nw * sizeof *w);
	if (!w)
		engine_oom();
	for (uint32_t i = 0; i < nw; i++)
		w[i] = (struct watch_at){ watching[i], i };
	qsort(w, nw, sizeof *w, watch_cmp);
	for (uint32_t g = 0, e; g < nw; g = e) {
		for (e = g; e < nw && w[e].target == w[g].target; e++)
			;
		for (uint32_t k = g; k < e; k++)
			ends[w[k].i] = (struct tie_end){ stamp_of(ix, pid, w[k].target, k - g, e - g),
			                                 w[k].target, 0 };
	}
	free(w);
}

/* The broken monitors of process `pid` (watching[0..nw)), stamped, then
** its node monitors across the broken connections, into *out sorted by
** set-up (insertion sort: the monitors come in set-up order already);
** returns how many (0: *out is NULL). */
static uint32_t tie_ends(const struct sim *s, const struct stamp_index *ix, uint32_t pid,
                         const uint32_t *watching, uint32_t nw, const bool *broken,
                         const struct node_mon *mons, uint32_t nmons, struct tie_end **out)
{
	uint32_t x = net_node_of_pid(s, pid), n = nw, nm = 0;
	for (uint32_t i = 0; i < nmons; i++)
		nm += mons[i].pid == pid && broken[x * s->nnodes + mons[i].node];
	*out = NULL;
	if (!nw && !nm)
		return 0;
	if (!(*out = malloc((nw + nm) * sizeof **out)))
		engine_oom();
	if (nw)
		stamp_monitors(ix, pid, watching, nw, *out);
	for (uint32_t i = 0; i < nmons; i++)
		if (mons[i].pid == pid && broken[x * s->nnodes + mons[i].node])
			(*out)[n++] = (struct tie_end){ mons[i].seq, 0, mons[i].node };
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && (*out)[j - 1].seq > (*out)[j].seq; j--) {
			struct tie_end t = (*out)[j];
			(*out)[j] = (*out)[j - 1];
			(*out)[j - 1] = t;
		}
	return n;
}

/* ["nodedown", NODE] to pid (monitor_node). */
static void nodedown(struct sim *s, uint32_t pid, uint32_t node)
{
	struct signal sg = signal_make(SIG_MSG, 0, pid);
	sg.msg.kind = MSG_USER;
	sg.msg.value = s->scn->nodes[node].nodedown;
	sg.msg.id = ++s->msg_seq;
	s->sent++;
	deliver_local(s, &sg);
}

/* Process p (alive, on node x) loses its ties across the broken
** connections: its links deliver noconnection first, then its monitors
** DOWN noconnection and its node monitors nodedown, in the order they
** were set up; monitors of it from there are forgotten. */
static void lose_ties(struct sim *s, struct proc *p, const bool *broken,
                      const struct stamp_index *ix, const struct node_mon *mons, uint32_t nmons)
{
	uint32_t x = proc_node(s, p), pid = p->pid, *links = NULL, *watching = NULL, *watchers;
	uint32_t nl = 0, nw = 0;
	if (!p->ties && !nmons)
		return;
	if (p->ties) {
		nl = take_broken(s, &p->ties->links, broken, x, &links);
		nw = take_broken(s, &p->ties->watching, broken, x, &watching);
		take_broken(s, &p->ties->watchers, broken, x, &watchers);
		free(watchers);
	}
	for (uint32_t i = 0; i < nl; i++)
		noconnection_exit(s, links[i], pid, ATOM_NONE);
	struct tie_end *ends;
	uint32_t ne = tie_ends(s, ix, pid, watching, nw, broken, mons, nmons, &ends);
	for (uint32_t i = 0; i < ne && alive(proc_get(s, pid)); i++) {
		if (!ends[i].pid) {
			nodedown(s, pid, ends[i].node);
			continue;
		}
		pidset_push(&proc_ties(p)->watching, ends[i].pid);   /* the DOWN removes it */
		noconnection_down(s, ends[i].pid, pid, ATOM_NONE);
	}
	free(ends);
	free(links);
	free(watching);
}

/* Keeps the node monitors that survive the broken connections (their
** process alive, their connection whole), in order. */
static void keep_node_monitors(struct sim *s, const bool *broken)
{
	uint32_t w = 0;
	for (uint32_t i = 0; i < s->nnmons; i++) {
		const struct proc *p = proc_get(s, s->nmons[i].pid);
		if (alive(p) && s->nodes[proc_node(s, p)].up &&
		    !broken[proc_node(s, p) * s->nnodes + s->nmons[i].node])
			s->nmons[w++] = s->nmons[i];
	}
	s->nnmons = w;
}

/* Fires everything the broken connections (broken[x * n + y]) break and
** bumps their epochs.  Processes are visited in pid order; each gets the
** exit signals of its links, then the DOWNs of its monitors and the
** nodedowns of its node monitors (mons: as they were before) in set-up
** order. */
static void disconnect(struct sim *s, const bool *broken, const struct node_mon *mons,
                       uint32_t nmons)
{
	uint32_t nn = s->nnodes;
	for (uint32_t a = 0; a < nn; a++)
		for (uint32_t b = 0; b < nn; b++)
			s->epoch[a * nn + b] += broken[a * nn + b];
	struct stamp_index ix;
	index_stamps(s, &ix);
	for (uint32_t pid = 1; pid <= s->nprocs; pid++) {
		struct proc *p = proc_get(s, pid);
		if (alive(p) && s->nodes[proc_node(s, p)].up)
			lose_ties(s, p, broken, &ix, mons, nmons);
	}
	free(ix.v);
}

/* Breaks the connections `broken` marks (a matrix of nnodes^2). */
static void break_connections(struct sim *s, const bool *broken)
{
	uint32_t n = s->nnmons;
	struct node_mon *mons = n ? malloc(n * sizeof *mons) : NULL;
	if (n && !mons)
		engine_oom();
	if (n)
		memcpy(mons, s->nmons, n * sizeof *mons);
	keep_node_monitors(s, broken);
	disconnect(s, broken, mons, n);
	free(mons);
}

/* The matrix of connections that are up now and would not be with the
** nodes' state changed by `down` (a node, or UINT32_MAX) and `groups`
** (NULL: unchanged). */
static bool *lost_connections(const struct sim *s, uint32_t down, const uint32_t *groups)
{
	uint32_t nn = s->nnodes;
	bool *m = calloc((size_t)nn * nn, 1);
	if (!m)
		engine_oom();
	for (uint32_t a = 0; a < nn; a++)
		for (uint32_t b = 0; b < nn; b++) {
			if (a == b || !net_reachable(s, a, b))
				continue;
			bool lost = a == down || b == down || (groups && groups[a] != groups[b]);
			m[a * nn + b] = lost;
		}
	return m;
}

static void record_change(struct sim *s, uint32_t node, bool up)
{
	struct node_change c = { s->now, node, up };
	if (!VEC_PUSH(s->changes, s->nchanges, s->changecap, c))
		engine_oom();
}

void net_node_down(struct sim *s, uint32_t node)
{
	if (!s->nodes[node].up)
		return;
	/* the node halts: nothing on it sees the connections go (disconnect
	** skips the processes of a node that is down); its processes are
	** gone at once, without signals (their ties across the network are
	** gone already, those on the node end with them) and without an exit
	** reason: a node is not a process, nothing on it exits, it stops */
	bool *lost = lost_connections(s, node, NULL);
	s->nodes[node].up = false;
	break_connections(s, lost);
	free(lost);
	for (uint32_t pid = 1; pid <= s->nprocs; pid++) {
		struct proc *p = proc_get(s, pid);
		if (alive(p) && proc_node(s, p) == node) {
			p->halted = true;
			proc_kill_now(s, p, s->scn->atom_noconnection);
		}
	}
	record_change(s, node, false);
}

void net_node_up(struct sim *s, uint32_t node)
{
	if (s->nodes[node].up)
		return;
	s->nodes[node].up = true;
	record_change(s, node, true);
	/* the boot script: the top-level processes placed on it that have
	** started by now, in file order */
	const struct scenario *scn = s->scn;
	for (uint32_t i = 0; i < scn->nprocs; i++) {
		const struct spec *spec = &scn->procs[i];
		int32_t at = net_spec_node(s, spec, -1);
		if (spec->start > s->now || (uint32_t)(at < 0 ? 0 : at) != node)
			continue;
		for (uint32_t k = 0; k < spec->nnames; k++)
			if (!proc_spawn(s, spec, spec->names[k], 0, (int32_t)node))
				return;
	}
}

void net_partition(struct sim *s, const uint32_t *groups)
{
	bool *lost = lost_connections(s, UINT32_MAX, groups);
	break_connections(s, lost);
	free(lost);
	for (uint32_t n = 0; n < s->nnodes; n++)
		s->nodes[n].group = groups[n];
}

void net_heal(struct sim *s)
{
	for (uint32_t n = 0; n < s->nnodes; n++)
		s->nodes[n].group = 0;
}

uint32_t net_spawn_node(const struct sim *s, const struct spec *spec, const struct proc *parent,
                        int32_t node)
{
	int32_t from = parent ? (int32_t)proc_node(s, parent) : -1;
	if (node < 0)
		node = net_spec_node(s, spec, from);
	if (node < 0)
		node = from < 0 ? 0 : from;
	return (uint32_t)node;
}

bool net_spawn_cut(struct sim *s, struct proc *parent, struct proc *child, int32_t node,
                   bool link, bool monitor)
{
	if (net_reachable(s, proc_node(s, parent), net_spawn_node(s, child->spec, parent, node)))
		return false;
	atom_t reason = s->scn->atom_noconnection;
	uint32_t pid = child->pid;
	proc_kill_now(s, child, reason);
	if (!alive(parent))
		return true;            /* it ended in the same tick: nobody to tell */
	if (link) {
		pidset_add(&proc_ties(parent)->links, pid);
		struct signal ex = signal_make(SIG_LINK_EXIT, pid, parent->pid);
		ex.reason = reason;
		ex.arrived = true;
		sigbuf_push(&s->pending, &ex);
	}
	if (monitor) {
		pidset_push(&proc_ties(parent)->watching, pid);
		struct signal dn = down_noconnection(s, pid, parent->pid, child->name);
		sigbuf_push(&s->pending, &dn);
	}
	return true;
}

void net_monitor_node(struct sim *s, uint32_t pid, uint32_t node)
{
	struct proc *p = proc_get(s, pid);
	if (!alive(p))
		return;
	if (net_reachable(s, proc_node(s, p), node)) {
		struct node_mon m = { pid, node, ++s->tie_seq };
		if (!VEC_PUSH(s->nmons, s->nnmons, s->nmoncap, m))
			engine_oom();
		return;
	}
	/* OTP: monitor_node on a node that cannot be reached delivers
	** nodedown at once */
	nodedown(s, pid, node);
}

/* {=== views ===} */

size_t sim_node_count(const sim *s)
{
	return s->scn->nnodes;
}

bool sim_node_view(const sim *s, uint32_t node, struct sim_node_view *v)
{
	memset(v, 0, sizeof *v);
	if (node >= s->scn->nnodes)
		return false;
	const struct node_spec *ns = &s->scn->nodes[node];
	const struct node *n = &s->nodes[node];
	v->name = ns->name;
	v->host = ns->host;
	v->up = n->up;
	v->first_sched = ns->first_sched;
	v->nsched = ns->schedulers;
	v->first_dirty = ns->first_dirty;
	v->ndirty = ns->dirty;
	for (uint32_t i = ns->first_sched; i < ns->first_sched + ns->schedulers; i++) {
		v->busy += s->scheds[i].busy;
		v->idle += s->scheds[i].idle;
	}
	v->msgs_in = n->msgs_in;
	v->msgs_out = n->msgs_out;
	for (uint32_t i = 0; i < s->nchanges; i++)
		v->nchanges += s->changes[i].node == node;
	return true;
}

bool sim_node_change(const sim *s, uint32_t node, uint32_t k, uint64_t *tick, bool *up)
{
	for (uint32_t i = 0; i < s->nchanges; i++) {
		if (s->changes[i].node != node || k-- > 0)
			continue;
		*tick = s->changes[i].tick;
		*up = s->changes[i].up;
		return true;
	}
	return false;
}

uint32_t sim_sched_node(const sim *s, uint32_t sched)
{
	return sched < s->cfg.schedulers ? s->node_of[sched] : 0;
}

uint32_t sim_dirty_node(const sim *s, uint32_t dirty_sched)
{
	return dirty_sched < s->ndirty ? s->dnode_of[dirty_sched] : 0;
}
