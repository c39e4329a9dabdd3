/*
** grad.c: the chained core-op calls backward rules are written with (lt_grad.h).
*/
#include "lt_grad.h"


lt_Tensor *lt_g_add(lt_G *g, lt_Tensor *t) {
  if (g->n == LT_G_MAX) { /* a rule with too many steps is a bug in the rule, not user input */
    lt_tensor_release(t);
    g->st = lt_error(g->ctx, "internal error: a backward rule made more than %d temporaries", LT_G_MAX);
    return NULL;
  }
  return g->temps[g->n++] = t;
}

/* runs one core call when the chain is still good; its result becomes a temporary */
#define CHAIN(g, call)                                   \
  do {                                                   \
    lt_Tensor *r_ = NULL;                                \
    if ((g)->st != LT_OK) return NULL;                   \
    if (((g)->st = (call)) != LT_OK) return NULL;        \
    return lt_g_add((g), r_);                            \
  } while (0)

static lt_Operand tensor(const lt_Tensor *t) { return (lt_Operand){t, false}; }

lt_Tensor *lt_g_binary(lt_G *g, int op, const lt_Tensor *a, const lt_Tensor *b) {
  if (a == NULL || b == NULL) return NULL;
  CHAIN(g, lt_binary(g->ctx, &lt_binary_ops[op], tensor(a), tensor(b), NULL, &r_));
}


lt_Tensor *lt_g_binary_number(lt_G *g, int op, const lt_Tensor *a, double b) {
  lt_NumberSlot n;
  if (a == NULL) return NULL;
  CHAIN(g, lt_binary(g->ctx, &lt_binary_ops[op], tensor(a), lt_number_operand(&n, b), NULL, &r_));
}

lt_Tensor *lt_g_number_binary(lt_G *g, int op, double a, const lt_Tensor *b) {
  lt_NumberSlot n;
  if (b == NULL) return NULL;
  CHAIN(g, lt_binary(g->ctx, &lt_binary_ops[op], lt_number_operand(&n, a), tensor(b), NULL, &r_));
}

lt_Tensor *lt_g_unary(lt_G *g, int op, const lt_Tensor *a) {
  if (a == NULL) return NULL;
  CHAIN(g, lt_unary(g->ctx, &lt_unary_ops[op], a, NULL, &r_));
}

lt_Tensor *lt_g_where(lt_G *g, const lt_Tensor *cond, const lt_Tensor *a, const lt_Tensor *b) {
  if (cond == NULL || a == NULL || b == NULL) return NULL;
  CHAIN(g, lt_where(g->ctx, cond, tensor(a), tensor(b), NULL, NULL, &r_));
}

/* a converted to dtype dt (a itself when it has it) */
lt_Tensor *lt_g_to(lt_G *g, const lt_Tensor *a, lt_DType dt) {
  if (a == NULL) return NULL;
  CHAIN(g, lt_to_dtype(g->ctx, (lt_Tensor *)a, dt, &r_));
}

lt_Tensor *lt_g_number(lt_G *g, double v) {
  CHAIN(g, lt_full(g->ctx, LT_FLOAT64, 0, NULL, lt_scalar_float(v), &r_));
}

lt_Tensor *lt_g_zeros_like(lt_G *g, const lt_Tensor *t) {
  if (t == NULL) return NULL;
  CHAIN(g, lt_full(g->ctx, t->dtype, t->ndim, t->size, lt_scalar_int(0), &r_));
}

lt_Tensor *lt_g_keep(lt_G *g, const lt_Tensor *t) {
  if (g->st != LT_OK || t == NULL) return NULL;
  lt_tensor_retain((lt_Tensor *)t);
  return (lt_Tensor *)t;
}

lt_Status lt_g_end(lt_G *g) {
  for (int i = 0; i < g->n; i++) lt_tensor_release(g->temps[i]);
  g->n = 0;
  return g->st;
}
