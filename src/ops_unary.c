/*
** ops_unary.c: the unary element-wise ops: their result-dtype rule and the dtypes they take.
** (Their gradients will sit beside them.)
*/
#include <string.h>

#include "lt_kernels.h"
#include "lt_ops.h"

#define P LT_RESULT_PROMOTED /* keeps the dtype */
#define F LT_RESULT_FLOAT    /* integers give the default float dtype */
#define NUM LT_DTYPES_NUMERIC
#define FLT LT_DTYPES_FLOAT

const lt_UnaryOp lt_unary_ops[] = {
    {"neg", P, NUM, lt_neg_loops},
    {"abs", P, NUM, lt_abs_loops},
    {"sign", P, LT_DTYPES_ALL, lt_sign_loops},
    {"relu", P, NUM, lt_relu_loops},
    {"square", P, NUM, lt_square_loops},
    {"floor", P, NUM, lt_floor_loops},
    {"ceil", P, NUM, lt_ceil_loops},
    {"trunc", P, NUM, lt_trunc_loops},
    {"round", P, NUM, lt_round_loops},
    {"logical_not", LT_RESULT_LOGICAL, LT_DTYPES_ALL, lt_logical_not_loops},
    {"sqrt", F, FLT, lt_sqrt_loops},
    {"rsqrt", F, FLT, lt_rsqrt_loops},
    {"reciprocal", F, FLT, lt_reciprocal_loops},
    {"exp", F, FLT, lt_exp_loops},
    {"exp2", F, FLT, lt_exp2_loops},
    {"expm1", F, FLT, lt_expm1_loops},
    {"log", F, FLT, lt_log_loops},
    {"log2", F, FLT, lt_log2_loops},
    {"log1p", F, FLT, lt_log1p_loops},
    {"sin", F, FLT, lt_sin_loops},
    {"cos", F, FLT, lt_cos_loops},
    {"tan", F, FLT, lt_tan_loops},
    {"asin", F, FLT, lt_asin_loops},
    {"acos", F, FLT, lt_acos_loops},
    {"atan", F, FLT, lt_atan_loops},
    {"sinh", F, FLT, lt_sinh_loops},
    {"cosh", F, FLT, lt_cosh_loops},
    {"tanh", F, FLT, lt_tanh_loops},
    {"sigmoid", F, FLT, lt_sigmoid_loops},
    {"erf", F, FLT, lt_erf_loops},
    {"gelu", F, FLT, lt_gelu_loops},
    {"silu", F, FLT, lt_silu_loops},
    {"softplus", F, FLT, lt_softplus_loops},
    {NULL, P, 0, NULL},
};

const lt_UnaryOp *lt_find_unary(const char *name) {
  for (const lt_UnaryOp *op = lt_unary_ops; op->name != NULL; op++)
    if (strcmp(op->name, name) == 0) return op;
  return NULL;
}
