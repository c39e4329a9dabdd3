/*
** lt_ops.h: element-wise ops (binary, unary, where): broadcasting, dtype promotion, output
** allocation, in-place and out forms. The kernels (kernels_*.c) supply the typed inner loops.
*/
#ifndef LT_OPS_H
#define LT_OPS_H

#include "lt_core.h"
#include "lt_tape.h"

/* ---- dtype promotion (dtype.c), PyTorch's rules ---- */

/* How an operand takes part in promotion: tensors with dims outrank 0-d tensors, which outrank
   plain numbers from Lua ("wrapped"); a lower rank only matters when it is of a higher category
   (bool < integer < float). */
typedef enum { LT_OPERAND_DIM, LT_OPERAND_ZERO_DIM, LT_OPERAND_WRAPPED } lt_OperandKind;

lt_DType lt_promote_types(lt_DType a, lt_DType b);
/* the result dtype of operands dts[i] of kinds kinds[i]; a wrapped float counts as the default */
lt_DType lt_result_type(const lt_Context *ctx, int n, const lt_DType *dts, const lt_OperandKind *kinds);
/* may a value of dtype from be stored in dtype to by an op's out/in-place form? */
bool lt_can_cast(lt_DType from, lt_DType to);
bool lt_dtype_is_integral(lt_DType dt); /* ints and bool */

/* ---- op descriptions ---- */

typedef enum {
  LT_RESULT_PROMOTED, /* the promoted input dtype (add, mul, maximum ...) */
  LT_RESULT_FLOAT,    /* promoted, but integers and bool give the default float dtype (div) */
  LT_RESULT_BOOL,     /* computed in the promoted dtype, answered as bool (eq, lt ...) */
  LT_RESULT_LOGICAL   /* computed on bools, answered as bool (logical_and ...) */
} lt_ResultRule;

/* Which compute dtypes an op supports, as a bit set of 1 << dtype. */
#define LT_DTYPES_ALL 0x3Fu
#define LT_DTYPES_FLOAT ((1u << LT_FLOAT32) | (1u << LT_FLOAT64))
#define LT_DTYPES_NUMERIC (LT_DTYPES_ALL & ~(1u << LT_BOOL))

/* Inner loops take (out, inputs...) with byte strides; the out dtype is the compute dtype, or
   bool for LT_RESULT_BOOL / LT_RESULT_LOGICAL. extra is the op's lt_Status-carrying context. */
typedef struct lt_BinaryOp {
  lt_GradFn fn; /* the name, and the backward rule beside the forward */
  lt_ResultRule rule;
  unsigned dtypes;
  const lt_Loop *loops; /* indexed by compute dtype */
  /* optional check of the operands (already in the compute dtype) before anything is written,
     e.g. integer division by zero; returns a message or NULL */
  const char *(*precheck)(lt_DType dt, const lt_Tensor *a, const lt_Tensor *b);
} lt_BinaryOp;

typedef struct lt_UnaryOp {
  lt_GradFn fn;
  lt_ResultRule rule; /* PROMOTED keeps the dtype, FLOAT gives floats, LOGICAL gives bool */
  unsigned dtypes;
  const lt_Loop *loops;
} lt_UnaryOp;

/* An operand: a tensor, or a Lua number (wrapped) carried in a 0-d tensor. */
typedef struct lt_Operand {
  const lt_Tensor *t;
  bool wrapped;
} lt_Operand;

/* result = op(a, b). out: NULL (allocate), or a tensor to write into (in-place when it is a).
   *result receives a new reference (to out when given). */
lt_Status lt_binary(lt_Context *ctx, const lt_BinaryOp *op, lt_Operand a, lt_Operand b,
                    lt_Tensor *out, lt_Tensor **result);
lt_Status lt_unary(lt_Context *ctx, const lt_UnaryOp *op, const lt_Tensor *a, lt_Tensor *out,
                   lt_Tensor **result);
/* where(cond, a, b): a where cond is true, else b; dtype promoted from a and b. names: what
   shape errors call the three operands (NULL: cond, a, b) */
lt_Status lt_where(lt_Context *ctx, const lt_Tensor *cond, lt_Operand a, lt_Operand b,
                   const char *const *names, lt_Tensor *out, lt_Tensor **result);
/* the broadcast shape of n tensors, or an error naming the two that disagree */
lt_Status lt_broadcast_shapes(lt_Context *ctx, int n, const lt_Tensor *const *ts,
                              const char *const *names, int *ndim, int64_t *size);

/* one pass of loop(extra) over n broadcast tensor inputs read in dtype compute, into a new
   result of dtype res_dt or into out (in place when it is in[0]); not recorded (the caller
   records). For the fused ops below and lerp. */
lt_Status lt_elementwise(lt_Context *ctx, lt_Loop loop, void *extra, int n, const lt_Tensor *const *in,
                         const char *const *names, lt_DType compute, lt_DType res_dt, lt_Tensor *out,
                         lt_Tensor **result);

/* ---- fused ops (ops_fused.c), recorded with their backward rules ---- */

/* addcmul: input + value * t1 * t2; addcdiv (div true): input + value * t1 / t2. The dtype is
   promoted over the three tensors (value does not take part); addcdiv refuses t1 and t2 both
   integral (as PyTorch), and an integral result refuses a non-integral value. */
lt_Status lt_addc(lt_Context *ctx, bool div, const lt_Tensor *input, const lt_Tensor *t1, const lt_Tensor *t2,
                  lt_Scalar value, lt_Tensor *out, lt_Tensor **result);
/* a + alpha * b (sub: a - alpha * b), dtypes as add/sub; alpha 1 is plain lt_binary */
lt_Status lt_add_alpha(lt_Context *ctx, bool sub, lt_Operand a, lt_Operand b, lt_Scalar alpha, lt_Tensor *out,
                       lt_Tensor **result);
/* lerp's forward in one pass (not recorded): false when it does not apply (a tensor weight of
   another dtype than the result's; the caller then composes it), else true with *st set */
bool lt_lerp_fused(lt_Context *ctx, const lt_Tensor *start, const lt_Tensor *end, lt_Operand weight,
                   lt_Tensor *out, lt_Tensor **result, lt_Status *st);

/* the op tables (ops_binary.c, ops_unary.c), indexed by these; NULL-name terminated */
enum {
  LT_OP_ADD, LT_OP_SUB, LT_OP_MUL, LT_OP_DIV, LT_OP_POW, LT_OP_REMAINDER, LT_OP_FLOOR_DIVIDE,
  LT_OP_MAXIMUM, LT_OP_MINIMUM, LT_OP_ATAN2, LT_OP_EQ, LT_OP_NE, LT_OP_LT, LT_OP_LE, LT_OP_GT,
  LT_OP_GE, LT_OP_LOGICAL_AND, LT_OP_LOGICAL_OR, LT_OP_LOGICAL_XOR, LT_NUM_BINARY_OPS
};
enum {
  LT_OP_NEG, LT_OP_ABS, LT_OP_SIGN, LT_OP_RELU, LT_OP_SQUARE, LT_OP_FLOOR, LT_OP_CEIL, LT_OP_TRUNC,
  LT_OP_ROUND, LT_OP_LOGICAL_NOT, LT_OP_SQRT, LT_OP_RSQRT, LT_OP_RECIPROCAL, LT_OP_EXP, LT_OP_EXP2,
  LT_OP_EXPM1, LT_OP_LOG, LT_OP_LOG2, LT_OP_LOG1P, LT_OP_SIN, LT_OP_COS, LT_OP_TAN, LT_OP_ASIN,
  LT_OP_ACOS, LT_OP_ATAN, LT_OP_SINH, LT_OP_COSH, LT_OP_TANH, LT_OP_SIGMOID, LT_OP_ERF, LT_OP_GELU,
  LT_OP_SILU, LT_OP_SOFTPLUS, LT_NUM_UNARY_OPS
};
extern const lt_BinaryOp lt_binary_ops[];
extern const lt_UnaryOp lt_unary_ops[];
const lt_BinaryOp *lt_find_binary(const char *name);
const lt_UnaryOp *lt_find_unary(const char *name);

/* a 0-d tensor over caller-owned memory (for Lua numbers); storage and buf must outlive it */
void lt_scalar_tensor(lt_Tensor *t, lt_Storage *storage, void *buf, lt_DType dt, lt_Scalar v);

/* a number as an operand, wrapped like a Lua number (it never widens a tensor's dtype); the
   slot holds it and must outlive the op */
typedef struct lt_NumberSlot {
  lt_Tensor t;
  lt_Storage s;
  _Alignas(8) char buf[8];
} lt_NumberSlot;
lt_Operand lt_number_operand(lt_NumberSlot *slot, double v);

#endif
