/*
** ops_fused.c: the fused element-wise ops PyTorch's optimizers are written with, each one pass
** over its operands (kernels_fused.c) and one tape entry with its backward rule beside it:
**
**   addcmul(input, t1, t2, value) = input + value * t1 * t2
**   addcdiv(input, t1, t2, value) = input + value * t1 / t2
**   add(a, b, alpha) = a + alpha * b, sub(a, b, alpha) = a - alpha * b
**
** and lerp's one-pass forward (lerp itself, its checks and its backward are in ops_stats.c).
** The forward is the fused kernel whether or not a tape records: the backward rules are built
** from core ops, so they need nothing the kernel does not keep.
**
** Dtypes as PyTorch: the result is promoted over the tensors (a Lua number among add's operands
** is wrapped, as for +); the scalar (value, alpha) never takes part and is converted to the
** result's dtype. An integer result refuses a scalar that is not an integer (PyTorch refuses a
** float alpha for integer tensors and silently truncates value; we refuse both). addcdiv refuses
** t1 and t2 both integral, as PyTorch does (it removed integer division from addcdiv).
*/
#include <math.h>

#include "lt_grad.h"
#include "lt_kernels.h"
#include "lt_ops.h"

static lt_OperandKind kind_of(const lt_Tensor *t, bool wrapped) {
  return wrapped ? LT_OPERAND_WRAPPED : t->ndim == 0 ? LT_OPERAND_ZERO_DIM : LT_OPERAND_DIM;
}

/* the scalar (negated if negate) in dtype dt, where the loop reads it; integers take only
   integral numbers, and wrap */
static lt_Status scalar_for(lt_Context *ctx, const char *what, lt_Scalar v, bool negate, lt_DType dt, char *buf) {
  if (!v.is_int && !lt_dtype_is_float(dt)) {
    double f = v.v.f;
    if (!(f == floor(f) && fabs(f) < 0x1p63))
      return lt_error(ctx, "%s must be an integer for %s tensors, got %.14g", what, lt_dtype_name(dt),
                      isnan(f) ? fabs(f) : f); /* (fabs: "nan", never "-nan") */
    v = lt_scalar_int((int64_t)f);
  }
  if (negate) v = v.is_int ? lt_scalar_int((int64_t)(0 - (uint64_t)v.v.i)) : lt_scalar_float(-v.v.f);
  lt_write_scalar(dt, buf, v);
  return LT_OK;
}

static lt_Status record(lt_Context *ctx, lt_Status st, const lt_GradFn *fn, int n, const lt_Tensor *const *in,
                        double scalar, lt_Tensor **result) {
  lt_SavedArgs args = {NULL, {0}, {scalar, 0}};
  if (st == LT_OK && lt_recording(ctx)) st = lt_record(ctx, fn, n, in, *result, &args);
  if (st != LT_OK) lt_tensor_release(*result), *result = NULL;
  return st;
}

/* ---- addcmul and addcdiv ---- */

#define INPUT (e->in[0])
#define T1 (e->in[1])
#define T2 (e->in[2])
#define VALUE (e->args.f[0])

/* grad for input, grad * value * t2 for t1, grad * value * t1 for t2 */
static lt_Status addcmul_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                  lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  const lt_Tensor *gv = VALUE == 1 ? grad : lt_g_binary_number(&g, LT_OP_MUL, grad, VALUE);
  if (needs[0]) grads[0] = lt_g_keep(&g, grad);
  if (needs[1]) grads[1] = lt_g_keep(&g, lt_g_mul(&g, gv, T2));
  if (needs[2]) grads[2] = lt_g_keep(&g, lt_g_mul(&g, gv, T1));
  return lt_g_end(&g);
}

/* grad for input, grad * value / t2 for t1, -grad * value * t1 / t2^2 for t2 */
static lt_Status addcdiv_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                  lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  const lt_Tensor *gv = VALUE == 1 ? grad : lt_g_binary_number(&g, LT_OP_MUL, grad, VALUE);
  lt_Tensor *q = needs[1] || needs[2] ? lt_g_div(&g, gv, T2) : NULL;
  if (needs[0]) grads[0] = lt_g_keep(&g, grad);
  if (needs[1]) grads[1] = lt_g_keep(&g, q);
  if (needs[2]) grads[2] = lt_g_keep(&g, lt_g_neg(&g, lt_g_mul(&g, q, lt_g_div(&g, T1, T2))));
  return lt_g_end(&g);
}

static const lt_GradFn addcmul_fn = {"addcmul", addcmul_backward, LT_USES_IN(1) | LT_USES_IN(2)},
                       addcdiv_fn = {"addcdiv", addcdiv_backward, LT_USES_IN(1) | LT_USES_IN(2)};

lt_Status lt_addc(lt_Context *ctx, bool div, const lt_Tensor *input, const lt_Tensor *t1, const lt_Tensor *t2,
                  lt_Scalar value, lt_Tensor *out, lt_Tensor **result) {
  static const char *const names[3] = {"input", "t1", "t2"};
  const lt_Tensor *in[3] = {input, t1, t2};
  lt_DType dts[3] = {input->dtype, t1->dtype, t2->dtype};
  lt_OperandKind kinds[3] = {kind_of(input, false), kind_of(t1, false), kind_of(t2, false)};
  _Alignas(8) char v[8];
  *result = NULL;
  if (div && lt_dtype_is_integral(t1->dtype) && lt_dtype_is_integral(t2->dtype))
    return lt_error(ctx, "integer division of t1 (%s) by t2 (%s) is not supported (as in PyTorch); "
                         "give t1 or t2 a floating point dtype", lt_dtype_name(t1->dtype), lt_dtype_name(t2->dtype));
  lt_DType dt = lt_result_type(ctx, 3, dts, kinds);
  const lt_Loop *loops = div ? lt_addcdiv_loops : lt_addcmul_loops;
  if (loops[dt] == NULL) return lt_error(ctx, "not supported for dtype %s", lt_dtype_name(dt));
  lt_Status st = scalar_for(ctx, "value", value, false, dt, v);
  if (st == LT_OK) st = lt_elementwise(ctx, loops[dt], v, 3, in, names, dt, dt, out, result);
  return record(ctx, st, div ? &addcdiv_fn : &addcmul_fn, 3, in, lt_scalar_as_double(value), result);
}

#undef INPUT
#undef T1
#undef T2

/* ---- add and sub with alpha: one rule, alpha negated for sub ---- */

static lt_Status add_alpha_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                    lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  if (needs[0]) grads[0] = lt_g_keep(&g, grad);
  if (needs[1]) grads[1] = lt_g_keep(&g, lt_g_binary_number(&g, LT_OP_MUL, grad, VALUE));
  return lt_g_end(&g);
}

static const lt_GradFn add_alpha_fn = {"add", add_alpha_backward, 0}, sub_alpha_fn = {"sub", add_alpha_backward, 0};

#undef VALUE

lt_Status lt_add_alpha(lt_Context *ctx, bool sub, lt_Operand a, lt_Operand b, lt_Scalar alpha, lt_Tensor *out,
                       lt_Tensor **result) {
  static const char *const names[2] = {"a", "b"};
  const lt_BinaryOp *op = &lt_binary_ops[sub ? LT_OP_SUB : LT_OP_ADD];
  const lt_Tensor *in[2] = {a.t, b.t};
  lt_DType dts[2] = {a.t->dtype, b.t->dtype};
  lt_OperandKind kinds[2] = {kind_of(a.t, a.wrapped), kind_of(b.t, b.wrapped)};
  _Alignas(8) char v[8];
  *result = NULL;
  if (alpha.is_int ? alpha.v.i == 1 : alpha.v.f == 1) return lt_binary(ctx, op, a, b, out, result);
  lt_DType dt = lt_result_type(ctx, 2, dts, kinds);
  if (!(op->dtypes & (1u << dt))) return lt_error(ctx, "not supported for dtype %s", lt_dtype_name(dt));
  /* a - alpha * b is a + (-alpha) * b, to the bit (integers wrap alike) */
  lt_Status st = scalar_for(ctx, "alpha", alpha, sub, dt, v);
  if (st == LT_OK) st = lt_elementwise(ctx, lt_add_alpha_loops[dt], v, 2, in, names, dt, dt, out, result);
  double scale = lt_scalar_as_double(alpha);
  return record(ctx, st, sub ? &sub_alpha_fn : &add_alpha_fn, 2, in, sub ? -scale : scale, result);
}

/* ---- lerp's forward ---- */

bool lt_lerp_fused(lt_Context *ctx, const lt_Tensor *start, const lt_Tensor *end, lt_Operand weight,
                   lt_Tensor *out, lt_Tensor **result, lt_Status *st) {
  /* shape errors as the composed form gave them (end - start first, as a and b) */
  static const char *const old_names[2] = {"a", "b"}, *const names[3] = {"start", "end", "weight"};
  const lt_Tensor *pair[2] = {end, start};
  lt_DType dts[3] = {start->dtype, end->dtype, weight.t->dtype};
  lt_OperandKind kinds[3] = {kind_of(start, false), kind_of(end, false), kind_of(weight.t, weight.wrapped)};
  lt_DType dt = lt_result_type(ctx, 3, dts, kinds);
  int64_t size[LT_MAX_DIMS];
  int ndim;
  *result = NULL;
  /* a tensor weight of another dtype: the composed form rounds 1 - w in the weight's dtype */
  if (!weight.wrapped && weight.t->dtype != dt) return false;
  if ((*st = lt_broadcast_shapes(ctx, 2, pair, old_names, &ndim, size)) != LT_OK) return true;
  if (weight.wrapped) {
    double w = lt_scalar_as_double(lt_read_scalar(weight.t->dtype, lt_data(weight.t)));
    const lt_Tensor *in[2] = {start, end};
    *st = lt_elementwise(ctx, lt_lerp_scalar_loops[dt], &w, 2, in, names, dt, dt, out, result);
  } else {
    const lt_Tensor *in[3] = {start, end, weight.t};
    *st = lt_elementwise(ctx, lt_lerp_tensor_loops[dt], NULL, 3, in, names, dt, dt, out, result);
  }
  return true;
}
