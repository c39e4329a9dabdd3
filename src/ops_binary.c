/*
** ops_binary.c: the binary element-wise ops: their result-dtype rule, the dtypes they take, and
** the checks they make before writing anything, and their backward rules.
*/
#include <string.h>

#include "lt_grad.h"
#include "lt_kernels.h"
#include "lt_ops.h"

typedef bool (*ElementTest)(lt_Scalar v);

/* Does any element of t, converted to dtype dt as the kernel will see it, pass the test? For
   the rare integer checks below (a 256 divisor is 0 in uint8). */
static bool any_element(const lt_Tensor *t, lt_DType dt, ElementTest test) {
  int64_t n = lt_numel(t), idx[LT_MAX_DIMS] = {0};
  size_t es = lt_dtype_size(t->dtype);
  for (int64_t i = 0; i < n; i++) {
    int64_t off = 0;
    for (int d = 0; d < t->ndim; d++) off += idx[d] * t->stride[d];
    char converted[8];
    lt_write_scalar(dt, converted, lt_read_scalar(t->dtype, lt_data(t) + off * (int64_t)es));
    if (test(lt_read_scalar(dt, converted))) return true;
    for (int d = t->ndim - 1; d >= 0 && ++idx[d] == t->size[d]; d--) idx[d] = 0;
  }
  return false;
}

static bool is_zero(lt_Scalar v) { return v.is_int ? v.v.i == 0 : v.v.f == 0; }
static bool is_negative(lt_Scalar v) { return v.is_int ? v.v.i < 0 : v.v.f < 0; }

static const char *integer_divisor_check(lt_DType dt, const lt_Tensor *a, const lt_Tensor *b) {
  (void)a;
  return lt_dtype_is_integral(dt) && any_element(b, dt, is_zero) ? "integer division by zero" : NULL;
}

static const char *integer_power_check(lt_DType dt, const lt_Tensor *a, const lt_Tensor *b) {
  (void)a;
  /* the exponent as given: -1 is negative even where the compute dtype (uint8) would wrap it */
  return lt_dtype_is_integral(dt) && any_element(b, b->dtype, is_negative)
             ? "integers to negative integer powers are not allowed" : NULL;
}

/* ---- backward rules: grads[0] for a, grads[1] for b (summed back to their shapes by the tape) */

#define A (e->in[0])
#define B (e->in[1])
#define OUT (e->out)

static lt_Status add_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  (void)ctx, (void)e, (void)needs;
  lt_tensor_retain((lt_Tensor *)grad), grads[0] = (lt_Tensor *)grad;
  lt_tensor_retain((lt_Tensor *)grad), grads[1] = (lt_Tensor *)grad;
  return LT_OK;
}

static lt_Status sub_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  (void)e;
  if (needs[0]) grads[0] = lt_g_keep(&g, grad);
  if (needs[1]) grads[1] = lt_g_keep(&g, lt_g_neg(&g, grad));
  return lt_g_end(&g);
}

static lt_Status mul_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  if (needs[0]) grads[0] = lt_g_keep(&g, lt_g_mul(&g, grad, B));
  if (needs[1]) grads[1] = lt_g_keep(&g, lt_g_mul(&g, grad, A));
  return lt_g_end(&g);
}

/* d(a/b) = da / b - db * out / b */
static lt_Status div_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  lt_Tensor *ga = lt_g_div(&g, grad, B);
  if (needs[0]) grads[0] = lt_g_keep(&g, ga);
  if (needs[1]) grads[1] = lt_g_keep(&g, lt_g_neg(&g, lt_g_mul(&g, ga, OUT)));
  return lt_g_end(&g);
}

/* d(a^b) = b a^(b-1) da + a^b log(a) db; PyTorch's conventions at the edges: 0 where b == 0 for
   da, and 0 where a == 0 and b >= 0 for db */
static lt_Status pow_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  lt_Tensor *zero = lt_g_number(&g, 0);
  /* in the result's dtype: a float32 operand of a float64 pow must not round b - 1 or log(a) */
  const lt_Tensor *a = lt_g_to(&g, A, OUT->dtype), *b = lt_g_to(&g, B, OUT->dtype);
  /* as PyTorch: where b == 0 the gradient of a is 0 whatever arrives, even inf or NaN (a^0 is
     constant); the gradient of b is only taken as 0 at a == 0 <= b, before the product */
  if (needs[0]) {
    lt_Tensor *d = lt_g_mul(&g, b, lt_g_binary(&g, LT_OP_POW, a, lt_g_binary_number(&g, LT_OP_SUB, b, 1)));
    grads[0] = lt_g_keep(&g, lt_g_where(&g, lt_g_binary_number(&g, LT_OP_EQ, b, 0), zero, lt_g_mul(&g, grad, d)));
  }
  if (needs[1]) {
    lt_Tensor *d = lt_g_mul(&g, OUT, lt_g_unary(&g, LT_OP_LOG, a));
    lt_Tensor *edge = lt_g_binary(&g, LT_OP_LOGICAL_AND, lt_g_binary_number(&g, LT_OP_EQ, a, 0),
                                  lt_g_binary_number(&g, LT_OP_GE, b, 0));
    grads[1] = lt_g_keep(&g, lt_g_mul(&g, grad, lt_g_where(&g, edge, zero, d)));
  }
  return lt_g_end(&g);
}

/* a - floor(a / b) * b */
static lt_Status remainder_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                    lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  if (needs[0]) grads[0] = lt_g_keep(&g, grad);
  if (needs[1])
    grads[1] = lt_g_keep(&g, lt_g_neg(&g, lt_g_mul(&g, grad, lt_g_binary(&g, LT_OP_FLOOR_DIVIDE, A, B))));
  return lt_g_end(&g);
}

/* piecewise constant: zero almost everywhere */
static lt_Status zero_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                               lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  for (int i = 0; i < e->nin; i++)
    if (needs[i]) grads[i] = lt_g_keep(&g, lt_g_zeros_like(&g, grad));
  return lt_g_end(&g);
}

/* the gradient goes to the larger (smaller) operand, half to each on ties (as PyTorch) */
static lt_Status extremum_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad,
                                   const bool *needs, lt_Tensor **grads, int wins) {
  lt_G g = LT_G(ctx);
  lt_Tensor *zero = lt_g_number(&g, 0), *half = lt_g_binary_number(&g, LT_OP_MUL, grad, 0.5);
  lt_Tensor *tie = lt_g_binary(&g, LT_OP_EQ, A, B);
  if (needs[0])
    grads[0] = lt_g_keep(&g, lt_g_where(&g, tie, half, lt_g_where(&g, lt_g_binary(&g, wins, A, B), grad, zero)));
  if (needs[1])
    grads[1] = lt_g_keep(&g, lt_g_where(&g, tie, half, lt_g_where(&g, lt_g_binary(&g, wins, B, A), grad, zero)));
  return lt_g_end(&g);
}

static lt_Status maximum_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                  lt_Tensor **grads) {
  return extremum_backward(ctx, e, grad, needs, grads, LT_OP_GT);
}

static lt_Status minimum_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                  lt_Tensor **grads) {
  return extremum_backward(ctx, e, grad, needs, grads, LT_OP_LT);
}

/* d atan2(a, b) = (b da - a db) / (a^2 + b^2) */
static lt_Status atan2_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  /* in the result's dtype: a float32 operand of a float64 atan2 must not round a^2 + b^2 */
  const lt_Tensor *a = lt_g_to(&g, A, OUT->dtype), *b = lt_g_to(&g, B, OUT->dtype);
  lt_Tensor *scale = lt_g_div(&g, grad, lt_g_binary(&g, LT_OP_ADD, lt_g_mul(&g, a, a), lt_g_mul(&g, b, b)));
  if (needs[0]) grads[0] = lt_g_keep(&g, lt_g_mul(&g, scale, b));
  if (needs[1]) grads[1] = lt_g_keep(&g, lt_g_neg(&g, lt_g_mul(&g, scale, a)));
  return lt_g_end(&g);
}

#undef A
#undef B
#undef OUT

#define P LT_RESULT_PROMOTED
#define F LT_RESULT_FLOAT
#define B LT_RESULT_BOOL
#define L LT_RESULT_LOGICAL
#define IN_A LT_USES_IN(0)
#define IN_B LT_USES_IN(1)
#define OUT LT_USES_OUT
#define OP(id, name, backward, uses, rule, dtypes, precheck) \
  [id] = {{#name, backward, uses}, rule, dtypes, lt_##name##_loops, precheck}

const lt_BinaryOp lt_binary_ops[] = {
    OP(LT_OP_ADD, add, add_backward, 0, P, LT_DTYPES_ALL, NULL),
    OP(LT_OP_SUB, sub, sub_backward, 0, P, LT_DTYPES_NUMERIC, NULL),
    OP(LT_OP_MUL, mul, mul_backward, IN_A | IN_B, P, LT_DTYPES_ALL, NULL),
    OP(LT_OP_DIV, div, div_backward, IN_B | OUT, F, LT_DTYPES_FLOAT, NULL),
    OP(LT_OP_POW, pow, pow_backward, IN_A | IN_B | OUT, P, LT_DTYPES_NUMERIC, integer_power_check),
    OP(LT_OP_REMAINDER, remainder, remainder_backward, IN_A | IN_B, P, LT_DTYPES_NUMERIC, integer_divisor_check),
    OP(LT_OP_FLOOR_DIVIDE, floor_divide, zero_backward, 0, P, LT_DTYPES_NUMERIC, integer_divisor_check),
    OP(LT_OP_MAXIMUM, maximum, maximum_backward, IN_A | IN_B, P, LT_DTYPES_ALL, NULL),
    OP(LT_OP_MINIMUM, minimum, minimum_backward, IN_A | IN_B, P, LT_DTYPES_ALL, NULL),
    OP(LT_OP_ATAN2, atan2, atan2_backward, IN_A | IN_B, F, LT_DTYPES_FLOAT, NULL),
    OP(LT_OP_EQ, eq, NULL, 0, B, LT_DTYPES_ALL, NULL),
    OP(LT_OP_NE, ne, NULL, 0, B, LT_DTYPES_ALL, NULL),
    OP(LT_OP_LT, lt, NULL, 0, B, LT_DTYPES_ALL, NULL),
    OP(LT_OP_LE, le, NULL, 0, B, LT_DTYPES_ALL, NULL),
    OP(LT_OP_GT, gt, NULL, 0, B, LT_DTYPES_ALL, NULL),
    OP(LT_OP_GE, ge, NULL, 0, B, LT_DTYPES_ALL, NULL),
    OP(LT_OP_LOGICAL_AND, logical_and, NULL, 0, L, LT_DTYPES_ALL, NULL),
    OP(LT_OP_LOGICAL_OR, logical_or, NULL, 0, L, LT_DTYPES_ALL, NULL),
    OP(LT_OP_LOGICAL_XOR, logical_xor, NULL, 0, L, LT_DTYPES_ALL, NULL),
    [LT_NUM_BINARY_OPS] = {{NULL, NULL, 0}, P, 0, NULL, NULL},
};

const lt_BinaryOp *lt_find_binary(const char *name) {
  for (const lt_BinaryOp *op = lt_binary_ops; op->fn.name != NULL; op++)
    if (strcmp(op->fn.name, name) == 0) return op;
  return NULL;
}
