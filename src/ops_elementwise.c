/*
** ops_elementwise.c: the driver behind every element-wise op. It broadcasts the inputs, picks
** the output (new, given, or in place), and runs the op's typed loop over the strided
** iterator, split over the state's threads.
**
** Mixed dtypes never materialize a converted copy of an operand: inputs whose dtype differs
** from the compute dtype are converted a cache-sized chunk at a time inside the inner loop.
*/
#include <string.h>

#include "lt_kernels.h"
#include "lt_grad.h"
#include "lt_ops.h"
#include "lt_threads.h"

#define MAX_INPUTS (LT_MAX_OPERANDS - 1)
#define CHUNK 512                  /* elements converted at a time: 4 KiB of float64 */

void lt_scalar_tensor(lt_Tensor *t, lt_Storage *storage, void *buf, lt_DType dt, lt_Scalar v) {
  memset(storage, 0, sizeof *storage); /* never released: it belongs to the caller */
  storage->data = buf;
  storage->nbytes = 8;
  memset(t, 0, sizeof *t);
  t->dtype = dt;
  t->ndim = 0;
  t->storage = storage;
  lt_write_scalar(dt, buf, v);
}

lt_Operand lt_number_operand(lt_NumberSlot *slot, double v) {
  lt_scalar_tensor(&slot->t, &slot->s, slot->buf, LT_FLOAT64, lt_scalar_float(v));
  return (lt_Operand){&slot->t, true};
}

lt_Status lt_broadcast_shapes(lt_Context *ctx, int n, const lt_Tensor *const *ts,
                              const char *const *names, int *ndim, int64_t *size) {
  int nd = 0;
  for (int k = 0; k < n; k++) nd = ts[k]->ndim > nd ? ts[k]->ndim : nd;
  for (int i = 0; i < nd; i++) {
    int owner = -1; /* the first operand with a size other than 1 here */
    size[i] = 1;
    for (int k = 0; k < n; k++) {
      int j = i - (nd - ts[k]->ndim);
      if (j < 0 || ts[k]->size[j] == 1) continue;
      if (owner < 0) {
        owner = k;
        size[i] = ts[k]->size[j];
      } else if (ts[k]->size[j] != size[i]) {
        return lt_error(ctx, "the size of tensor %s (%lld) must match the size of tensor %s (%lld) "
                             "at non-singleton dimension %d",
                        names[owner], (long long)size[i], names[k], (long long)ts[k]->size[j], i + 1);
      }
    }
  }
  *ndim = nd;
  return LT_OK;
}

/* Do two layouts touch the same bytes without being the very same layout? */
static bool overlaps_partially(const lt_Tensor *out, const lt_Tensor *in) {
  if (out->storage != in->storage || !lt_may_overlap(out, in)) return false;
  if (out->offset != in->offset || out->ndim != in->ndim || out->dtype != in->dtype) return true;
  for (int i = 0; i < out->ndim; i++)
    if (out->size[i] != in->size[i] || (out->size[i] > 1 && out->stride[i] != in->stride[i])) return true;
  return false;
}

typedef struct {
  lt_Loop loop;
  void *loop_extra;
  int nin;
  lt_DType in_dt[MAX_INPUTS];      /* what the inputs hold */
  lt_DType compute[MAX_INPUTS];    /* what the loop reads */
  lt_DType out_dt, loop_out;       /* what out holds, what the loop writes */
} Kernel;

/* The loop over operands of the wrong dtype: convert CHUNK elements into local buffers, run the
   typed loop on them, convert the result back. Broadcast (stride 0) inputs convert once. */
static void buffered_loop(char **data, const int64_t *strides, int64_t n, void *extra) {
  const Kernel *k = extra;
  _Alignas(64) char buf[LT_MAX_OPERANDS][CHUNK * 8];
  char *ptr[LT_MAX_OPERANDS];
  int64_t st[LT_MAX_OPERANDS];
  for (int i = 1; i <= k->nin; i++) {
    if (k->in_dt[i - 1] == k->compute[i - 1] || strides[i] != 0) continue;
    char *cp[2] = {buf[i], data[i]};
    int64_t cs[2] = {0, 0};
    lt_copy_loop(k->in_dt[i - 1], k->compute[i - 1])(cp, cs, 1, NULL);
  }
  for (int64_t done = 0; done < n; done += CHUNK) {
    int64_t m = n - done < CHUNK ? n - done : CHUNK;
    for (int i = 1; i <= k->nin; i++) {
      char *src = data[i] + done * strides[i];
      if (k->in_dt[i - 1] == k->compute[i - 1]) {
        ptr[i] = src;
        st[i] = strides[i];
      } else if (strides[i] == 0) {
        ptr[i] = buf[i];
        st[i] = 0;
      } else {
        char *cp[2] = {buf[i], src};
        int64_t cs[2] = {(int64_t)lt_dtype_size(k->compute[i - 1]), strides[i]};
        lt_copy_loop(k->in_dt[i - 1], k->compute[i - 1])(cp, cs, m, NULL);
        ptr[i] = buf[i];
        st[i] = cs[0];
      }
    }
    bool convert_out = k->out_dt != k->loop_out;
    ptr[0] = convert_out ? buf[0] : data[0] + done * strides[0];
    st[0] = convert_out ? (int64_t)lt_dtype_size(k->loop_out) : strides[0];
    k->loop(ptr, st, m, k->loop_extra);
    if (convert_out) {
      char *cp[2] = {data[0] + done * strides[0], buf[0]};
      int64_t cs[2] = {strides[0], st[0]};
      lt_copy_loop(k->loop_out, k->out_dt)(cp, cs, m, NULL);
    }
  }
}

/* The common case needs no iterator: every operand contiguous in out's shape, or one element
   broadcast everywhere, all in the loop's own dtypes. */
typedef struct {
  lt_Loop loop;
  void *extra;
  int nops;
  char *data[LT_MAX_OPERANDS];
  int64_t stride[LT_MAX_OPERANDS];
} FlatJob;

static void run_flat_range(void *arg, int64_t begin, int64_t end) {
  const FlatJob *job = arg;
  char *ptr[LT_MAX_OPERANDS];
  for (int k = 0; k < job->nops; k++) ptr[k] = job->data[k] + begin * job->stride[k];
  job->loop(ptr, job->stride, end - begin, job->extra);
}

static bool try_flat(lt_Context *ctx, const Kernel *k, lt_Tensor *out, const lt_Tensor *const *in) {
  int64_t n = lt_numel(out);
  FlatJob job = {k->loop, k->loop_extra, k->nin + 1, {lt_data(out)}, {(int64_t)lt_dtype_size(out->dtype)}};
  if (out->dtype != k->loop_out || !lt_is_contiguous(out)) return false;
  for (int i = 0; i < k->nin; i++) {
    const lt_Tensor *t = in[i];
    bool scalar = lt_numel(t) == 1;
    /* an input in out's memory must be out itself (a shared scalar would change under us) */
    if (t->dtype != k->compute[i] || !(scalar || (lt_same_shape(t, out) && lt_is_contiguous(t))) ||
        (t->storage == out->storage && (scalar || t->offset != out->offset)))
      return false;
    job.data[i + 1] = lt_data(t);
    job.stride[i + 1] = scalar ? 0 : (int64_t)lt_dtype_size(t->dtype);
  }
  if (n < LT_PARALLEL_GRAIN) job.loop(job.data, job.stride, n, job.extra); /* the small-op path */
  else lt_parallel_for(ctx->pool, n, LT_PARALLEL_GRAIN, run_flat_range, &job);
  atomic_fetch_add(&out->storage->version, 1);
  return true;
}

/* Runs the kernel over out = f(inputs) (already checked: shapes broadcast to out, dtypes valid). */
static lt_Status run_kernel(lt_Context *ctx, Kernel *k, lt_Tensor *out, const lt_Tensor *const *in) {
  if (try_flat(ctx, k, out, in)) return LT_OK;
  lt_Tensor views[MAX_INPUTS], scalars[MAX_INPUTS], *ops[LT_MAX_OPERANDS], *copies[MAX_INPUTS] = {NULL};
  lt_Storage scalar_storage[MAX_INPUTS];
  _Alignas(8) char scalar_buf[MAX_INPUTS][8];
  lt_Status st = LT_OK;
  bool direct = k->out_dt == k->loop_out;
  ops[0] = out;
  for (int i = 0; i < k->nin && st == LT_OK; i++) {
    const lt_Tensor *t = in[i];
    if (t->ndim == 0 && t->dtype != k->compute[i]) { /* convert a scalar once, up front */
      lt_scalar_tensor(&scalars[i], &scalar_storage[i], scalar_buf[i], k->compute[i],
                       lt_read_scalar(t->dtype, lt_data(t)));
      t = &scalars[i];
    } else if (overlaps_partially(out, t)) { /* read it before any of it is overwritten */
      if ((st = lt_clone(ctx, t, &copies[i])) != LT_OK) break;
      t = copies[i];
    }
    k->in_dt[i] = t->dtype;
    direct = direct && t->dtype == k->compute[i];
    views[i] = *t;
    views[i].ndim = out->ndim;
    memcpy(views[i].size, out->size, sizeof views[i].size);
    st = lt_broadcast_strides(ctx, t, out->ndim, out->size, views[i].stride);
    ops[i + 1] = &views[i];
  }
  if (st == LT_OK) {
    lt_Iter it;
    lt_iter_init(&it, k->nin + 1, ops);
    lt_iter_run_parallel(ctx, &it, direct ? k->loop : buffered_loop, direct ? k->loop_extra : k);
    atomic_fetch_add(&out->storage->version, 1);
  }
  for (int i = 0; i < k->nin; i++) lt_tensor_release(copies[i]);
  return st;
}

/* Checks or makes the output of shape (ndim, size) and dtype dt. */
static lt_Status prepare_out(lt_Context *ctx, lt_Tensor *out, lt_DType dt, int ndim,
                             const int64_t *size, lt_Tensor **result) {
  char a[LT_SHAPE_STR_SIZE], b[LT_SHAPE_STR_SIZE];
  if (out == NULL) return lt_empty(ctx, dt, ndim, size, result);
  bool same = out->ndim == ndim;
  for (int i = 0; same && i < ndim; i++) same = out->size[i] == size[i];
  if (!same)
    return lt_error(ctx, "output with shape %s doesn't match the broadcast shape %s",
                    lt_shape_str(a, sizeof a, out->ndim, out->size), lt_shape_str(b, sizeof b, ndim, size));
  if (!lt_can_cast(dt, out->dtype))
    return lt_error(ctx, "result type %s can't be cast to the desired output type %s",
                    lt_dtype_name(dt), lt_dtype_name(out->dtype));
  if (lt_has_internal_overlap(out))
    return lt_error(ctx, "cannot write into a tensor where several elements share memory (an "
                         "expanded view); clone it first");
  lt_tensor_retain(out);
  *result = out;
  return LT_OK;
}

static lt_OperandKind kind_of(lt_Operand x) {
  return x.wrapped ? LT_OPERAND_WRAPPED : x.t->ndim == 0 ? LT_OPERAND_ZERO_DIM : LT_OPERAND_DIM;
}

/* compute dtype and result dtype of an op by its rule, from the promoted input dtype */
static lt_Status apply_rule(lt_Context *ctx, lt_ResultRule rule, unsigned dtypes,
                            lt_DType promoted, lt_DType *compute, lt_DType *result) {
  *compute = *result = promoted;
  if (rule == LT_RESULT_FLOAT && !lt_dtype_is_float(promoted)) *compute = *result = ctx->default_dtype;
  if (rule == LT_RESULT_BOOL) *result = LT_BOOL;
  if (rule == LT_RESULT_LOGICAL) *compute = *result = LT_BOOL;
  if (!(dtypes & (1u << *compute)))
    return lt_error(ctx, "not supported for dtype %s", lt_dtype_name(*compute));
  return LT_OK;
}

/* records the result on the active tapes; out= and in-place forms were refused earlier if a tape
   tracks an operand (lt_check_write) */
static lt_Status record(lt_Context *ctx, const lt_GradFn *fn, int n, const lt_Tensor *const *in, lt_Status st,
                        lt_Tensor **result) {
  if (st == LT_OK && lt_recording(ctx)) st = lt_record(ctx, fn, n, in, *result, NULL);
  return st;
}

static lt_Status finish(lt_Status st, lt_Tensor **result) {
  if (st != LT_OK) {
    lt_tensor_release(*result);
    *result = NULL;
  }
  return st;
}

/* The most common call, decided in a few compares: two contiguous tensors of one shape and
   dtype, and a fresh result. */
static bool binary_fast(lt_Context *ctx, const lt_BinaryOp *op, lt_Operand a, lt_Operand b,
                        lt_Tensor *out, lt_Tensor **result, lt_Status *st) {
  lt_DType dt = a.t->dtype, compute, res_dt;
  if (out != NULL || op->precheck != NULL || a.wrapped || b.wrapped || b.t->dtype != dt ||
      !lt_same_shape(a.t, b.t) ||
      !lt_is_contiguous(a.t) || !lt_is_contiguous(b.t))
    return false;
  if ((*st = apply_rule(ctx, op->rule, op->dtypes, dt, &compute, &res_dt)) != LT_OK) return true;
  if (compute != dt) return false; /* needs conversion: the general path */
  if ((*st = lt_empty_like(ctx, a.t, res_dt, result)) != LT_OK) return true;
  FlatJob job = {op->loops[dt], NULL, 3, {lt_data(*result), lt_data(a.t), lt_data(b.t)},
                 {(int64_t)lt_dtype_size(res_dt), (int64_t)lt_dtype_size(dt), (int64_t)lt_dtype_size(dt)}};
  int64_t n = lt_numel(a.t);
  if (n < LT_PARALLEL_GRAIN) job.loop(job.data, job.stride, n, NULL);
  else lt_parallel_for(ctx->pool, n, LT_PARALLEL_GRAIN, run_flat_range, &job);
  return true;
}

lt_Status lt_binary(lt_Context *ctx, const lt_BinaryOp *op, lt_Operand a, lt_Operand b,
                    lt_Tensor *out, lt_Tensor **result) {
  lt_Status fast_st;
  *result = NULL;
  const lt_Tensor *in[2] = {a.t, b.t};
  if (binary_fast(ctx, op, a, b, out, result, &fast_st)) return finish(record(ctx, &op->fn, 2, in, fast_st, result), result);
  lt_DType dts[2] = {a.t->dtype, b.t->dtype}, compute, res_dt;
  lt_OperandKind kinds[2] = {kind_of(a), kind_of(b)};
  int64_t size[LT_MAX_DIMS];
  int ndim;
  const char *problem;
  lt_Status st = apply_rule(ctx, op->rule, op->dtypes, lt_result_type(ctx, 2, dts, kinds),
                            &compute, &res_dt);
  *result = NULL;
  static const char *const names[2] = {"a", "b"};
  if (st != LT_OK || (st = lt_broadcast_shapes(ctx, 2, in, names, &ndim, size)) != LT_OK) return st;
  if (op->precheck != NULL && (problem = op->precheck(compute, a.t, b.t)) != NULL)
    return lt_error(ctx, "%s", problem);
  if (out != NULL && (st = lt_check_write(ctx, out, 2, in)) != LT_OK) return st;
  if ((st = prepare_out(ctx, out, res_dt, ndim, size, result)) != LT_OK) return st;
  Kernel k = {op->loops[compute], NULL, 2, {0}, {compute, compute}, (*result)->dtype,
              op->rule == LT_RESULT_BOOL || op->rule == LT_RESULT_LOGICAL ? LT_BOOL : compute};
  return finish(record(ctx, &op->fn, 2, in, run_kernel(ctx, &k, *result, in), result), result);
}

lt_Status lt_unary(lt_Context *ctx, const lt_UnaryOp *op, const lt_Tensor *a, lt_Tensor *out,
                   lt_Tensor **result) {
  lt_DType compute, res_dt;
  lt_Status st = apply_rule(ctx, op->rule, op->dtypes, a->dtype, &compute, &res_dt);
  *result = NULL;
  if (st == LT_OK && out != NULL) st = lt_check_write(ctx, out, 1, &a);
  if (st != LT_OK || (st = prepare_out(ctx, out, res_dt, a->ndim, a->size, result)) != LT_OK) return st;
  Kernel k = {op->loops[compute], NULL, 1, {0}, {compute}, (*result)->dtype, res_dt};
  return finish(record(ctx, &op->fn, 1, &a, run_kernel(ctx, &k, *result, &a), result), result);
}

/* the gradient goes to a where cond holds, to b elsewhere; cond gets none */
static lt_Status where_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  lt_Tensor *zero = lt_g_number(&g, 0);
  if (needs[1]) grads[1] = lt_g_keep(&g, lt_g_where(&g, e->in[0], grad, zero));
  if (needs[2]) grads[2] = lt_g_keep(&g, lt_g_where(&g, e->in[0], zero, grad));
  return lt_g_end(&g);
}

static const lt_GradFn where_fn = {"where", where_backward, LT_USES_IN(0)};

lt_Status lt_where(lt_Context *ctx, const lt_Tensor *cond, lt_Operand a, lt_Operand b,
                   const char *const *names, lt_Tensor *out, lt_Tensor **result) {
  static const char *const default_names[3] = {"cond", "a", "b"};
  lt_DType dts[2] = {a.t->dtype, b.t->dtype};
  lt_OperandKind kinds[2] = {kind_of(a), kind_of(b)};
  const lt_Tensor *in[3] = {cond, a.t, b.t};
  int64_t size[LT_MAX_DIMS];
  int ndim;
  lt_DType dt = lt_result_type(ctx, 2, dts, kinds);
  lt_Status st = lt_broadcast_shapes(ctx, 3, in, names != NULL ? names : default_names, &ndim, size);
  *result = NULL;
  if (st == LT_OK && out != NULL) st = lt_check_write(ctx, out, 3, in);
  if (st != LT_OK || (st = prepare_out(ctx, out, dt, ndim, size, result)) != LT_OK) return st;
  Kernel k = {lt_where_loops[dt], NULL, 3, {0}, {LT_BOOL, dt, dt}, (*result)->dtype, dt};
  return finish(record(ctx, &where_fn, 3, in, run_kernel(ctx, &k, *result, in), result), result);
}

/* The driver of the fused ops (ops_fused.c) and of lerp: n tensor inputs read in dtype compute
   (converted chunk by chunk where they differ), broadcast to one shape (names for the errors),
   written to a new result of dtype res_dt or into out, by loop(extra) in one pass. The caller
   chose the dtypes and records the result. */
lt_Status lt_elementwise(lt_Context *ctx, lt_Loop loop, void *extra, int n, const lt_Tensor *const *in,
                         const char *const *names, lt_DType compute, lt_DType res_dt, lt_Tensor *out,
                         lt_Tensor **result) {
  int64_t size[LT_MAX_DIMS];
  int ndim;
  *result = NULL;
  lt_Status st = lt_broadcast_shapes(ctx, n, in, names, &ndim, size);
  if (st == LT_OK && out != NULL) st = lt_check_write(ctx, out, n, in);
  if (st != LT_OK || (st = prepare_out(ctx, out, res_dt, ndim, size, result)) != LT_OK) return st;
  Kernel k = {loop, extra, n, {0}, {compute, compute, compute}, (*result)->dtype, compute};
  return finish(run_kernel(ctx, &k, *result, in), result);
}
