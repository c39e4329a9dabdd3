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

/* beta * input + alpha * matmul(a, b), input broadcast to the product's shape (NULL: none).
   When beta is 0, input is not read (NaN and inf in it do not propagate), as in BLAS. Integer
   products need integral alpha and beta. out as for lt_matmul; it may be input itself. */
lt_Status lt_addmm(lt_Context *ctx, const lt_Tensor *input, const lt_Tensor *a, const lt_Tensor *b,
                   lt_Scalar beta, lt_Scalar alpha, lt_Tensor *out, lt_Tensor **result);

#endif
