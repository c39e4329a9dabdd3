/*
** ops_reduce.c: reductions over dims, max/min with indices, cumulative sums and products.
**
** A reduction walks the input in its own memory order (the iterator is ordered by the input's
** strides) against an accumulator that has stride 0 on the reduced dims. With few outputs and
** many inputs the work is split over threads, each with a private accumulator, combined at the
** end in a fixed order (so a given thread count always gives the same bits).
*/
#include <string.h>

#include "lt_grad.h"
#include "lt_kernels.h"
#include "lt_reduce.h"
#include "lt_threads.h"

#define PARALLEL_MIN_ELEMENTS (1 << 17)

static lt_DType accumulator_dtype(lt_ReduceKind kind, lt_DType dt) {
  switch (kind) {
    case LT_REDUCE_SUM:
    case LT_REDUCE_PROD: return lt_dtype_is_float(dt) ? LT_FLOAT64 : LT_INT64;
    case LT_REDUCE_ALL:
    case LT_REDUCE_ANY: return LT_BOOL;
    default: return dt;
  }
}

static lt_DType result_dtype(lt_ReduceKind kind, lt_DType dt) {
  if (kind == LT_REDUCE_SUM || kind == LT_REDUCE_PROD) return lt_dtype_is_float(dt) ? dt : LT_INT64;
  return accumulator_dtype(kind, dt);
}

/* the value every accumulator starts from */
static lt_Scalar identity(lt_ReduceKind kind, lt_DType acc) {
  bool is_max = kind == LT_REDUCE_MAX;
  switch (kind) {
    case LT_REDUCE_SUM:
    case LT_REDUCE_ANY: return lt_scalar_int(0);
    case LT_REDUCE_PROD:
    case LT_REDUCE_ALL: return lt_scalar_int(1);
    default:
      switch (acc) {
        case LT_FLOAT32:
        case LT_FLOAT64: return lt_scalar_float(is_max ? -INFINITY : INFINITY);
        case LT_INT32: return lt_scalar_int(is_max ? INT32_MIN : INT32_MAX);
        case LT_INT64: return lt_scalar_int(is_max ? INT64_MIN : INT64_MAX);
        case LT_UINT8: return lt_scalar_int(is_max ? 0 : UINT8_MAX);
        default: return lt_scalar_int(is_max ? 0 : 1);
      }
  }
}

static const char *const reduce_names[LT_NUM_REDUCE] = {"sum", "prod", "max", "min", "all", "any"};

typedef struct {
  const lt_Iter *it;
  lt_Loop loop;
  int parts;
  char *acc_data[64]; /* one private accumulator per part (part 0 is the result's) */
} ReduceJob;

static void reduce_parts(void *arg, int64_t first, int64_t last) {
  const ReduceJob *job = arg;
  for (int64_t p = first; p < last; p++) {
    lt_Iter it = *job->it;
    it.data[0] = job->acc_data[p];
    lt_iter_run_range(&it, it.numel * p / job->parts, it.numel * (p + 1) / job->parts, job->loop, NULL);
  }
}

static lt_Status run_reduction(lt_Context *ctx, lt_ReduceKind kind, const lt_Tensor *t, lt_Tensor *acc) {
  lt_Tensor view = *acc, *ops[2] = {&view, (lt_Tensor *)t}, *extra[64] = {NULL};
  lt_Iter it;
  lt_Status st = lt_broadcast_strides(ctx, acc, t->ndim, t->size, view.stride);
  if (st != LT_OK) return st;
  view.ndim = t->ndim;
  memcpy(view.size, t->size, sizeof view.size);
  lt_iter_init_ordered(&it, 2, ops, 1);
  ReduceJob job = {&it, lt_reduce_loops[kind][t->dtype], 1, {lt_data(acc)}};
  int64_t nacc = lt_numel(acc);
  int threads = lt_pool_threads(ctx->pool);
  if (threads > 1 && it.numel >= PARALLEL_MIN_ELEMENTS && nacc * 16 <= it.numel) {
    job.parts = threads < 64 ? threads : 64;
    for (int p = 1; p < job.parts && st == LT_OK; p++)
      if ((st = lt_full(ctx, acc->dtype, acc->ndim, acc->size, identity(kind, acc->dtype), &extra[p])) == LT_OK)
        job.acc_data[p] = lt_data(extra[p]);
  }
  if (st == LT_OK) {
    lt_parallel_for(ctx->pool, job.parts, 1, reduce_parts, &job);
    /* fold the private accumulators into the result, in part order */
    lt_Loop combine = lt_reduce_loops[kind][acc->dtype];
    int64_t es = (int64_t)lt_dtype_size(acc->dtype), strides[2] = {es, es};
    for (int p = 1; p < job.parts; p++) {
      char *data[2] = {job.acc_data[0], job.acc_data[p]};
      combine(data, strides, nacc, NULL);
    }
  }
  for (int p = 1; p < job.parts; p++) lt_tensor_release(extra[p]);
  return st;
}

/* the shape with the dims of mask removed (or kept as 1) */
static int reduced_shape(const lt_Tensor *t, uint32_t mask, bool keepdim, int64_t *size) {
  int n = 0;
  for (int d = 0; d < t->ndim; d++) {
    if (!(mask >> d & 1)) size[n++] = t->size[d];
    else if (keepdim) size[n++] = 1;
  }
  return n;
}

/* ---- backward rules. A reduction's grad (and out) come back to the input's rank with the
   reduced dims kept as size 1, and broadcast against the input from there. ---- */

/* t (shaped like a reduction of x over mask) with the reduced dims kept; a chain temporary */
static lt_Tensor *g_kept(lt_G *g, const lt_Tensor *t, const lt_Tensor *x, uint32_t mask) {
  int64_t keep[LT_MAX_DIMS];
  lt_Tensor *r = NULL;
  if (g->st != LT_OK || t == NULL) return NULL;
  if (t->ndim == x->ndim || t->ndim == 0) return (lt_Tensor *)t; /* kept already, or expands as it is */
  reduced_shape(x, mask, true, keep);
  if ((g->st = lt_reshape(g->ctx, t, x->ndim, keep, &r)) != LT_OK) return NULL;
  return lt_g_add(g, r);
}

static lt_Tensor *g_reduce(lt_G *g, lt_ReduceKind kind, const lt_Tensor *t, uint32_t mask) {
  lt_Tensor *r = NULL;
  if (g->st != LT_OK || t == NULL) return NULL;
  if ((g->st = lt_reduce(g->ctx, kind, t, mask, true, &r)) != LT_OK) return NULL;
  return lt_g_add(g, r);
}

#define X (e->in[0])
#define Y (e->out)
#define MASK ((uint32_t)e->args.i[0])
#define BN(op, a, v) lt_g_binary_number(&g, LT_OP_##op, a, v)
#define BIN(op, a, b) lt_g_binary(&g, LT_OP_##op, a, b)

/* sum: the gradient spread back over the summed dims */
static lt_Status sum_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  lt_Tensor *kept = g_kept(&g, grad, X, MASK);
  (void)needs;
  if (kept != NULL && (g.st = lt_expand(ctx, kept, X->ndim, X->size, &grads[0])) != LT_OK) grads[0] = NULL;
  return lt_g_end(&g);
}

/* prod: the product of the others, out / x where x != 0. Where x == 0 it is the product of the
   nonzero others if x is the line's only zero, else 0. Dividing by x with its zeros made 1
   keeps every branch finite, also for gradients of gradients (exact unless two zeros meet). */
static lt_Status prod_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                               lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  lt_Tensor *zero = BN(EQ, X, 0), *one = lt_g_number(&g, 1);
  lt_Tensor *x_nz = lt_g_where(&g, zero, one, X);
  lt_Tensor *lone = BN(EQ, g_reduce(&g, LT_REDUCE_SUM, zero, MASK), 1);
  lt_Tensor *at_zero = lt_g_where(&g, lone, g_reduce(&g, LT_REDUCE_PROD, x_nz, MASK), lt_g_number(&g, 0));
  lt_Tensor *others = lt_g_where(&g, zero, at_zero, lt_g_div(&g, g_kept(&g, Y, X, MASK), x_nz));
  (void)needs;
  grads[0] = lt_g_keep(&g, lt_g_mul(&g, g_kept(&g, grad, X, MASK), others));
  return lt_g_end(&g);
}

/* amax/amin: shared evenly by the elements equal to the result (or NaN, which the result then
   is), as PyTorch */
static lt_Status extremum_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad,
                                   const bool *needs, lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  lt_Tensor *hit = BIN(LOGICAL_OR, BIN(EQ, X, g_kept(&g, Y, X, MASK)), BIN(NE, X, X));
  lt_Tensor *share = lt_g_div(&g, g_kept(&g, grad, X, MASK), g_reduce(&g, LT_REDUCE_SUM, hit, MASK));
  (void)needs;
  grads[0] = lt_g_keep(&g, lt_g_where(&g, hit, share, lt_g_number(&g, 0)));
  return lt_g_end(&g);
}

/* args: i[0] the dims mask, i[1] keepdim */
static const lt_GradFn reduce_fns[LT_NUM_REDUCE] = {
    [LT_REDUCE_SUM] = {"sum", sum_backward, 0},
    [LT_REDUCE_PROD] = {"prod", prod_backward, LT_USES_IN(0) | LT_USES_OUT},
    [LT_REDUCE_MAX] = {"amax", extremum_backward, LT_USES_IN(0) | LT_USES_OUT},
    [LT_REDUCE_MIN] = {"amin", extremum_backward, LT_USES_IN(0) | LT_USES_OUT},
    [LT_REDUCE_ALL] = {"all", NULL, 0},
    [LT_REDUCE_ANY] = {"any", NULL, 0},
};

lt_Status lt_reduce(lt_Context *ctx, lt_ReduceKind kind, const lt_Tensor *t, uint32_t mask,
                    bool keepdim, lt_Tensor **out) {
  int64_t keep[LT_MAX_DIMS], size[LT_MAX_DIMS];
  lt_Tensor *acc = NULL;
  *out = NULL;
  if (mask == 0) mask = t->ndim > 0 ? (uint32_t)((1u << t->ndim) - 1) : 0;
  if (mask >> t->ndim) return lt_error(ctx, "dimension out of range for a %d-d tensor", t->ndim);
  int64_t count = 1;
  for (int d = 0; d < t->ndim; d++) if (mask >> d & 1) count *= t->size[d];
  if ((kind == LT_REDUCE_MAX || kind == LT_REDUCE_MIN) && count == 0)
    return lt_error(ctx, "cannot reduce an empty tensor (%s has no identity)", reduce_names[kind]);
  lt_DType acc_dt = accumulator_dtype(kind, t->dtype), res_dt = result_dtype(kind, t->dtype);
  reduced_shape(t, mask, true, keep);
  int n = reduced_shape(t, mask, keepdim, size);
  /* the accumulator has the result's shape; the kernels see it with the reduced dims kept (a
     stack view: small reductions cost one or two allocations) */
  lt_Status st = lt_full(ctx, acc_dt, n, size, identity(kind, acc_dt), &acc);
  if (st == LT_OK) {
    lt_Tensor kept = *acc;
    kept.ndim = t->ndim;
    memcpy(kept.size, keep, sizeof(int64_t) * (size_t)t->ndim);
    lt_contiguous_strides(t->ndim, keep, kept.stride);
    st = run_reduction(ctx, kind, t, &kept);
  }
  if (st == LT_OK && acc_dt != res_dt && (st = lt_empty(ctx, res_dt, n, size, out)) == LT_OK &&
      (st = lt_copy(ctx, *out, acc)) != LT_OK)
    lt_tensor_release(*out), *out = NULL;
  if (st == LT_OK && acc_dt == res_dt) *out = acc, acc = NULL;
  lt_tensor_release(acc);
  if (st == LT_OK && lt_recording(ctx)) {
    lt_SavedArgs args = {NULL, {mask, keepdim}, {0, 0}};
    if ((st = lt_record(ctx, &reduce_fns[kind], 1, &t, *out, &args)) != LT_OK) lt_tensor_release(*out), *out = NULL;
  }
  return st;
}

/* t seen without dim d: the starts of the lines along d (a stack view, never retained) */
static lt_Tensor line_starts(const lt_Tensor *t, int d) {
  lt_Tensor v = *t;
  for (int i = d; i + 1 < t->ndim; i++) {
    v.size[i] = t->size[i + 1];
    v.stride[i] = t->stride[i + 1];
  }
  v.ndim = t->ndim - 1;
  return v;
}

/* Runs a line kernel over input t along dim; the outputs have t's shape along the other dims. */
static void run_lines(lt_Loop loop, const lt_Tensor *t, int dim, int nout, lt_Tensor *const *outs,
                      int64_t out_stride) {
  /* empty: nothing to visit, though it may have many empty lines (a 0 x 2^40 along dim 1) */
  if (lt_numel(t) == 0) return;
  lt_Tensor views[3], *ops[3];
  views[0] = line_starts(t, dim);
  for (int k = 0; k < nout; k++) views[k + 1] = line_starts(outs[k], dim);
  for (int k = 0; k <= nout; k++) ops[k] = &views[k];
  lt_LineArgs args = {t->size[dim], t->stride[dim] * (int64_t)lt_dtype_size(t->dtype), out_stride};
  lt_Iter it;
  lt_iter_init(&it, nout + 1, ops);
  lt_iter_run(&it, loop, &args);
  for (int k = 0; k < nout; k++) atomic_fetch_add(&outs[k]->storage->version, 1);
}

/* max/min along a dim: the gradient goes to the index the forward chose (a one-hot from the
   saved 0-based indices, kept dim) */
static lt_Status index_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  int dim = (int)e->args.i[0];
  int64_t shape[LT_MAX_DIMS];
  lt_Tensor *positions = NULL, *along = NULL;
  (void)needs;
  for (int d = 0; d < X->ndim; d++) shape[d] = d == dim ? X->size[d] : 1;
  g.st = lt_arange(ctx, LT_INT64, lt_scalar_int(0), lt_scalar_int(X->size[dim]), lt_scalar_int(1), &positions);
  if (g.st == LT_OK) g.st = lt_view(ctx, positions, X->ndim, shape, &along);
  lt_tensor_release(positions);
  if (g.st == LT_OK) lt_g_add(&g, along);
  lt_Tensor *hit = BIN(EQ, along, e->args.extra);
  grads[0] = lt_g_keep(&g, lt_g_where(&g, hit, g_kept(&g, grad, X, 1u << dim), lt_g_number(&g, 0)));
  return lt_g_end(&g);
}

/* args: i[0] the dim, extra the indices (dim kept) */
static const lt_GradFn max_fn = {"max", index_backward, 0}, min_fn = {"min", index_backward, 0};

lt_Status lt_reduce_index(lt_Context *ctx, bool want_max, const lt_Tensor *t, int dim, bool keepdim,
                          lt_Tensor **values, lt_Tensor **indices) {
  int64_t size[LT_MAX_DIMS];
  lt_Tensor *outs[2] = {NULL, NULL}; /* values, 0-based indices */
  *values = *indices = NULL;
  if (dim < 0 || dim >= t->ndim) return lt_error(ctx, "dimension out of range for a %d-d tensor", t->ndim);
  if (t->size[dim] == 0)
    return lt_error(ctx, "cannot find the %s of an empty dimension", want_max ? "max" : "min");
  memcpy(size, t->size, sizeof size);
  size[dim] = 1; /* computed with dim kept, viewed without it unless keepdim */
  lt_Status st = lt_empty(ctx, t->dtype, t->ndim, size, &outs[0]);
  if (st == LT_OK) st = lt_empty(ctx, LT_INT64, t->ndim, size, &outs[1]);
  if (st == LT_OK) run_lines((want_max ? lt_argmax_loops : lt_argmin_loops)[t->dtype], t, dim, 2, outs, 0);
  int n = t->ndim;
  if (!keepdim) {
    for (int i = dim; i + 1 < t->ndim; i++) size[i] = t->size[i + 1];
    n--;
  }
  if (st == LT_OK) st = lt_view(ctx, outs[0], n, size, values);
  if (st == LT_OK) st = lt_view(ctx, outs[1], n, size, indices);
  /* only the values are recorded; the entry keeps its own copy of the indices (the caller may
     change the returned ones in place, e.g. to make them 1-based) */
  if (st == LT_OK && lt_recording(ctx)) {
    lt_SavedArgs args = {NULL, {dim, keepdim}, {0, 0}};
    if ((st = lt_clone(ctx, outs[1], &args.extra)) == LT_OK)
      st = lt_record(ctx, want_max ? &max_fn : &min_fn, 1, &t, *values, &args);
    lt_tensor_release(args.extra);
  }
  lt_tensor_release(outs[0]);
  lt_tensor_release(outs[1]);
  if (st != LT_OK) {
    lt_tensor_release(*values);
    lt_tensor_release(*indices);
    *values = *indices = NULL;
  }
  return st;
}

/* t reversed along dim (a view); a chain temporary */
static lt_Tensor *g_flip(lt_G *g, const lt_Tensor *t, int dim) {
  lt_Tensor *r = NULL;
  if (g->st != LT_OK || t == NULL) return NULL;
  if ((g->st = lt_slice(g->ctx, t, dim, t->size[dim] - 1, t->size[dim], -1, &r)) != LT_OK) return NULL;
  return lt_g_add(g, r);
}

static lt_Tensor *g_cumulative(lt_G *g, bool product, const lt_Tensor *t, int dim) {
  lt_Tensor *r = NULL;
  if (g->st != LT_OK || t == NULL) return NULL;
  if ((g->st = lt_cumulative(g->ctx, product, t, dim, &r)) != LT_OK) return NULL;
  return lt_g_add(g, r);
}

/* sum_{j >= i} t_j along dim: a cumsum of the reversed views (its steps in a chain of their own,
   so that they do not count against the caller's) */
static lt_Tensor *g_revcumsum(lt_G *g, const lt_Tensor *t, int dim) {
  lt_G steps = LT_G(g->ctx);
  if (g->st != LT_OK || t == NULL) return NULL;
  lt_Tensor *r = lt_g_keep(&steps, g_flip(&steps, g_cumulative(&steps, false, g_flip(&steps, t, dim), dim), dim));
  if ((g->st = lt_g_end(&steps)) != LT_OK) return NULL;
  return lt_g_add(g, r);
}

/* cumsum: the sum of the gradients at and after each position */
static lt_Status cumsum_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                 lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  (void)needs;
  grads[0] = lt_g_keep(&g, g_revcumsum(&g, grad, (int)e->args.i[0]));
  return lt_g_end(&g);
}

/* cumprod: dout_j/dx_i is the product of x_k, k <= j, k != i. Without zeros, the sum over j >= i
   of grad_j out_j is divided by x_i (PyTorch's formula). At a line's first zero the products
   are those of x with that zero made 1; after it every dout_j/dx_i holds the zero, and the
   formula (dividing by x with zeros made 1) gives 0 there too. Gradients of gradients are exact
   unless a line holds two zeros. */
static lt_Status cumprod_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                  lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  int dim = (int)e->args.i[0];
  lt_Tensor *zero = BN(EQ, X, 0), *any = g_reduce(&g, LT_REDUCE_ANY, zero, 0);
  lt_Tensor *after = g_revcumsum(&g, lt_g_mul(&g, grad, Y), dim);
  (void)needs;
  if (any == NULL || !lt_read_scalar(LT_BOOL, lt_data(any)).v.i) {
    grads[0] = lt_g_keep(&g, lt_g_div(&g, after, X));
    return lt_g_end(&g);
  }
  lt_Tensor *one = lt_g_number(&g, 1);
  lt_Tensor *first = BIN(LOGICAL_AND, zero, BN(EQ, g_cumulative(&g, false, zero, dim), 1));
  lt_Tensor *skip_first = g_cumulative(&g, true, lt_g_where(&g, first, one, X), dim);
  lt_Tensor *at_first = g_revcumsum(&g, lt_g_mul(&g, grad, skip_first), dim);
  grads[0] = lt_g_keep(&g, lt_g_where(&g, first, at_first, lt_g_div(&g, after, lt_g_where(&g, zero, one, X))));
  return lt_g_end(&g);
}

/* args: i[0] the dim */
static const lt_GradFn cumsum_fn = {"cumsum", cumsum_backward, 0},
                       cumprod_fn = {"cumprod", cumprod_backward, LT_USES_IN(0) | LT_USES_OUT};

lt_Status lt_cumulative(lt_Context *ctx, bool product, const lt_Tensor *t, int dim, lt_Tensor **out) {
  if (dim < 0 || dim >= t->ndim) return lt_error(ctx, "dimension out of range for a %d-d tensor", t->ndim);
  lt_DType dt = lt_dtype_is_float(t->dtype) ? t->dtype : LT_INT64;
  lt_Status st = lt_empty_like(ctx, t, dt, out);
  if (st != LT_OK) return st;
  run_lines((product ? lt_cumprod_loops : lt_cumsum_loops)[t->dtype], t, dim, 1, out,
            (*out)->stride[dim] * (int64_t)lt_dtype_size(dt));
  if (lt_recording(ctx)) {
    lt_SavedArgs args = {NULL, {dim}, {0, 0}};
    if ((st = lt_record(ctx, product ? &cumprod_fn : &cumsum_fn, 1, &t, *out, &args)) != LT_OK)
      lt_tensor_release(*out), *out = NULL;
  }
  return st;
}
