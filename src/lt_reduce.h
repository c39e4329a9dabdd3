/*
** lt_reduce.h: reductions over dims (sum, prod, max, min, all, any), max/min with indices, and
** cumulative sums and products.
*/
#ifndef LT_REDUCE_H
#define LT_REDUCE_H

#include "lt_core.h"

typedef enum {
  LT_REDUCE_SUM,
  LT_REDUCE_PROD,
  LT_REDUCE_MAX,
  LT_REDUCE_MIN,
  LT_REDUCE_ALL,
  LT_REDUCE_ANY,
  LT_NUM_REDUCE
} lt_ReduceKind;

/* The reduction of t over the dims in dims_mask (bit d: 0-based dim d; 0 means every dim).
   Sums and products of integers and bools give int64; all/any give bool; the rest keep t's
   dtype. keepdim keeps the reduced dims as size 1. */
lt_Status lt_reduce(lt_Context *ctx, lt_ReduceKind kind, const lt_Tensor *t, uint32_t dims_mask,
                    bool keepdim, lt_Tensor **out);
/* max (want_max) or min along dim, and the 0-based index of the first best (NaN counts as the
   best) */
lt_Status lt_reduce_index(lt_Context *ctx, bool want_max, const lt_Tensor *t, int dim, bool keepdim,
                          lt_Tensor **values, lt_Tensor **indices);
/* cumulative sum (or product) along dim; integers and bools give int64 */
lt_Status lt_cumulative(lt_Context *ctx, bool product, const lt_Tensor *t, int dim, lt_Tensor **out);

/* ---- for the kernels ---- */
typedef struct {
  int64_t len;        /* elements along the line */
  int64_t stride;     /* bytes between them in the input */
  int64_t out_stride; /* bytes between them in the output (scans) */
} lt_LineArgs;

extern const lt_Loop lt_reduce_loops[LT_NUM_REDUCE][LT_NUM_DTYPES];
extern const lt_Loop lt_argmax_loops[LT_NUM_DTYPES], lt_argmin_loops[LT_NUM_DTYPES];
extern const lt_Loop lt_cumsum_loops[LT_NUM_DTYPES], lt_cumprod_loops[LT_NUM_DTYPES];

#endif
