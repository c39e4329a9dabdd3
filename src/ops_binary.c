/*
** ops_binary.c: the binary element-wise ops: their result-dtype rule, the dtypes they take, and
** the checks they make before writing anything. (Their gradients will sit beside them.)
*/
#include <string.h>

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

#define P LT_RESULT_PROMOTED
#define F LT_RESULT_FLOAT
#define B LT_RESULT_BOOL
#define L LT_RESULT_LOGICAL

const lt_BinaryOp lt_binary_ops[] = {
    {"add", P, LT_DTYPES_ALL, lt_add_loops, NULL},
    {"sub", P, LT_DTYPES_NUMERIC, lt_sub_loops, NULL},
    {"mul", P, LT_DTYPES_ALL, lt_mul_loops, NULL},
    {"div", F, LT_DTYPES_FLOAT, lt_div_loops, NULL},
    {"pow", P, LT_DTYPES_NUMERIC, lt_pow_loops, integer_power_check},
    {"remainder", P, LT_DTYPES_NUMERIC, lt_remainder_loops, integer_divisor_check},
    {"floor_divide", P, LT_DTYPES_NUMERIC, lt_floor_divide_loops, integer_divisor_check},
    {"maximum", P, LT_DTYPES_ALL, lt_maximum_loops, NULL},
    {"minimum", P, LT_DTYPES_ALL, lt_minimum_loops, NULL},
    {"atan2", F, LT_DTYPES_FLOAT, lt_atan2_loops, NULL},
    {"eq", B, LT_DTYPES_ALL, lt_eq_loops, NULL},
    {"ne", B, LT_DTYPES_ALL, lt_ne_loops, NULL},
    {"lt", B, LT_DTYPES_ALL, lt_lt_loops, NULL},
    {"le", B, LT_DTYPES_ALL, lt_le_loops, NULL},
    {"gt", B, LT_DTYPES_ALL, lt_gt_loops, NULL},
    {"ge", B, LT_DTYPES_ALL, lt_ge_loops, NULL},
    {"logical_and", L, LT_DTYPES_ALL, lt_logical_and_loops, NULL},
    {"logical_or", L, LT_DTYPES_ALL, lt_logical_or_loops, NULL},
    {"logical_xor", L, LT_DTYPES_ALL, lt_logical_xor_loops, NULL},
    {NULL, P, 0, NULL, NULL},
};

const lt_BinaryOp *lt_find_binary(const char *name) {
  for (const lt_BinaryOp *op = lt_binary_ops; op->name != NULL; op++)
    if (strcmp(op->name, name) == 0) return op;
  return NULL;
}
