/*
** lt_stats.h: ops derived from the primitives (ops_stats.c), each recorded on the tapes as one op
** with its own backward rule. Masks as in lt_reduce.
*/
#ifndef LT_STATS_H
#define LT_STATS_H

#include "lt_ops.h"

lt_Status lt_mean(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim, lt_Tensor **out);
/* variance with divisor N - correction (1: unbiased); std when take_sqrt */
lt_Status lt_var(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, int64_t correction, bool keepdim,
                 bool take_sqrt, lt_Tensor **out);
/* p-norm: p = 1, 2, any positive p, inf (max |x|), -inf (min |x|), 0 (count of nonzeros) */
lt_Status lt_norm(lt_Context *ctx, const lt_Tensor *t, double p, uint32_t mask, bool keepdim, lt_Tensor **out);
lt_Status lt_logsumexp(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim, lt_Tensor **out);
/* softmax (or log_softmax) along dim, numerically stable */
lt_Status lt_softmax(lt_Context *ctx, const lt_Tensor *t, int dim, bool log_form, lt_Tensor **out);

/* lerp(start, end, weight): weight a number (wrapped) or a tensor; out as in lt_binary */
lt_Status lt_lerp(lt_Context *ctx, const lt_Tensor *start, const lt_Tensor *end, lt_Operand weight,
                  lt_Tensor *out, lt_Tensor **result);
/* clamp(t, lo, hi): maximum with lo, then minimum with hi; an absent bound has lo.t (hi.t) NULL;
   out as in lt_binary */
lt_Status lt_clamp(lt_Context *ctx, const lt_Tensor *t, lt_Operand lo, lt_Operand hi, lt_Tensor *out,
                   lt_Tensor **result);

#endif
