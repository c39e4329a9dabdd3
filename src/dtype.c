/*
** dtype.c: the element types a tensor can hold.
*/
#include <string.h>

#include "lt_core.h"

static const struct {
  const char *name;
  size_t size;
  bool is_float;
} dtype_info[LT_NUM_DTYPES] = {
    [LT_FLOAT32] = {"float32", 4, true}, [LT_FLOAT64] = {"float64", 8, true},
    [LT_INT32] = {"int32", 4, false},    [LT_INT64] = {"int64", 8, false},
    [LT_UINT8] = {"uint8", 1, false},    [LT_BOOL] = {"bool", 1, false},
};

size_t lt_dtype_size(lt_DType dt) { return dtype_info[dt].size; }

const char *lt_dtype_name(lt_DType dt) { return dtype_info[dt].name; }

bool lt_dtype_is_float(lt_DType dt) { return dtype_info[dt].is_float; }

lt_DType lt_dtype_from_name(const char *name) {
  for (int i = 0; i < LT_NUM_DTYPES; i++)
    if (strcmp(name, dtype_info[i].name) == 0) return (lt_DType)i;
  return LT_NUM_DTYPES;
}
