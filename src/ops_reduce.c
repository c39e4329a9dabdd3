/*
** ops_reduce.c: reductions over dims, max/min with indices, cumulative sums and products.
**
** A reduction walks the input in its own memory order (the iterator is ordered by the input's
** strides) against an accumulator that has stride 0 on the reduced dims. With few outputs and
** many inputs the work is split over threads, each with a private accumulator, combined at the
** end in a fixed order (so a given thread count always gives the same bits).
*/
#include <string.h>

#include "lt_kernels.h"
#include "lt_reduce.h"
#include "lt_tape.h"
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
  for (int p = 1; p < 64; p++) lt_tensor_release(extra[p]);
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

/* sum: the gradient spread back over the summed dims */
static lt_Status sum_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  const lt_Tensor *x = e->in[0];
  int64_t keep[LT_MAX_DIMS];
  lt_Tensor *kept = NULL;
  (void)needs;
  reduced_shape(x, (uint32_t)e->args.i[0], true, keep);
  lt_Status st = lt_reshape(ctx, grad, x->ndim, keep, &kept);
  if (st == LT_OK) st = lt_expand(ctx, kept, x->ndim, x->size, &grads[0]);
  lt_tensor_release(kept);
  return st;
}

/* args: i[0] the dims mask, i[1] keepdim */
static const lt_GradFn reduce_fns[LT_NUM_REDUCE] = {
    [LT_REDUCE_SUM] = {"sum", sum_backward, 0}, [LT_REDUCE_PROD] = {"prod", NULL, 0},
    [LT_REDUCE_MAX] = {"amax", NULL, 0},        [LT_REDUCE_MIN] = {"amin", NULL, 0},
    [LT_REDUCE_ALL] = {"all", NULL, 0},         [LT_REDUCE_ANY] = {"any", NULL, 0},
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
  lt_Status st = lt_full(ctx, acc_dt, t->ndim, keep, identity(kind, acc_dt), &acc);
  if (st == LT_OK) st = run_reduction(ctx, kind, t, acc);
  if (st == LT_OK && acc_dt != res_dt) {
    lt_Tensor *converted;
    if ((st = lt_to_dtype(ctx, acc, res_dt, &converted)) == LT_OK) {
      lt_tensor_release(acc);
      acc = converted;
    }
  }
  if (st == LT_OK) st = lt_view(ctx, acc, n, size, out);
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
  lt_tensor_release(outs[0]);
  lt_tensor_release(outs[1]);
  if (st != LT_OK) {
    lt_tensor_release(*values);
    *values = NULL;
  }
  return st;
}

lt_Status lt_cumulative(lt_Context *ctx, bool product, const lt_Tensor *t, int dim, lt_Tensor **out) {
  if (dim < 0 || dim >= t->ndim) return lt_error(ctx, "dimension out of range for a %d-d tensor", t->ndim);
  lt_DType dt = lt_dtype_is_float(t->dtype) ? t->dtype : LT_INT64;
  lt_Status st = lt_empty_like(ctx, t, dt, out);
  if (st != LT_OK) return st;
  run_lines((product ? lt_cumprod_loops : lt_cumsum_loops)[t->dtype], t, dim, 1, out,
            (*out)->stride[dim] * (int64_t)lt_dtype_size(dt));
  return LT_OK;
}
