/*
** lt_index.h: joining tensors (cat, stack) and indexing by index tensors (index_select, gather,
** and their adjoints scatter_add and index_add), with their backward rules (ops_index.c), and
** the loops behind them (kernels_index.c).
**
** Dims are 0-based here, as everywhere in the core. Index *tensors* are the exception: they hold
** the indices as the Lua user wrote them, 1-based with negative ones counting from the end (-1 is
** the last), so that argmax's results can be fed back and no call pays for translating a copy.
** 0 and anything beyond the dim's size are errors naming the index. Index tensors are int32 or
** int64.
*/
#ifndef LT_INDEX_H
#define LT_INDEX_H

#include "lt_core.h"

/* Concatenation along dim (0-based, valid for the first tensor that is not skipped). dtypes
   promote. As PyTorch's legacy rule, 1-d tensors of size 0 are skipped: they may sit beside
   tensors of any rank (they still take part in the dtype promotion). */
lt_Status lt_cat(lt_Context *ctx, int n, const lt_Tensor *const *ts, int dim, lt_Tensor **out);
/* Tensors of one shape stacked along a new dim (0..ndim). */
lt_Status lt_stack(lt_Context *ctx, int n, const lt_Tensor *const *ts, int dim, lt_Tensor **out);

/* out = t with dim indexed by index (0-d or 1-d): size[dim] becomes numel(index). */
lt_Status lt_index_select(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, lt_Tensor **out);
/* out[i] = t[i with i[dim] replaced by index[i]]; index has t's ndim and is no larger than t
   except along dim; out has index's shape. */
lt_Status lt_gather(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, lt_Tensor **out);
/* The adjoint of gather: a copy of t (dtype promoted with src's) where src[i] is added at
   t[i with i[dim] replaced by index[i]] for i over index's shape (no larger than src, nor than
   t except along dim). Repeated indices accumulate. */
lt_Status lt_scatter_add(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src,
                         lt_Tensor **out);
/* The adjoint of index_select: a copy of t where src's slice k along dim is added at slice
   index[k]; src has t's shape but numel(index) along dim. */
lt_Status lt_index_add(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src,
                       lt_Tensor **out);
/* In-place forms: add into t itself (src converted to t's dtype, which must be able to hold it).
   Refused while a tape tracks t, index or src (lt_check_write). */
lt_Status lt_scatter_add_(lt_Context *ctx, lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src);
lt_Status lt_index_add_(lt_Context *ctx, lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src);

/* ---- for the kernels (kernels_index.c) ---- */
typedef struct lt_IndexLoopArgs {
  int64_t stride; /* bytes between elements along the indexed dim of the indexed tensor */
  int64_t size;   /* its size: a validated index v is element v - 1, or v + size when negative */
} lt_IndexLoopArgs;

/* gather loop over (out, index, source restrided with stride 0 along dim) for elements of
   es bytes and an index of dtype idt (int32/int64) */
lt_Loop lt_gather_loop(size_t es, lt_DType idt);
/* scatter-add loop over (index, destination restrided with stride 0 along dim, src) for a
   destination of dtype dt (src has the same dtype): wraps for integers, ors for bool */
lt_Loop lt_scatter_add_loop(lt_DType dt, lt_DType idt);
/* Is every element of index (int32/int64) in 1..n or -n..-1? If not, *bad is the first that is
   not, in index order. */
bool lt_index_in_range(const lt_Tensor *index, int64_t n, int64_t *bad);

#endif
