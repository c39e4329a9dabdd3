/*
** lt_matmul.h: matrix products (ops_matmul.c).
*/
#ifndef LT_MATMUL_H
#define LT_MATMUL_H

#include "lt_core.h"

/* PyTorch's matmul: 1-d . 1-d is a dot product (0-d), 2-d . 2-d a matrix product, a 1-d operand
   is a row on the left and a column on the right (its dim dropped from the result), and operands
   of 3 or more dims are batches whose batch dims broadcast. dtypes promote (bool is refused).
   out: NULL, or a tensor of the result's shape to write into. */
lt_Status lt_matmul(lt_Context *ctx, const lt_Tensor *a, const lt_Tensor *b, lt_Tensor *out,
                    lt_Tensor **result);

#endif
