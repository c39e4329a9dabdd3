/*
** ops_unary.c: the unary element-wise ops: their result-dtype rule, the dtypes they take,
** and their backward rules.
*/
#include <string.h>

#include "lt_grad.h"
#include "lt_kernels.h"
#include "lt_ops.h"

/* ---- backward rules: the derivative times grad, from the input x or the output y ---- */

#define X (e->in[0])
#define Y (e->out)

/* one rule per op: d is the derivative, built from g (the chain), X, Y and grad */
#define RULE(name, derivative)                                                                     \
  static lt_Status name##_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad,  \
                                   const bool *needs, lt_Tensor **grads) {                         \
    lt_G g = LT_G(ctx);                                                                            \
    (void)e, (void)needs;                                                                          \
    grads[0] = lt_g_keep(&g, (derivative));                                                        \
    return lt_g_end(&g);                                                                           \
  }

#define MUL(a, b) lt_g_mul(&g, a, b)
#define DIV(a, b) lt_g_div(&g, a, b)
#define UN(op, a) lt_g_unary(&g, LT_OP_##op, a)
#define BN(op, a, v) lt_g_binary_number(&g, LT_OP_##op, a, v)
#define NB(op, v, a) lt_g_number_binary(&g, LT_OP_##op, v, a)

static const double TWO_OVER_SQRT_PI = 1.12837916709551257390, LN2 = 0.69314718055994530942,
                    INV_SQRT2 = 0.70710678118654752440, INV_SQRT_2PI = 0.39894228040143267794;

RULE(neg, lt_g_neg(&g, grad))
RULE(abs, MUL(grad, UN(SIGN, X)))
RULE(zero, lt_g_zeros_like(&g, grad))
RULE(relu, lt_g_where(&g, BN(GT, X, 0), grad, lt_g_number(&g, 0)))
RULE(square, MUL(grad, BN(MUL, X, 2)))
RULE(sqrt, DIV(grad, BN(MUL, Y, 2)))
RULE(rsqrt, MUL(grad, BN(MUL, MUL(Y, MUL(Y, Y)), -0.5)))
RULE(reciprocal, lt_g_neg(&g, MUL(grad, MUL(Y, Y))))
RULE(exp, MUL(grad, Y))
RULE(exp2, MUL(grad, BN(MUL, Y, LN2)))
RULE(expm1, MUL(grad, BN(ADD, Y, 1)))
RULE(log, DIV(grad, X))
RULE(log2, DIV(grad, BN(MUL, X, LN2)))
RULE(log1p, DIV(grad, BN(ADD, X, 1)))
RULE(sin, MUL(grad, UN(COS, X)))
RULE(cos, lt_g_neg(&g, MUL(grad, UN(SIN, X))))
RULE(tan, MUL(grad, BN(ADD, MUL(Y, Y), 1)))
RULE(asin, MUL(grad, UN(RSQRT, NB(SUB, 1, MUL(X, X)))))
RULE(acos, lt_g_neg(&g, MUL(grad, UN(RSQRT, NB(SUB, 1, MUL(X, X))))))
RULE(atan, DIV(grad, BN(ADD, MUL(X, X), 1)))
RULE(sinh, MUL(grad, UN(COSH, X)))
RULE(cosh, MUL(grad, UN(SINH, X)))
RULE(tanh, MUL(grad, NB(SUB, 1, MUL(Y, Y))))
RULE(sigmoid, MUL(grad, MUL(Y, NB(SUB, 1, Y))))
RULE(erf, MUL(grad, BN(MUL, UN(EXP, lt_g_neg(&g, MUL(X, X))), TWO_OVER_SQRT_PI)))
/* x Phi(x): Phi(x) + x phi(x) */
RULE(gelu, MUL(grad, lt_g_binary(&g, LT_OP_ADD,
                                 BN(MUL, BN(ADD, UN(ERF, BN(MUL, X, INV_SQRT2)), 1), 0.5),
                                 MUL(X, BN(MUL, UN(EXP, BN(MUL, MUL(X, X), -0.5)), INV_SQRT_2PI)))))
/* x s(x): s (1 + x (1 - s)) */
RULE(silu, MUL(grad, MUL(UN(SIGMOID, X), BN(ADD, MUL(X, NB(SUB, 1, UN(SIGMOID, X))), 1))))
RULE(softplus, MUL(grad, UN(SIGMOID, X)))

#undef X
#undef Y

#define P LT_RESULT_PROMOTED /* keeps the dtype */
#define F LT_RESULT_FLOAT    /* integers give the default float dtype */
#define NUM LT_DTYPES_NUMERIC
#define FLT LT_DTYPES_FLOAT
#define X LT_USES_IN(0)
#define Y LT_USES_OUT
#define OP(id, name, backward, uses, rule, dtypes) [id] = {{#name, backward, uses}, rule, dtypes, lt_##name##_loops}

const lt_UnaryOp lt_unary_ops[] = {
    OP(LT_OP_NEG, neg, neg_backward, 0, P, NUM),
    OP(LT_OP_ABS, abs, abs_backward, X, P, NUM),
    OP(LT_OP_SIGN, sign, zero_backward, 0, P, LT_DTYPES_ALL),
    OP(LT_OP_RELU, relu, relu_backward, X, P, NUM),
    OP(LT_OP_SQUARE, square, square_backward, X, P, NUM),
    OP(LT_OP_FLOOR, floor, zero_backward, 0, P, NUM),
    OP(LT_OP_CEIL, ceil, zero_backward, 0, P, NUM),
    OP(LT_OP_TRUNC, trunc, zero_backward, 0, P, NUM),
    OP(LT_OP_ROUND, round, zero_backward, 0, P, NUM),
    OP(LT_OP_LOGICAL_NOT, logical_not, NULL, 0, LT_RESULT_LOGICAL, LT_DTYPES_ALL),
    OP(LT_OP_SQRT, sqrt, sqrt_backward, Y, F, FLT),
    OP(LT_OP_RSQRT, rsqrt, rsqrt_backward, Y, F, FLT),
    OP(LT_OP_RECIPROCAL, reciprocal, reciprocal_backward, Y, F, FLT),
    OP(LT_OP_EXP, exp, exp_backward, Y, F, FLT),
    OP(LT_OP_EXP2, exp2, exp2_backward, Y, F, FLT),
    OP(LT_OP_EXPM1, expm1, expm1_backward, Y, F, FLT),
    OP(LT_OP_LOG, log, log_backward, X, F, FLT),
    OP(LT_OP_LOG2, log2, log2_backward, X, F, FLT),
    OP(LT_OP_LOG1P, log1p, log1p_backward, X, F, FLT),
    OP(LT_OP_SIN, sin, sin_backward, X, F, FLT),
    OP(LT_OP_COS, cos, cos_backward, X, F, FLT),
    OP(LT_OP_TAN, tan, tan_backward, Y, F, FLT),
    OP(LT_OP_ASIN, asin, asin_backward, X, F, FLT),
    OP(LT_OP_ACOS, acos, acos_backward, X, F, FLT),
    OP(LT_OP_ATAN, atan, atan_backward, X, F, FLT),
    OP(LT_OP_SINH, sinh, sinh_backward, X, F, FLT),
    OP(LT_OP_COSH, cosh, cosh_backward, X, F, FLT),
    OP(LT_OP_TANH, tanh, tanh_backward, Y, F, FLT),
    OP(LT_OP_SIGMOID, sigmoid, sigmoid_backward, Y, F, FLT),
    OP(LT_OP_ERF, erf, erf_backward, X, F, FLT),
    OP(LT_OP_GELU, gelu, gelu_backward, X, F, FLT),
    OP(LT_OP_SILU, silu, silu_backward, X, F, FLT),
    OP(LT_OP_SOFTPLUS, softplus, softplus_backward, X, F, FLT),
    [LT_NUM_UNARY_OPS] = {{NULL, NULL, 0}, P, 0, NULL},
};

const lt_UnaryOp *lt_find_unary(const char *name) {
  for (const lt_UnaryOp *op = lt_unary_ops; op->fn.name != NULL; op++)
    if (strcmp(op->fn.name, name) == 0) return op;
  return NULL;
}
