/*
** tape.c: recording ops on the active tapes and the backward pass (see lt_tape.h).
*/
#include <stdlib.h>
#include <string.h>

#include "lt_ops.h"
#include "lt_reduce.h"
#include "lt_tape.h"

/* ---- a set of ids, and a map from ids to gradients: open addressing, 0 is the empty key ---- */

typedef struct {
  uint64_t *keys;
  lt_Tensor **vals; /* NULL for a set */
  size_t cap, n;    /* cap: 0 or a power of two */
} IdMap;

static size_t slot_of(const IdMap *m, uint64_t id) {
  size_t i = (size_t)id & (m->cap - 1); /* ids are sequential: the low bits spread them */
  while (m->keys[i] != 0 && m->keys[i] != id) i = (i + 1) & (m->cap - 1);
  return i;
}

/* keys and values share one allocation (values after the keys) */
static bool map_grow(IdMap *m, bool with_vals) {
  size_t cap = m->cap ? m->cap * 2 : 16;
  uint64_t *keys = calloc(cap, sizeof(uint64_t) + (with_vals ? sizeof(lt_Tensor *) : 0));
  if (keys == NULL) return false;
  IdMap bigger = {keys, with_vals ? (lt_Tensor **)(void *)(keys + cap) : NULL, cap, 0};
  for (size_t i = 0; i < m->cap; i++) {
    if (m->keys[i] == 0) continue;
    size_t j = slot_of(&bigger, m->keys[i]);
    bigger.keys[j] = m->keys[i];
    if (with_vals) bigger.vals[j] = m->vals[i];
    bigger.n++;
  }
  free(m->keys);
  *m = bigger;
  return true;
}

static bool map_has(const IdMap *m, uint64_t id) { return m->cap != 0 && m->keys[slot_of(m, id)] == id; }

static lt_Tensor *map_get(const IdMap *m, uint64_t id) {
  if (m->cap == 0) return NULL;
  size_t i = slot_of(m, id);
  return m->keys[i] == id ? m->vals[i] : NULL;
}

/* adds id (with val for a map); the slot of id, or -1 when out of memory */
static long map_put(IdMap *m, uint64_t id, lt_Tensor *val) {
  if ((m->n + 1) * 2 > m->cap && !map_grow(m, val != NULL || m->vals != NULL)) return -1;
  size_t i = slot_of(m, id);
  if (m->keys[i] == 0) m->keys[i] = id, m->n++;
  if (m->vals != NULL) m->vals[i] = val;
  return (long)i;
}

/* Ids are never deleted from sets; a map's values are released and set to NULL instead. */
static void map_free(IdMap *m) {
  if (m->vals != NULL)
    for (size_t i = 0; i < m->cap; i++) lt_tensor_release(m->vals[i]);
  free(m->keys);
  *m = (IdMap){NULL, NULL, 0, 0};
}

/* ---- tapes ---- */

struct lt_Tape {
  lt_Context *ctx;
  lt_Tape *prev, *next; /* in ctx->tapes while active */
  bool active, persistent, spent;
  int depth; /* ctx->no_record when it started: it records while no_record <= depth */
  lt_TapeEntry *entries;
  size_t n, cap;
  IdMap ids; /* the ids this tape tracks: watched tensors and outputs of its entries */
};

lt_Tape *lt_tape_new(lt_Context *ctx, bool persistent) {
  lt_Tape *tp = calloc(1, sizeof *tp);
  if (tp != NULL) tp->ctx = ctx, tp->persistent = persistent;
  return tp;
}

/* the highest depth among the active tapes */
static void update_depth(lt_Context *ctx) {
  ctx->tape_depth = 0;
  for (const lt_Tape *tp = ctx->tapes; tp != NULL; tp = tp->next)
    if (tp->depth > ctx->tape_depth) ctx->tape_depth = tp->depth;
}

static bool listening(const lt_Tape *tp) { return tp->depth >= tp->ctx->no_record; }

void lt_tape_start(lt_Tape *tp) {
  if (tp->active) return;
  lt_Context *ctx = tp->ctx;
  tp->depth = ctx->no_record;
  tp->prev = NULL;
  tp->next = ctx->tapes;
  if (ctx->tapes != NULL) ctx->tapes->prev = tp;
  ctx->tapes = tp;
  tp->active = true;
  update_depth(ctx);
}

void lt_tape_stop(lt_Tape *tp) {
  if (!tp->active) return;
  if (tp->prev != NULL) tp->prev->next = tp->next;
  else tp->ctx->tapes = tp->next;
  if (tp->next != NULL) tp->next->prev = tp->prev;
  tp->prev = tp->next = NULL;
  tp->active = false;
  update_depth(tp->ctx);
}

static void clear_entries(lt_Tape *tp) {
  for (size_t k = 0; k < tp->n; k++) {
    lt_TapeEntry *e = &tp->entries[k];
    for (int i = 0; i < e->nin; i++) lt_tensor_release(e->in[i]);
    lt_tensor_release(e->out);
    lt_tensor_release(e->args.extra);
  }
  /* the context keeps one spare array: a training loop's next tape starts without malloc */
  if (tp->ctx->spare_entries == NULL && tp->entries != NULL && tp->ctx->alloc != NULL) {
    tp->ctx->spare_entries = tp->entries;
    tp->ctx->spare_entries_cap = tp->cap;
  } else {
    free(tp->entries);
  }
  tp->entries = NULL;
  tp->n = tp->cap = 0;
}

void lt_tape_reset(lt_Tape *tp) {
  clear_entries(tp);
  map_free(&tp->ids);
  tp->spent = false;
}

void lt_tape_free(lt_Tape *tp) {
  if (tp == NULL) return;
  lt_tape_stop(tp);
  lt_tape_reset(tp);
  free(tp);
}

bool lt_tape_active(const lt_Tape *tp) { return tp->active; }
bool lt_tape_persistent(const lt_Tape *tp) { return tp->persistent; }
bool lt_tape_spent(const lt_Tape *tp) { return tp->spent; }
size_t lt_tape_size(const lt_Tape *tp) { return tp->n; }
const lt_TapeEntry *lt_tape_entry(const lt_Tape *tp, size_t i) { return i < tp->n ? &tp->entries[i] : NULL; }

static uint64_t ensure_id(lt_Context *ctx, lt_Tensor *t) {
  if (t->grad_id == 0) t->grad_id = ++ctx->next_grad_id;
  return t->grad_id;
}

static bool tracks(const lt_Tape *tp, const lt_Tensor *t) {
  return t != NULL && (t->requires_grad || (t->grad_id != 0 && map_has(&tp->ids, t->grad_id)));
}

static lt_Status require_float(lt_Context *ctx, const lt_Tensor *t, const char *what) {
  if (lt_dtype_is_float(t->dtype)) return LT_OK;
  return lt_error(ctx, "only floating point tensors can %s, got %s", what, lt_dtype_name(t->dtype));
}

lt_Status lt_tape_watch(lt_Context *ctx, lt_Tape *tp, lt_Tensor *t) {
  if (require_float(ctx, t, "be watched") != LT_OK) return LT_ERR;
  if (map_put(&tp->ids, ensure_id(ctx, t), NULL) < 0) return lt_nomem(ctx, tp->ids.cap * 16);
  return LT_OK;
}

lt_Status lt_set_requires_grad(lt_Context *ctx, lt_Tensor *t, bool on) {
  if (on && require_float(ctx, t, "require gradients") != LT_OK) return LT_ERR;
  if (on) ensure_id(ctx, t);
  t->requires_grad = on;
  return LT_OK;
}

lt_Status lt_check_write(lt_Context *ctx, const lt_Tensor *out, int nin, const lt_Tensor *const *in) {
  if (!lt_recording(ctx)) return LT_OK;
  for (const lt_Tape *tp = ctx->tapes; tp != NULL; tp = tp->next) {
    if (!listening(tp)) continue;
    bool tracked = tracks(tp, out);
    for (int i = 0; i < nin && !tracked; i++) tracked = tracks(tp, in[i]);
    if (tracked)
      return lt_error(ctx, "cannot write into an existing tensor (out argument or in-place form) while a tape "
                           "records its operands; use the form that returns a new tensor");
  }
  return LT_OK;
}

static lt_TapeEntry *push_entry(lt_Tape *tp) {
  if (tp->cap == 0 && tp->ctx->spare_entries != NULL) {
    tp->entries = tp->ctx->spare_entries;
    tp->cap = tp->ctx->spare_entries_cap;
    tp->ctx->spare_entries = NULL;
  }
  if (tp->n == tp->cap) {
    size_t cap = tp->cap ? tp->cap * 2 : 4;
    lt_TapeEntry *bigger = realloc(tp->entries, cap * sizeof *bigger);
    if (bigger == NULL) return NULL;
    tp->entries = bigger, tp->cap = cap;
  }
  return &tp->entries[tp->n++];
}

lt_Status lt_record(lt_Context *ctx, const lt_GradFn *fn, int nin, const lt_Tensor *const *in, lt_Tensor *out,
                    const lt_SavedArgs *args) {
  lt_Tensor *owned[LT_TAPE_MAX_IN] = {NULL};
  lt_Status st = LT_OK;
  for (lt_Tape *tp = ctx->tapes; tp != NULL && st == LT_OK; tp = tp->next) {
    uint64_t ids[LT_TAPE_MAX_IN];
    bool any = false;
    if (!listening(tp)) continue;
    for (int i = 0; i < nin; i++) any |= (ids[i] = tracks(tp, in[i]) ? in[i]->grad_id : 0) != 0;
    if (!any) continue;
    lt_TapeEntry *e = NULL;
    for (int i = 0; i < nin && st == LT_OK; i++) /* caller-owned scalars (refs 0) get a heap copy */
      if (in[i] != NULL && owned[i] == NULL && atomic_load(&in[i]->refs) == 0) st = lt_clone(ctx, in[i], &owned[i]);
    if (st != LT_OK || map_put(&tp->ids, ensure_id(ctx, out), NULL) < 0 || (e = push_entry(tp)) == NULL) {
      if (st == LT_OK) st = lt_nomem(ctx, sizeof *e);
      break;
    }
    e->fn = fn;
    e->nin = nin;
    for (int i = 0; i < nin; i++) {
      lt_Tensor *t = owned[i] != NULL ? owned[i] : (lt_Tensor *)in[i];
      if (t != NULL) lt_tensor_retain(t);
      e->in[i] = t;
      e->in_id[i] = ids[i];
      e->version[i] = t != NULL ? atomic_load(&t->storage->version) : 0;
    }
    lt_tensor_retain(out);
    e->out = out;
    e->out_id = out->grad_id;
    e->version[LT_TAPE_MAX_IN] = atomic_load(&out->storage->version);
    if (args != NULL) {
      e->args = *args;
      if (args->extra != NULL) lt_tensor_retain(args->extra);
    } else {
      e->args.extra = NULL;
    }
  }
  for (int i = 0; i < nin; i++) lt_tensor_release(owned[i]);
  return st;
}

/* ---- the backward pass ---- */

static bool differentiable(const lt_TapeEntry *e) {
  return e->fn->backward != NULL && lt_dtype_is_float(e->out->dtype);
}

/* a tensor read by e's backward rule was written after e was recorded? */
static lt_Status check_versions(lt_Context *ctx, const lt_TapeEntry *e, size_t index) {
  for (int i = 0; i <= LT_TAPE_MAX_IN; i++) {
    const lt_Tensor *t = i < LT_TAPE_MAX_IN ? (i < e->nin ? e->in[i] : NULL) : e->out;
    bool used = i < LT_TAPE_MAX_IN ? (e->fn->uses & LT_USES_IN(i)) != 0 : (e->fn->uses & LT_USES_OUT) != 0;
    if (used && t != NULL && atomic_load(&t->storage->version) != e->version[i])
      return lt_error(ctx, "the %s of %s (entry %zu of the tape) was changed in place after the tape recorded "
                           "it; its gradient would be wrong",
                      i < LT_TAPE_MAX_IN ? (i == 0 ? "first input" : i == 1 ? "second input" : "third input") : "output",
                      e->fn->name, index + 1);
  }
  return LT_OK;
}

/* g summed over the dims along which like was broadcast, in like's shape and dtype */
static lt_Status reduce_to(lt_Context *ctx, lt_Tensor *g, const lt_Tensor *like, lt_Tensor **out) {
  lt_Tensor *summed = NULL;
  lt_Status st = LT_OK;
  *out = NULL;
  if (!lt_same_shape(g, like)) {
    int lead = g->ndim - like->ndim;
    uint32_t mask = 0;
    for (int d = 0; d < g->ndim; d++)
      if (d < lead || (like->size[d - lead] == 1 && g->size[d] != 1)) mask |= 1u << d;
    lt_Tensor *kept = NULL;
    if (mask == 0) {
      st = lt_view(ctx, g, like->ndim, like->size, &summed);
    } else if ((st = lt_reduce(ctx, LT_REDUCE_SUM, g, mask, true, &kept)) == LT_OK) {
      st = lt_view(ctx, kept, like->ndim, like->size, &summed);
    }
    lt_tensor_release(kept);
    if (st != LT_OK) return st;
    g = summed;
  }
  /* an integer input gets no gradient of its own; g only marks that the gradient reached it */
  if (g->dtype != like->dtype && lt_dtype_is_float(like->dtype)) st = lt_to_dtype(ctx, g, like->dtype, out);
  else lt_tensor_retain(g), *out = g;
  lt_tensor_release(summed);
  return st;
}

/* grads[id] += g (g: a new reference, taken over) */
static lt_Status accumulate(lt_Context *ctx, IdMap *grads, uint64_t id, lt_Tensor *g) {
  lt_Tensor *old = map_get(grads, id), *sum = NULL;
  if (old != NULL) {
    lt_Status st = lt_binary(ctx, &lt_binary_ops[LT_OP_ADD], (lt_Operand){old, false}, (lt_Operand){g, false}, NULL, &sum);
    lt_tensor_release(g);
    if (st != LT_OK) return st;
    lt_tensor_release(old);
    g = sum;
  }
  if (map_put(grads, id, g) < 0) return lt_tensor_release(g), lt_nomem(ctx, grads->cap * 16);
  return LT_OK;
}

static lt_Status seed(lt_Context *ctx, const lt_Tensor *target, const lt_Tensor *out_grad, lt_Tensor **g) {
  char a[LT_SHAPE_STR_SIZE], b[LT_SHAPE_STR_SIZE];
  if (require_float(ctx, target, "be differentiated") != LT_OK) return LT_ERR;
  if (out_grad == NULL) return lt_full(ctx, target->dtype, target->ndim, target->size, lt_scalar_int(1), g);
  if (!lt_same_shape(out_grad, target))
    return lt_error(ctx, "output_gradient has shape %s but the target has shape %s",
                    lt_shape_str(a, sizeof a, out_grad->ndim, out_grad->size),
                    lt_shape_str(b, sizeof b, target->ndim, target->size));
  if (require_float(ctx, out_grad, "be an output_gradient") != LT_OK) return LT_ERR;
  lt_tensor_retain((lt_Tensor *)out_grad); /* itself: outer tapes may track it (forward-mode tricks) */
  *g = (lt_Tensor *)out_grad;
  return LT_OK;
}

/* The first entry in blocked (non-differentiable entries the gradient reached) that source
   feeds, found by following source forward through the tape; NULL if none. */
static const lt_TapeEntry *blocked_by(const lt_Tape *tp, const lt_Tensor *source, const bool *blocked) {
  IdMap reach = {NULL, NULL, 0, 0};
  const lt_TapeEntry *found = NULL;
  if (map_put(&reach, source->grad_id, NULL) < 0) return NULL;
  for (size_t k = 0; k < tp->n && found == NULL; k++) {
    const lt_TapeEntry *e = &tp->entries[k];
    for (int i = 0; i < e->nin; i++) {
      if (e->in_id[i] == 0 || !map_has(&reach, e->in_id[i])) continue;
      if (blocked[k]) found = e;
      else if (map_put(&reach, e->out_id, NULL) < 0) found = NULL, k = tp->n;
      break;
    }
  }
  map_free(&reach);
  return found;
}

static lt_Status backward(lt_Context *ctx, lt_Tape *tp, const lt_Tensor *target, int n, const lt_Tensor *const *sources,
                          const lt_Tensor *out_grad, bool zeros, lt_Tensor **results) {
  IdMap reach = {NULL, NULL, 0, 0}, grads = {NULL, NULL, 0, 0};
  bool *relevant = calloc(2 * (tp->n + 1), sizeof(bool)), *blocked = relevant + tp->n + 1;
  lt_Tensor *g0 = NULL;
  lt_Status st = relevant != NULL ? LT_OK : lt_nomem(ctx, tp->n * 2);
  /* forward: the entries a source feeds, and the ids it reaches */
  for (int s = 0; s < n && st == LT_OK; s++)
    if (sources[s]->grad_id != 0 && map_put(&reach, sources[s]->grad_id, NULL) < 0) st = lt_nomem(ctx, 64);
  for (size_t k = 0; k < tp->n && st == LT_OK; k++) {
    const lt_TapeEntry *e = &tp->entries[k];
    for (int i = 0; i < e->nin && !relevant[k]; i++) relevant[k] = e->in_id[i] != 0 && map_has(&reach, e->in_id[i]);
    if (relevant[k] && map_put(&reach, e->out_id, NULL) < 0) st = lt_nomem(ctx, 64);
  }
  if (st == LT_OK && (st = seed(ctx, target, out_grad, &g0)) == LT_OK && target->grad_id != 0 &&
      (map_has(&tp->ids, target->grad_id) || target->requires_grad)) {
    if (map_put(&grads, target->grad_id, g0) < 0) st = lt_nomem(ctx, 64);
    else g0 = NULL;
  }
  /* backward: entries in reverse, each output's gradient complete when its producer comes */
  for (size_t k = tp->n; k-- > 0 && st == LT_OK;) {
    const lt_TapeEntry *e = &tp->entries[k];
    lt_Tensor *g = relevant[k] ? map_get(&grads, e->out_id) : NULL, *gi[LT_TAPE_MAX_IN] = {NULL};
    bool needs[LT_TAPE_MAX_IN] = {false};
    if (g == NULL) continue;
    if (!differentiable(e)) {
      blocked[k] = true;
      continue;
    }
    if ((st = check_versions(ctx, e, k)) != LT_OK) break;
    /* an integer or bool input has no gradient: its rule is not asked for one (rules compute in
       the input's dtype, where e.g. erf's -x*x fails for bool); a float zero only marks that the
       gradient reached it, for the "not differentiable" message */
    bool any = false, mark[LT_TAPE_MAX_IN] = {false};
    for (int i = 0; i < e->nin; i++) {
      needs[i] = e->in_id[i] != 0 && map_has(&reach, e->in_id[i]);
      if (needs[i] && !lt_dtype_is_float(e->in[i]->dtype)) needs[i] = false, mark[i] = true;
      any |= needs[i];
    }
    if (any) st = e->fn->backward(ctx, e, g, needs, gi);
    for (int i = 0; i < e->nin; i++) {
      lt_Tensor *r = NULL;
      if (st == LT_OK && mark[i] && (st = lt_full(ctx, g->dtype, e->in[i]->ndim, e->in[i]->size, lt_scalar_int(0), &r)) == LT_OK)
        st = accumulate(ctx, &grads, e->in_id[i], r);
      else if (st == LT_OK && needs[i] && gi[i] != NULL && (st = reduce_to(ctx, gi[i], e->in[i], &r)) == LT_OK)
        st = accumulate(ctx, &grads, e->in_id[i], r);
      lt_tensor_release(gi[i]);
    }
    bool is_source = false; /* a source's gradient stays; others are done with */
    for (int s = 0; s < n; s++) is_source |= sources[s]->grad_id == e->out_id;
    if (!is_source) {
      long slot = map_put(&grads, e->out_id, NULL); /* the slot exists: g came from it */
      if (slot >= 0) lt_tensor_release(g);
    }
  }
  for (int s = 0; s < n && st == LT_OK; s++) {
    lt_Tensor *g = sources[s]->grad_id != 0 ? map_get(&grads, sources[s]->grad_id) : NULL;
    const lt_TapeEntry *why;
    if (g != NULL) {
      st = lt_contiguous(ctx, g, &results[s]); /* expanded gradients are materialized */
    } else if (sources[s]->grad_id != 0 && (why = blocked_by(tp, sources[s], blocked)) != NULL) {
      st = lt_error(ctx, "no gradient flows to source %d: the target depends on it only through %s, which is "
                         "not differentiable", s + 1, why->fn->name);
    } else if (zeros) {
      st = lt_full(ctx, sources[s]->dtype, sources[s]->ndim, sources[s]->size, lt_scalar_int(0), &results[s]);
    }
  }
  if (st != LT_OK)
    for (int s = 0; s < n; s++) lt_tensor_release(results[s]), results[s] = NULL;
  lt_tensor_release(g0);
  map_free(&grads);
  map_free(&reach);
  free(relevant);
  return st;
}

lt_Status lt_tape_gradient(lt_Context *ctx, lt_Tape *tp, const lt_Tensor *target, int n,
                           const lt_Tensor *const *sources, const lt_Tensor *out_grad, bool zeros_for_unconnected,
                           lt_Tensor **results) {
  for (int s = 0; s < n; s++) results[s] = NULL;
  if (tp->spent)
    return lt_error(ctx, "this tape was used up by an earlier gradient call; make it persistent "
                         "(lt.tape{persistent = true}) to ask it for gradients more than once");
  lt_tape_stop(tp);
  lt_Status st = backward(ctx, tp, target, n, sources, out_grad, zeros_for_unconnected, results);
  if (!tp->persistent) {
    clear_entries(tp);
    map_free(&tp->ids);
    tp->spent = true;
  }
  return st;
}
