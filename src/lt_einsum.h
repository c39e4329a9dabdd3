/*
** lt_einsum.h: Einstein summation and tensordot (ops_einsum.c), built only from views, sums and
** one batched matrix product per pair of operands, so that they need no backward of their own.
*/
#ifndef LT_EINSUM_H
#define LT_EINSUM_H

#include "lt_core.h"

/* the most operands one einsum takes (NumPy's limit is 32) */
#define LT_EINSUM_MAX_OPERANDS 64

/* einsum(spec, ops[0], ..., ops[nops - 1]) with NumPy's and PyTorch's rules: letters a-zA-Z,
   spaces ignored, repeated letters in an operand take a diagonal, '...' broadcasts, an implicit
   output (no "->") is the letters seen exactly once in character-code order after the ellipsis
   dims, and size-1 dims broadcast against the same letter elsewhere. Ellipsis dims left out of an
   explicit output are summed (PyTorch). The result has the operands' promoted dtype (bool is
   refused), is contiguous and never shares memory with an operand. */
lt_Status lt_einsum(lt_Context *ctx, const char *spec, int nops, const lt_Tensor *const *ops,
                    lt_Tensor **out);

/* The sum over a's dims dims_a[k] and b's dims dims_b[k] (k < n, 0-based) of the product of a
   and b; the result's dims are a's other dims then b's, in order (NumPy's tensordot). */
lt_Status lt_tensordot(lt_Context *ctx, const lt_Tensor *a, const lt_Tensor *b, int n, const int *dims_a,
                       const int *dims_b, lt_Tensor **out);

#endif
