/*
** dtype.c: the element types a tensor can hold.
*/
#include <string.h>

#include "lt_ops.h"

static const struct {
  const char *name;
  bool is_float;
} dtype_info[LT_NUM_DTYPES] = {
    [LT_FLOAT32] = {"float32", true}, [LT_FLOAT64] = {"float64", true},
    [LT_INT32] = {"int32", false},    [LT_INT64] = {"int64", false},
    [LT_UINT8] = {"uint8", false},    [LT_BOOL] = {"bool", false},
};

const char *lt_dtype_name(lt_DType dt) { return dtype_info[dt].name; }

bool lt_dtype_is_float(lt_DType dt) { return dtype_info[dt].is_float; }

lt_DType lt_dtype_from_name(const char *name) {
  for (int i = 0; i < LT_NUM_DTYPES; i++)
    if (strcmp(name, dtype_info[i].name) == 0) return (lt_DType)i;
  return LT_NUM_DTYPES;
}

/* ---- promotion ---- */

/* for our dtypes promotion is a total order: bool < uint8 < int32 < int64 < float32 < float64 */
static int promotion_rank(lt_DType dt) {
  static const int rank[LT_NUM_DTYPES] = {
      [LT_BOOL] = 0, [LT_UINT8] = 1, [LT_INT32] = 2, [LT_INT64] = 3, [LT_FLOAT32] = 4, [LT_FLOAT64] = 5,
  };
  return rank[dt];
}

bool lt_dtype_is_integral(lt_DType dt) { return !lt_dtype_is_float(dt); }

lt_DType lt_promote_types(lt_DType a, lt_DType b) {
  if (a == LT_NUM_DTYPES) return b;
  if (b == LT_NUM_DTYPES) return a;
  return promotion_rank(a) >= promotion_rank(b) ? a : b;
}

/* PyTorch's combine_categories: the higher-priority result wins unless the lower one is of a
   higher category, which then lifts the result into that category. */
static lt_DType combine_categories(lt_DType higher, lt_DType lower) {
  if (higher == LT_NUM_DTYPES) return lower;
  if (lt_dtype_is_float(higher)) return higher;
  if (higher == LT_BOOL || (lower != LT_NUM_DTYPES && lt_dtype_is_float(lower)))
    return lt_promote_types(higher, lower);
  return higher;
}

lt_DType lt_result_type(const lt_Context *ctx, int n, const lt_DType *dts, const lt_OperandKind *kinds) {
  lt_DType dim = LT_NUM_DTYPES, zero = LT_NUM_DTYPES, wrapped = LT_NUM_DTYPES;
  for (int i = 0; i < n; i++) {
    switch (kinds[i]) {
      case LT_OPERAND_DIM: dim = lt_promote_types(dim, dts[i]); break;
      case LT_OPERAND_ZERO_DIM: zero = lt_promote_types(zero, dts[i]); break;
      case LT_OPERAND_WRAPPED:
        /* a Lua float does not widen: it counts as the default float dtype */
        wrapped = lt_promote_types(wrapped, lt_dtype_is_float(dts[i]) ? ctx->default_dtype : dts[i]);
        break;
    }
  }
  return combine_categories(dim, combine_categories(zero, wrapped));
}

bool lt_can_cast(lt_DType from, lt_DType to) {
  if (lt_dtype_is_float(from) && !lt_dtype_is_float(to)) return false;
  if (from != LT_BOOL && to == LT_BOOL) return false;
  return true;
}
