/*
** lt_tape.h: reverse-mode autodiff. A tape records the differentiable ops that run while it is
** active; tape.c walks its entries backwards to compute gradients.
**
** Identity: a tensor the tapes follow gets a context-unique id (lt_Tensor.grad_id, never reused).
** A tape tracks the ids it watches, the variables (requires_grad, tracked by every tape) and the
** outputs of the ops it recorded; an op is recorded on each active tape that tracks one of its
** inputs. Entries keep their inputs and output alive, so backward rules can read them; a storage
** version taken at record time catches tensors changed in place before the backward pass.
**
** Backward rules sit beside each op's forward (ops_*.c, view.c ...) and use only core ops, so the
** backward pass is itself recorded on outer tapes: that is how gradients of gradients work.
*/
#ifndef LT_TAPE_H
#define LT_TAPE_H

#include "lt_core.h"

#define LT_TAPE_MAX_IN 3

typedef struct lt_TapeEntry lt_TapeEntry;

/* grads[i] (a new reference, or NULL for a zero gradient) for each input i with needs[i]. grad has
   the output's shape and dtype; results may have any shape that broadcasts to the input's and any
   float dtype: the tape sums them back and converts them in one place. */
typedef lt_Status (*lt_BackwardFn)(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad,
                                   const bool *needs, lt_Tensor **grads);

typedef struct lt_GradFn {
  const char *name;
  lt_BackwardFn backward; /* NULL: not differentiable (asking for a gradient through it says so) */
  unsigned uses;          /* which values backward reads: bit i input i, LT_USES_OUT the output */
} lt_GradFn;

#define LT_USES_IN(i) (1u << (i))
#define LT_USES_OUT (1u << 7)

/* What an op keeps for its backward rule beyond its inputs and output. */
typedef struct lt_SavedArgs {
  lt_Tensor *extra; /* retained by the entry (e.g. the indices of max) */
  int64_t i[LT_MAX_DIMS + 2];
  double f[2];
} lt_SavedArgs;

struct lt_TapeEntry {
  const lt_GradFn *fn;
  int nin;
  lt_Tensor *in[LT_TAPE_MAX_IN]; /* retained; NULL for an absent optional input */
  uint64_t in_id[LT_TAPE_MAX_IN]; /* 0: the tape does not track it (no gradient flows there) */
  lt_Tensor *out;
  uint64_t out_id;
  long version[LT_TAPE_MAX_IN + 1]; /* storage versions of in[] and out at record time */
  lt_SavedArgs args;
};

typedef struct lt_Tape lt_Tape;

/* Is any tape recording? Ops test this first: with no tape it is their whole cost. A tape
   records unless no_grad (or an op's own internals) began after the tape started: a tape
   started inside no_grad records (lt.grad works there). */
static inline bool lt_recording(const lt_Context *ctx) {
  return ctx->tapes != NULL && ctx->no_record <= ctx->tape_depth;
}

/* Records out = fn(in...) on every active tape that tracks one of the inputs. in[i] may be NULL
   (an absent optional input) or a caller-owned scalar (copied). args may be NULL. */
lt_Status lt_record(lt_Context *ctx, const lt_GradFn *fn, int nin, const lt_Tensor *const *in, lt_Tensor *out,
                    const lt_SavedArgs *args);
/* An op about to write into out (an out= argument or in place): refused while a tape tracks out
   or one of the inputs, since the history would be overwritten. */
lt_Status lt_check_write(lt_Context *ctx, const lt_Tensor *out, int nin, const lt_Tensor *const *in);

/* ---- tapes ---- */
lt_Tape *lt_tape_new(lt_Context *ctx, bool persistent);
void lt_tape_free(lt_Tape *tape); /* stops it first */
void lt_tape_start(lt_Tape *tape); /* makes it active (recording) */
void lt_tape_stop(lt_Tape *tape);
bool lt_tape_active(const lt_Tape *tape);
bool lt_tape_persistent(const lt_Tape *tape);
bool lt_tape_spent(const lt_Tape *tape);
void lt_tape_reset(lt_Tape *tape); /* forgets every entry and watched tensor; usable again */
lt_Status lt_tape_watch(lt_Context *ctx, lt_Tape *tape, lt_Tensor *t);
size_t lt_tape_size(const lt_Tape *tape);
const lt_TapeEntry *lt_tape_entry(const lt_Tape *tape, size_t i);

/* Gradients of target with respect to sources[0..n): results[i] is a new reference, or NULL when
   target does not depend on sources[i] (zeros instead when zeros_for_unconnected). out_grad:
   the gradient flowing into target (NULL: ones, i.e. the gradient of target's sum). Stops the
   tape; a non-persistent tape is spent afterwards and drops its entries. */
lt_Status lt_tape_gradient(lt_Context *ctx, lt_Tape *tape, const lt_Tensor *target, int n,
                           const lt_Tensor *const *sources, const lt_Tensor *out_grad, bool zeros_for_unconnected,
                           lt_Tensor **results);

/* Marks t as a variable (tracked by every tape) or not; floats only. */
lt_Status lt_set_requires_grad(lt_Context *ctx, lt_Tensor *t, bool on);

#endif
