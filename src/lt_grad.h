/*
** lt_grad.h: shorthand for backward rules (grad.c). A rule builds its gradients from core ops,
** which outer tapes record (gradients of gradients). Each call takes and extends one chain: after
** the first failure the others do nothing, and every intermediate is released at the end.
**
**   lt_G g = LT_G(ctx);
**   grads[0] = lt_g_keep(&g, lt_g_mul(&g, grad, lt_g_cos(&g, e->in[0])));
**   return lt_g_end(&g);
*/
#ifndef LT_GRAD_H
#define LT_GRAD_H

#include "lt_ops.h"
#include "lt_tape.h"

#define LT_G_MAX 16

typedef struct lt_G {
  lt_Context *ctx;
  lt_Status st;
  int n;
  lt_Tensor *temps[LT_G_MAX];
} lt_G;

#define LT_G(ctx) ((lt_G){(ctx), LT_OK, 0, {NULL}})

/* the chain's results are temporaries (NULL once it failed) */
lt_Tensor *lt_g_binary(lt_G *g, int op, const lt_Tensor *a, const lt_Tensor *b);
lt_Tensor *lt_g_binary_number(lt_G *g, int op, const lt_Tensor *a, double b); /* a op b */
lt_Tensor *lt_g_number_binary(lt_G *g, int op, double a, const lt_Tensor *b); /* a op b */
lt_Tensor *lt_g_unary(lt_G *g, int op, const lt_Tensor *a);
lt_Tensor *lt_g_where(lt_G *g, const lt_Tensor *cond, const lt_Tensor *a, const lt_Tensor *b);
lt_Tensor *lt_g_to(lt_G *g, const lt_Tensor *a, lt_DType dt); /* a in dtype dt (itself if it has it) */
lt_Tensor *lt_g_number(lt_G *g, double v);                 /* a 0-d float64 (does not widen floats) */
lt_Tensor *lt_g_zeros_like(lt_G *g, const lt_Tensor *t);
lt_Tensor *lt_g_add(lt_G *g, lt_Tensor *t); /* takes over a tensor the rule made itself */
/* a new reference to t for the caller (NULL if the chain failed) */
lt_Tensor *lt_g_keep(lt_G *g, const lt_Tensor *t);
/* releases the temporaries; the chain's status */
lt_Status lt_g_end(lt_G *g);

#define lt_g_mul(g, a, b) lt_g_binary(g, LT_OP_MUL, a, b)
#define lt_g_div(g, a, b) lt_g_binary(g, LT_OP_DIV, a, b)
#define lt_g_neg(g, a) lt_g_unary(g, LT_OP_NEG, a)

#endif
