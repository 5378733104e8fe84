/* view_gui.c - read-only views the GUI needs beyond view.c: a process's
** program as lines, with the op it executes now marked. */
#include <stdio.h>
#include <string.h>

#include "engine.h"

static const char *target_text(const struct sim *s, const struct target *t)
{
	switch (t->kind) {
	case TARGET_SELF: return "self";
	case TARGET_PARENT: return "parent";
	case TARGET_SENDER: return "sender";
	case TARGET_VAR: return t->var->u.name - 1;   /* "$name" (the loader keeps the '$') */
	case TARGET_NAME: break;
	}
	return atom_name(&s->scn->atoms, t->name);
}

static void op_text(const struct sim *s, const struct op *op, char *buf, size_t size)
{
	const struct atom_table *at = &s->scn->atoms;
	switch (op->kind) {
	case OP_WORK:
		snprintf(buf, size, "work %llu", (unsigned long long)op->u.work.reductions);
		break;
	case OP_NATIVE:
		snprintf(buf, size, "native %llu%s", (unsigned long long)op->u.work.reductions,
		         op->u.work.dirty ? " (dirty)" : "");
		break;
	case OP_SEND:
		snprintf(buf, size, "send -> %s", target_text(s, &op->u.send.to));
		break;
	case OP_RECEIVE:
		if (op->u.receive.has_after)
			snprintf(buf, size, "receive (%u case%s, after %llu)", op->u.receive.ncases,
			         op->u.receive.ncases == 1 ? "" : "s",
			         (unsigned long long)op->u.receive.after_ticks);
		else
			snprintf(buf, size, "receive (%u case%s)", op->u.receive.ncases,
			         op->u.receive.ncases == 1 ? "" : "s");
		break;
	case OP_SPAWN:
		snprintf(buf, size, "spawn %s%s", op->u.spawn.nnames ? atom_name(at, op->u.spawn.names[0]) : "?",
		         op->u.spawn.nnames > 1 ? " ..." : "");
		break;
	case OP_LINK: snprintf(buf, size, "link %s", target_text(s, &op->u.peer)); break;
	case OP_UNLINK: snprintf(buf, size, "unlink %s", target_text(s, &op->u.peer)); break;
	case OP_MONITOR: snprintf(buf, size, "monitor %s", target_text(s, &op->u.peer)); break;
	case OP_TRAP_EXIT: snprintf(buf, size, "trap_exit %s", op->u.trap ? "true" : "false"); break;
	case OP_SLEEP: snprintf(buf, size, "sleep %llu", (unsigned long long)op->u.ticks); break;
	case OP_CRASH: snprintf(buf, size, "crash %s", atom_name(at, op->u.reason)); break;
	case OP_EXIT:
		if (op->u.exit.has_to)
			snprintf(buf, size, "exit %s -> %s", atom_name(at, op->u.exit.reason),
			         target_text(s, &op->u.exit.to));
		else
			snprintf(buf, size, "exit %s", atom_name(at, op->u.exit.reason));
		break;
	case OP_LOOP:
		if (op->u.loop.times == LOOP_FOREVER)
			snprintf(buf, size, "loop forever");
		else
			snprintf(buf, size, "loop %llux", (unsigned long long)op->u.loop.times);
		break;
	case OP_SET: snprintf(buf, size, "set %.*s", (int)op->u.set.len, op->u.set.var); break;
	case OP_IF: snprintf(buf, size, "if"); break;
	case OP_FOREACH: snprintf(buf, size, "foreach %.*s", (int)op->u.each.len, op->u.each.var); break;
	default:
		snprintf(buf, size, "?");
		break;
	}
}

/* Emits frame d's ops; after the op that opened frame d+1 (the op before
** that frame's pc, since an op advances pc when it pushes a body) it
** emits frame d+1 nested. */
static size_t emit_frame(const struct sim *s, const struct proc *p, uint32_t d,
                         struct sim_op_line *out, size_t max, size_t n)
{
	const struct frame *f = &proc_frames_c(p)[d];
	bool inner = d + 1 == p->depth;
	for (uint32_t i = 0; i < f->ops->n; i++) {
		if (n < max) {
			struct sim_op_line *l = &out[n];
			memset(l, 0, sizeof *l);
			op_text(s, &f->ops->ops[i], l->text, sizeof l->text);
			l->depth = d;
			l->current = inner && i == f->pc;
			l->active = l->current || (!inner && i + 1 == f->pc);
		}
		n++;
		if (!inner && i + 1 == f->pc)
			n = emit_frame(s, p, d + 1, out, max, n);
	}
	if (!inner && f->pc == 0)        /* cannot place the body: put it after */
		n = emit_frame(s, p, d + 1, out, max, n);
	return n;
}

size_t sim_proc_program(const sim *s, uint32_t pid, struct sim_op_line *out, size_t max)
{
	const struct proc *p = proc_get(s, pid);
	if (!p || p->state == SIM_PROC_EXITED || p->sup || p->depth == 0)
		return 0;
	return emit_frame(s, p, 0, out, max, 0);
}
