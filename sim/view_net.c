/* view_net.c - read-only views of the network for the window (issue 16):
** the partition groups and the signals in flight between nodes.  It reads
** net.c's state and changes nothing. */
#include <string.h>

#include "engine.h"

uint32_t sim_node_group(const sim *s, uint32_t node)
{
	return node < s->scn->nnodes ? s->nodes[node].group : 0;
}

size_t sim_net_count(const sim *s)
{
	return s->scn->nnodes ? s->nnet : 0;
}

/* What a signal on the network is, for the window. */
static void net_kind(const struct sim *s, const struct signal *sg, struct sim_net_view *v)
{
	const struct atom_table *at = &s->scn->atoms;
	v->kind = SIM_NET_OTHER;
	if (sg->kind == SIG_MSG) {
		v->msg_id = sg->msg.id;
		v->kind = sg->msg.kind == MSG_USER ? SIM_NET_MESSAGE : sg->msg.kind == MSG_DOWN
		                                                         ? SIM_NET_DOWN : SIM_NET_EXIT;
		if (sg->msg.kind != MSG_USER)
			v->reason = atom_name(at, sg->msg.reason);
	} else if (sg->kind == SIG_LINK_EXIT || sg->kind == SIG_EXIT || sg->kind == SIG_SHUTDOWN) {
		v->kind = SIM_NET_EXIT;
		v->reason = sg->kind == SIG_SHUTDOWN ? "shutdown" : atom_name(at, sg->reason);
	}
}

bool sim_net_get(const sim *s, size_t i, struct sim_net_view *v)
{
	memset(v, 0, sizeof *v);
	if (i >= sim_net_count(s))
		return false;
	const struct netsig *ns = &s->net[i];
	const struct signal *sg = &ns->sg;
	uint32_t a = net_node_of_pid(s, sg->from), b = net_node_of_pid(s, sg->to);
	uint64_t lat = s->scn->latency ? s->scn->latency[a * s->nnodes + b] : 0;
	v->from = sg->from;
	v->to = sg->to;
	v->from_node = a;
	v->to_node = b;
	v->due = ns->due;
	v->sent = ns->due >= lat ? ns->due - lat : 0;
	v->lost = !net_reachable(s, a, b) || s->epoch[a * s->nnodes + b] != sg->epoch;
	net_kind(s, sg, v);
	return true;
}
