/*
** ops_einsum.c: einsum and tensordot, built only from core ops that the gradient tape records
** (views, lt_diagonal, lt_reduce sums, lt_matmul, lt_binary mul, copies), so that neither needs a
** backward of its own and nothing here loops over data.
**
** Every dim carries a label. A contraction of two operands sorts their labels into four groups:
** batch (in both and still needed), contracted (in both, needed no more), left (only in the first)
** and right (only in the second). The first operand is permuted to (batch..., left..., contracted...)
** and the second to (batch..., contracted..., right...); each group of left, contracted and right
** dims is merged into one, giving a batch of matrices that ONE lt_matmul multiplies. Group orders
** are chosen so that the merges are views and the matrices reach BLAS with transpose flags, so
** 'ijk,ikl->ijl' or 'bij,bjk->bik' copy nothing. Batch dims are not merged: lt_matmul loops over
** any number of batch dims with any strides. Without contracted labels (outer and element-wise
** products) the pair is one broadcast mul instead.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_einsum.h"
#include "lt_matmul.h"
#include "lt_ops.h"
#include "lt_reduce.h"

/* Labels: 0-25 are 'A'-'Z' and 26-51 'a'-'z', so label order is NumPy's character-code order;
   then one per dim under the ellipsis, right-aligned across operands as broadcasting aligns
   dims. tensordot uses labels below 2 * LT_MAX_DIMS. */
#define NLETTERS 52
#define NLABELS (NLETTERS + LT_MAX_DIMS)
#define ELLIPSIS 255 /* the ellipsis in parsed subscripts */

/* a label's rank when an order is free to choose: output labels first, in output order */
#define NOT_IN_OUTPUT NLABELS

/* An operand on its way through the contraction: a tensor whose dims have different labels. */
typedef struct {
  lt_Tensor *t; /* one reference */
  uint8_t lab[LT_MAX_DIMS];
} Term;

static int find_label(const uint8_t *lab, int n, int l) {
  for (int i = 0; i < n; i++)
    if (lab[i] == l) return i;
  return -1;
}

/* ---- the contraction of two terms (shared by einsum and tensordot) ---- */

typedef struct {
  int n;
  uint8_t lab[LT_MAX_DIMS];
} Group;

/* Do dims of t, taken in the group's order, merge into one dim without a copy? (size-1 dims fit
   anywhere) */
static bool mergeable(const lt_Tensor *t, const uint8_t *tlab, const Group *g) {
  int prev = -1;
  for (int i = 0; i < g->n; i++) {
    int d = find_label(tlab, t->ndim, g->lab[i]);
    if (t->size[d] == 1) continue;
    if (prev >= 0 && t->stride[prev] != t->stride[d] * t->size[d]) return false;
    prev = d;
  }
  return true;
}

/* sorts g by rank (stable: insertion sort; groups are short) */
static void sort_by_rank(Group *g, const int *rank) {
  for (int i = 1; i < g->n; i++)
    for (int j = i; j > 0 && rank[g->lab[j - 1]] > rank[g->lab[j]]; j--) {
      uint8_t tmp = g->lab[j];
      g->lab[j] = g->lab[j - 1], g->lab[j - 1] = tmp;
    }
}

/* g in t's memory order (largest stride first, ties by rank), the order whose merge is a view
   when any is */
static void sort_by_stride(Group *g, const lt_Tensor *t, const uint8_t *tlab, const int *prio) {
  int rank[NLABELS];
  int64_t key[LT_MAX_DIMS];
  for (int i = 0; i < g->n; i++) {
    int d = find_label(tlab, t->ndim, g->lab[i]);
    key[i] = llabs(t->stride[d]);
  }
  /* rank by (-|stride|, prio): a position in a sorted copy of the group */
  for (int i = 0; i < g->n; i++) {
    int r = 0;
    for (int j = 0; j < g->n; j++)
      if (key[j] > key[i] || (key[j] == key[i] && prio[g->lab[j]] < prio[g->lab[i]])) r++;
    rank[g->lab[i]] = r;
  }
  sort_by_rank(g, rank);
}

/* the group's order: the preferred one (prio) when t can merge it as a view, else t's memory
   order */
static void order_group(Group *g, const lt_Tensor *t, const uint8_t *tlab, const int *prio) {
  sort_by_rank(g, prio);
  if (!mergeable(t, tlab, g)) sort_by_stride(g, t, tlab, prio);
}

/* the contracted labels' order, shared by both operands: one both merge as views if there is
   one, else the bigger operand's */
static void order_contracted(Group *g, const lt_Tensor *a, const uint8_t *la, const lt_Tensor *b,
                             const uint8_t *lb, const int *prio) {
  Group byb = *g;
  sort_by_stride(g, a, la, prio);
  if (mergeable(b, lb, g)) return;
  sort_by_stride(&byb, b, lb, prio);
  if (mergeable(a, la, &byb) || lt_numel(b) > lt_numel(a)) *g = byb;
}

static int min_prio(const Group *g, const int *prio) {
  int m = NLABELS + NOT_IN_OUTPUT;
  for (int i = 0; i < g->n; i++)
    if (prio[g->lab[i]] < m) m = prio[g->lab[i]];
  return m;
}

/* t permuted to the groups' labels in turn, then reshaped to sizes (a view when it can be) */
static lt_Status arrange(lt_Context *ctx, const lt_Tensor *t, const uint8_t *tlab, const Group *const *groups,
                         int ngroups, int ndim, const int64_t *size, lt_Tensor **out) {
  int perm[LT_MAX_DIMS], n = 0;
  lt_Tensor *p;
  for (int k = 0; k < ngroups; k++)
    for (int i = 0; i < groups[k]->n; i++) perm[n++] = find_label(tlab, t->ndim, groups[k]->lab[i]);
  lt_Status st = lt_permute(ctx, t, perm, &p);
  if (st != LT_OK) return st;
  st = lt_reshape(ctx, p, ndim, size, out);
  lt_tensor_release(p);
  return st;
}

/* appends the sizes of g's labels (merged into one when merge) to size[*n] */
static void group_sizes(const Group *g, const int64_t *lsize, bool merge, int64_t *size, int *n) {
  int64_t prod = 1;
  for (int i = 0; i < g->n; i++) {
    if (!merge) size[(*n)++] = lsize[g->lab[i]];
    prod *= lsize[g->lab[i]];
  }
  if (merge) size[(*n)++] = prod;
}

/* outer and element-wise products: a as (batch, left, 1...) times b as (batch, 1..., right) */
static lt_Status broadcast_product(lt_Context *ctx, const lt_Tensor *a, const uint8_t *la, const lt_Tensor *b,
                                   const uint8_t *lb, const Group *batch, const Group *left,
                                   const Group *right, const int64_t *lsize, lt_Tensor **out) {
  static const Group none = {0, {0}};
  const Group *ga[] = {batch, left, &none}, *gb[] = {batch, &none, right};
  int64_t sa[LT_MAX_DIMS], sb[LT_MAX_DIMS];
  int na = 0, nb = 0;
  lt_Tensor *pa = NULL, *pb = NULL;
  group_sizes(batch, lsize, false, sa, &na), group_sizes(left, lsize, false, sa, &na);
  group_sizes(batch, lsize, false, sb, &nb);
  for (int i = 0; i < left->n; i++) sb[nb++] = 1;
  for (int i = 0; i < right->n; i++) sa[na++] = 1;
  group_sizes(right, lsize, false, sb, &nb);
  lt_Status st = arrange(ctx, a, la, ga, 3, na, sa, &pa);
  if (st == LT_OK) st = arrange(ctx, b, lb, gb, 3, nb, sb, &pb);
  if (st == LT_OK)
    st = lt_binary(ctx, &lt_binary_ops[LT_OP_MUL], (lt_Operand){pa, false}, (lt_Operand){pb, false}, NULL, out);
  lt_tensor_release(pa);
  lt_tensor_release(pb);
  return st;
}

/* a (batch, left, contracted) times b (batch, contracted, right) as one batched matmul */
static lt_Status matrix_product(lt_Context *ctx, const lt_Tensor *a, const uint8_t *la, const lt_Tensor *b,
                                const uint8_t *lb, const Group *batch, const Group *left, const Group *contr,
                                const Group *right, const int64_t *lsize, lt_Tensor **out) {
  const Group *ga[] = {batch, left, contr}, *gb[] = {batch, contr, right};
  int64_t sa[LT_MAX_DIMS], sb[LT_MAX_DIMS], sr[LT_MAX_DIMS];
  int na = 0, nb = 0, nr = 0;
  lt_Tensor *pa = NULL, *pb = NULL, *prod = NULL;
  /* lt_matmul takes any number of batch dims; merge them only when they leave no room */
  bool merge_batch = batch->n > LT_MAX_DIMS - 2;
  group_sizes(batch, lsize, merge_batch, sa, &na);
  group_sizes(left, lsize, true, sa, &na), group_sizes(contr, lsize, true, sa, &na);
  group_sizes(batch, lsize, merge_batch, sb, &nb);
  group_sizes(contr, lsize, true, sb, &nb), group_sizes(right, lsize, true, sb, &nb);
  group_sizes(batch, lsize, false, sr, &nr);
  group_sizes(left, lsize, false, sr, &nr), group_sizes(right, lsize, false, sr, &nr);
  lt_Status st = arrange(ctx, a, la, ga, 3, na, sa, &pa);
  if (st == LT_OK) st = arrange(ctx, b, lb, gb, 3, nb, sb, &pb);
  if (st == LT_OK) st = lt_matmul(ctx, pa, pb, NULL, &prod);
  if (st == LT_OK) st = lt_view(ctx, prod, nr, sr, out); /* prod is contiguous */
  lt_tensor_release(pa);
  lt_tensor_release(pb);
  lt_tensor_release(prod);
  return st;
}

/* The product of a and b summed over their shared labels that keep does not hold. Every label
   of one only must be in keep, and shared labels must have equal sizes (lsize). The result's
   labels are batch, left, right; prio ranks labels by where the caller wants them, and it decides
   which operand goes first. */
static lt_Status contract(lt_Context *ctx, const lt_Tensor *a, const uint8_t *la, const lt_Tensor *b,
                          const uint8_t *lb, const bool *keep, const int *prio, const int64_t *lsize,
                          Term *res) {
  Group batch = {0, {0}}, left = {0, {0}}, contr = {0, {0}}, right = {0, {0}};
  for (int d = 0; d < a->ndim; d++) {
    Group *g = find_label(lb, b->ndim, la[d]) < 0 ? &left : keep[la[d]] ? &batch : &contr;
    g->lab[g->n++] = la[d];
  }
  for (int d = 0; d < b->ndim; d++)
    if (find_label(la, a->ndim, lb[d]) < 0) right.lab[right.n++] = lb[d];
  if (batch.n + left.n + right.n > LT_MAX_DIMS)
    return lt_error(ctx, "the result would have %d dims; tensors have at most %d", batch.n + left.n + right.n,
                    LT_MAX_DIMS);
  /* the product (batch, left, right) needs no permute afterwards when right comes first in the
     wanted order and b goes first */
  if (left.n > 0 && right.n > 0 && min_prio(&right, prio) < min_prio(&left, prio))
    return contract(ctx, b, lb, a, la, keep, prio, lsize, res);
  sort_by_rank(&batch, prio);
  order_group(&left, a, la, prio);
  order_group(&right, b, lb, prio);
  lt_Status st;
  if (contr.n == 0) {
    st = broadcast_product(ctx, a, la, b, lb, &batch, &left, &right, lsize, &res->t);
  } else {
    order_contracted(&contr, a, la, b, lb, prio);
    st = matrix_product(ctx, a, la, b, lb, &batch, &left, &contr, &right, lsize, &res->t);
  }
  if (st != LT_OK) return st;
  int n = 0;
  for (int i = 0; i < batch.n; i++) res->lab[n++] = batch.lab[i];
  for (int i = 0; i < left.n; i++) res->lab[n++] = left.lab[i];
  for (int i = 0; i < right.n; i++) res->lab[n++] = right.lab[i];
  return LT_OK;
}

/* The term permuted to the output labels, in dtype dt, contiguous and sharing no memory with
   the operands (a user writing into an einsum result never writes into an input). */
static lt_Status finish(lt_Context *ctx, const Term *term, int nout, const uint8_t *out_lab, lt_DType dt,
                        int nops, const lt_Tensor *const *ops, lt_Tensor **out) {
  int perm[LT_MAX_DIMS];
  lt_Tensor *p;
  if (term->t->ndim != nout) return lt_error(ctx, "internal error: %d dims left for %d outputs", term->t->ndim, nout);
  for (int k = 0; k < nout; k++) perm[k] = find_label(term->lab, nout, out_lab[k]);
  lt_Status st = lt_permute(ctx, term->t, perm, &p);
  if (st != LT_OK) return st;
  bool fresh = lt_is_contiguous(p);
  for (int k = 0; k < nops && fresh; k++) fresh = p->storage != ops[k]->storage;
  if (p->dtype != dt) st = lt_to_dtype(ctx, p, dt, out);
  else if (!fresh) st = lt_clone(ctx, p, out);
  else lt_tensor_retain(p), *out = p;
  lt_tensor_release(p);
  return st;
}

static void release_terms(Term *terms, int n) {
  for (int k = 0; k < n; k++) lt_tensor_release(terms[k].t), terms[k].t = NULL;
}

/* ---- einsum: the spec ---- */

typedef struct {
  int n;        /* subscripts, the ellipsis counting as one */
  int ellipsis; /* its index in sub, or -1 */
  int start, end; /* its text in the spec, [start, end) 0-based, for messages */
  uint8_t sub[LT_MAX_DIMS + 1];
  int pos[LT_MAX_DIMS + 1]; /* 1-based positions in the spec */
} Subscripts;

typedef struct {
  const char *text;
  int nops;
  bool explicit_out;
  Subscripts op[LT_EINSUM_MAX_OPERANDS], out;
} Spec;

static int letter_label(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  return -1;
}

static char label_char(int l) { return (char)(l < 26 ? 'A' + l : 'a' + l - 26); }

static void new_subscripts(Subscripts *s, int start) {
  s->n = 0;
  s->ellipsis = -1;
  s->start = s->end = start;
}

/* "operand 2" or "the output", for messages */
static const char *subscripts_name(const Spec *sp, const Subscripts *s, char *buf, size_t bufsize) {
  if (s == &sp->out) return "the output";
  snprintf(buf, bufsize, "operand %d", (int)(s - sp->op) + 1);
  return buf;
}

static lt_Status push_subscript(lt_Context *ctx, const Spec *sp, Subscripts *s, uint8_t sub, int pos) {
  char name[32];
  int letters = s->n - (s->ellipsis >= 0);
  if (sub != ELLIPSIS && letters == LT_MAX_DIMS)
    return lt_error(ctx, "%s has more than %d subscripts (position %d in '%s'); tensors have at most %d dims",
                    subscripts_name(sp, s, name, sizeof name), LT_MAX_DIMS, pos, sp->text, LT_MAX_DIMS);
  if (sub == ELLIPSIS && s->ellipsis >= 0)
    return lt_error(ctx, "a second '...' in %s at position %d in '%s'", subscripts_name(sp, s, name, sizeof name),
                    pos, sp->text);
  if (sub == ELLIPSIS) s->ellipsis = s->n;
  s->sub[s->n] = sub;
  s->pos[s->n++] = pos;
  return LT_OK;
}

static lt_Status bad_character(lt_Context *ctx, const char *text, int i) {
  unsigned char c = (unsigned char)text[i];
  if (c == '-') return lt_error(ctx, "'-' not followed by '>' at position %d in '%s'", i + 1, text);
  if (c == '>') return lt_error(ctx, "'>' not preceded by '-' at position %d in '%s'", i + 1, text);
  if (c == '.') return lt_error(ctx, "'.' not part of '...' at position %d in '%s'", i + 1, text);
  if (isprint(c)) return lt_error(ctx, "invalid character '%c' at position %d in '%s'", c, i + 1, text);
  return lt_error(ctx, "invalid byte 0x%02X at position %d in '%s'", c, i + 1, text);
}

/* output letters must be distinct and each appear in some operand */
static lt_Status check_output(lt_Context *ctx, const Spec *sp) {
  const Subscripts *o = &sp->out;
  for (int i = 0; i < o->n; i++) {
    if (o->sub[i] == ELLIPSIS) continue;
    for (int j = 0; j < i; j++)
      if (o->sub[j] == o->sub[i])
        return lt_error(ctx, "output index '%c' appears twice (positions %d and %d) in '%s'", label_char(o->sub[i]),
                        o->pos[j], o->pos[i], sp->text);
    bool found = false;
    for (int k = 0; k < sp->nops && !found; k++)
      found = find_label(sp->op[k].sub, sp->op[k].n, o->sub[i]) >= 0;
    if (!found)
      return lt_error(ctx, "output index '%c' at position %d in '%s' appears in no operand", label_char(o->sub[i]),
                      o->pos[i], sp->text);
  }
  return LT_OK;
}

static lt_Status parse(lt_Context *ctx, const char *text, Spec *sp) {
  Subscripts *cur = &sp->op[0];
  lt_Status st = LT_OK;
  sp->text = text;
  sp->nops = 1;
  sp->explicit_out = false;
  new_subscripts(cur, 0);
  new_subscripts(&sp->out, 0);
  int i;
  for (i = 0; text[i] != '\0' && st == LT_OK; i++) {
    char c = text[i];
    int l = letter_label(c);
    if (c == ' ') continue;
    if (l >= 0) {
      st = push_subscript(ctx, sp, cur, (uint8_t)l, i + 1);
    } else if (c == '.' && text[i + 1] == '.' && text[i + 2] == '.') {
      st = push_subscript(ctx, sp, cur, ELLIPSIS, i + 1);
      i += 2;
    } else if (c == ',' && sp->explicit_out) {
      return lt_error(ctx, "',' in the output at position %d in '%s'", i + 1, text);
    } else if (c == ',') {
      if (sp->nops == LT_EINSUM_MAX_OPERANDS)
        return lt_error(ctx, "more than %d operands in '%s'", LT_EINSUM_MAX_OPERANDS, text);
      cur->end = i;
      cur = &sp->op[sp->nops++];
      new_subscripts(cur, i + 1);
    } else if (c == '-' && text[i + 1] == '>') {
      if (sp->explicit_out) return lt_error(ctx, "a second '->' at position %d in '%s'", i + 1, text);
      cur->end = i;
      sp->explicit_out = true;
      cur = &sp->out;
      new_subscripts(cur, i + 2);
      i++;
    } else {
      return bad_character(ctx, text, i);
    }
  }
  cur->end = i;
  return st == LT_OK ? check_output(ctx, sp) : st;
}

/* an operand's subscripts as written, without surrounding spaces */
static void subscripts_text(const Spec *sp, const Subscripts *s, int *start, int *len) {
  int b = s->start, e = s->end;
  while (b < e && sp->text[b] == ' ') b++;
  while (e > b && sp->text[e - 1] == ' ') e--;
  *start = b, *len = e - b;
}

/* ---- einsum: labels and sizes ---- */

/* What einsum knows once the operands are matched with the spec. */
typedef struct {
  int nell;                 /* dims under the ellipsis, broadcast over the operands */
  int64_t size[NLABELS];    /* each label's size (after broadcasting) */
  int nout;
  uint8_t out[LT_MAX_DIMS]; /* the output labels */
  bool in_out[NLABELS];
} Labels;

static const char *plural(int n) { return n == 1 ? "" : "s"; }

/* each operand's dims must match its subscripts; sets L->nell */
static lt_Status check_dims(lt_Context *ctx, const Spec *sp, const lt_Tensor *const *ops, Labels *L) {
  L->nell = 0;
  for (int k = 0; k < sp->nops; k++) {
    const Subscripts *s = &sp->op[k];
    int letters = s->n - (s->ellipsis >= 0), nd = ops[k]->ndim, start, len;
    if (s->ellipsis >= 0 ? nd >= letters : nd == letters) {
      if (s->ellipsis >= 0 && nd - letters > L->nell) L->nell = nd - letters;
      continue;
    }
    subscripts_text(sp, s, &start, &len);
    return lt_error(ctx, "operand %d has %d dim%s but its subscripts '%.*s' name %s%d", k + 1, nd, plural(nd), len,
                    sp->text + start, s->ellipsis >= 0 ? "at least " : "", letters);
  }
  return LT_OK;
}

/* the labels of operand k's dims */
static void operand_labels(const Spec *sp, int k, const lt_Tensor *t, int nell, uint8_t *lab) {
  const Subscripts *s = &sp->op[k];
  int n = 0, covered = t->ndim - (s->n - (s->ellipsis >= 0));
  for (int i = 0; i < s->n; i++) {
    if (s->sub[i] != ELLIPSIS) lab[n++] = s->sub[i];
    else
      for (int j = 0; j < covered; j++) lab[n++] = (uint8_t)(NLETTERS + nell - covered + j);
  }
}

static lt_Status size_error(lt_Context *ctx, int l, int64_t s0, int k0, int64_t s1, int k1) {
  if (l >= NLETTERS)
    return lt_error(ctx, "the dims under '...' do not broadcast: size %lld in operand %d but %lld in operand %d",
                    (long long)s0, k0 + 1, (long long)s1, k1 + 1);
  if (k0 == k1)
    return lt_error(ctx, "index '%c' is repeated in operand %d with sizes %lld and %lld (a diagonal needs equal "
                         "sizes)", label_char(l), k0 + 1, (long long)s0, (long long)s1);
  return lt_error(ctx, "index '%c' has size %lld in operand %d but %lld in operand %d", label_char(l),
                  (long long)s0, k0 + 1, (long long)s1, k1 + 1);
}

/* every label's size: equal within an operand, equal or 1 (broadcast) across operands */
static lt_Status label_sizes(lt_Context *ctx, const Spec *sp, const lt_Tensor *const *ops, Labels *L) {
  int owner[NLABELS];
  for (int l = 0; l < NLABELS; l++) owner[l] = -1, L->size[l] = 1;
  for (int k = 0; k < sp->nops; k++) {
    uint8_t lab[LT_MAX_DIMS];
    const lt_Tensor *t = ops[k];
    operand_labels(sp, k, t, L->nell, lab);
    for (int d = 0; d < t->ndim; d++) {
      int l = lab[d], first = find_label(lab, d, l);
      int64_t s = t->size[d];
      if (first >= 0 && t->size[first] != s) return size_error(ctx, l, t->size[first], k, s, k);
      if (owner[l] < 0 || (L->size[l] == 1 && s != 1)) owner[l] = k, L->size[l] = s;
      else if (s != L->size[l] && s != 1) return size_error(ctx, l, L->size[l], owner[l], s, k);
    }
  }
  return LT_OK;
}

/* the output labels: as written, or NumPy's implicit output (the ellipsis dims, then the letters
   seen exactly once, in character-code order) */
static lt_Status output_labels(lt_Context *ctx, const Spec *sp, Labels *L) {
  uint8_t lab[NLABELS];
  int n = 0, count[NLETTERS] = {0};
  if (sp->explicit_out) {
    for (int i = 0; i < sp->out.n; i++) {
      if (sp->out.sub[i] != ELLIPSIS) lab[n++] = sp->out.sub[i];
      else
        for (int j = 0; j < L->nell; j++) lab[n++] = (uint8_t)(NLETTERS + j);
    }
  } else {
    for (int j = 0; j < L->nell; j++) lab[n++] = (uint8_t)(NLETTERS + j);
    for (int k = 0; k < sp->nops; k++)
      for (int i = 0; i < sp->op[k].n; i++)
        if (sp->op[k].sub[i] != ELLIPSIS) count[sp->op[k].sub[i]]++;
    for (int l = 0; l < NLETTERS; l++)
      if (count[l] == 1) lab[n++] = (uint8_t)l;
  }
  if (n > LT_MAX_DIMS)
    return lt_error(ctx, "the output would have %d dims; tensors have at most %d", n, LT_MAX_DIMS);
  L->nout = n;
  memset(L->in_out, 0, sizeof L->in_out);
  for (int i = 0; i < n; i++) L->out[i] = lab[i], L->in_out[lab[i]] = true;
  return LT_OK;
}

/* ---- einsum: one operand at a time ---- */

/* the diagonal of every label repeated in the term ('ii' -> 'i'); the label moves to the end */
static lt_Status take_diagonals(lt_Context *ctx, Term *term) {
  for (int d1 = 1; d1 < term->t->ndim; d1++) {
    int d0 = find_label(term->lab, d1, term->lab[d1]);
    if (d0 < 0) continue;
    lt_Tensor *diag;
    uint8_t l = term->lab[d1];
    lt_Status st = lt_diagonal(ctx, term->t, 0, d0, d1, &diag);
    if (st != LT_OK) return st;
    lt_tensor_release(term->t);
    term->t = diag;
    memmove(term->lab + d1, term->lab + d1 + 1, (size_t)(LT_MAX_DIMS - 1 - d1));
    memmove(term->lab + d0, term->lab + d0 + 1, (size_t)(LT_MAX_DIMS - 1 - d0));
    term->lab[diag->ndim - 1] = l;
    d1 = 0; /* look again from the start */
  }
  return LT_OK;
}

/* size-1 dims broadcast against a bigger size elsewhere: the term simply loses them, since a
   factor constant along a label sums the same as without it ('ij,jk->ik' with j = 1 in the first
   operand is a times the sum of b over j) */
static lt_Status drop_broadcast_dims(lt_Context *ctx, Term *term, const int64_t *size) {
  for (int d = term->t->ndim - 1; d >= 0; d--) {
    if (term->t->size[d] != 1 || size[term->lab[d]] == 1) continue;
    lt_Tensor *sq;
    lt_Status st = lt_squeeze(ctx, term->t, d, &sq);
    if (st != LT_OK) return st;
    lt_tensor_release(term->t);
    term->t = sq;
    memmove(term->lab + d, term->lab + d + 1, (size_t)(LT_MAX_DIMS - 1 - d));
  }
  return LT_OK;
}

/* sums the term over the labels for which keep is false, in the result's dtype dt (a float32
   operand of a float64 einsum summed in float32 would lose float64's precision) */
static lt_Status sum_out(lt_Context *ctx, Term *term, const bool *keep, lt_DType dt) {
  uint32_t mask = 0;
  int n = 0;
  for (int d = 0; d < term->t->ndim; d++) {
    if (!keep[term->lab[d]]) mask |= 1u << d;
    else term->lab[n++] = term->lab[d];
  }
  if (mask == 0) return LT_OK; /* (a zero mask would sum every dim) */
  lt_Tensor *sum;
  lt_Status st = LT_OK;
  if (term->t->dtype != dt) {
    lt_Tensor *conv;
    st = lt_to_dtype(ctx, term->t, dt, &conv);
    if (st != LT_OK) return st;
    lt_tensor_release(term->t);
    term->t = conv;
  }
  st = lt_reduce(ctx, LT_REDUCE_SUM, term->t, mask, false, &sum);
  if (st != LT_OK) return st;
  lt_tensor_release(term->t);
  term->t = sum;
  return LT_OK;
}

/* ---- einsum: contracting the terms ---- */

/* in how many terms each label is (the output counts as one more) */
static void count_uses(const Term *terms, int nterms, const Labels *L, int *uses) {
  for (int l = 0; l < NLABELS; l++) uses[l] = L->in_out[l];
  for (int k = 0; k < nterms; k++)
    for (int d = 0; d < terms[k].t->ndim; d++) uses[terms[k].lab[d]]++;
}

/* the labels the contraction of terms i and j keeps: those something else still uses */
static void kept_labels(const Term *ti, const Term *tj, const int *uses, bool *keep) {
  for (int l = 0; l < NLABELS; l++) keep[l] = uses[l] > 0;
  for (int d = 0; d < ti->t->ndim; d++) keep[ti->lab[d]] = uses[ti->lab[d]] > 1;
  for (int d = 0; d < tj->t->ndim; d++)
    keep[tj->lab[d]] = uses[tj->lab[d]] > 1 + (find_label(ti->lab, ti->t->ndim, tj->lab[d]) >= 0);
}

/* The pair to contract next: the one whose result has the fewest elements (ties: the first pair),
   among those whose result fits LT_MAX_DIMS dims. A greedy order, as NumPy's 'greedy' path: not
   always optimal for long chains, but it never builds a needlessly large intermediate. */
static lt_Status choose_pair(lt_Context *ctx, const Term *terms, int nterms, const int *uses, const Labels *L,
                             int *pi, int *pj) {
  double best = -1;
  for (int i = 0; i < nterms; i++)
    for (int j = i + 1; j < nterms; j++) {
      bool keep[NLABELS], seen[NLABELS] = {false};
      double cost = 1;
      int ndim = 0;
      kept_labels(&terms[i], &terms[j], uses, keep);
      for (int s = 0; s < 2; s++) {
        const Term *t = s == 0 ? &terms[i] : &terms[j];
        for (int d = 0; d < t->t->ndim; d++) {
          int l = t->lab[d];
          if (!keep[l] || seen[l]) continue;
          seen[l] = true;
          cost *= (double)L->size[l];
          ndim++;
        }
      }
      if (ndim <= LT_MAX_DIMS && (best < 0 || cost < best)) best = cost, *pi = i, *pj = j;
    }
  if (best < 0)
    return lt_error(ctx, "every pair of operands would give an intermediate result of more than %d dims",
                    LT_MAX_DIMS);
  return LT_OK;
}

/* contracts pairs of terms until one is left */
static lt_Status contract_all(lt_Context *ctx, Term *terms, int *nterms, const Labels *L) {
  int prio[NLABELS], uses[NLABELS];
  for (int l = 0; l < NLABELS; l++) prio[l] = NOT_IN_OUTPUT + l;
  for (int i = 0; i < L->nout; i++) prio[L->out[i]] = i;
  count_uses(terms, *nterms, L, uses);
  while (*nterms > 1) {
    int i = 0, j = 1;
    bool keep[NLABELS];
    Term res = {NULL, {0}};
    lt_Status st = choose_pair(ctx, terms, *nterms, uses, L, &i, &j);
    if (st != LT_OK) return st;
    kept_labels(&terms[i], &terms[j], uses, keep);
    st = contract(ctx, terms[i].t, terms[i].lab, terms[j].t, terms[j].lab, keep, prio, L->size, &res);
    if (st != LT_OK) return st;
    release_terms(&terms[i], 1);
    release_terms(&terms[j], 1);
    terms[i] = res;
    memmove(&terms[j], &terms[j + 1], sizeof *terms * (size_t)(*nterms - j - 1));
    (*nterms)--;
    count_uses(terms, *nterms, L, uses);
  }
  return LT_OK;
}

/* each operand as a term: its labels, diagonals taken, broadcast size-1 dims dropped, and the
   labels nothing else uses summed out */
static lt_Status make_terms(lt_Context *ctx, const Spec *sp, const lt_Tensor *const *ops, const Labels *L,
                            lt_DType dt, Term *terms) {
  int uses[NLABELS];
  lt_Status st = LT_OK;
  for (int k = 0; k < sp->nops && st == LT_OK; k++) {
    operand_labels(sp, k, ops[k], L->nell, terms[k].lab);
    /* the operand itself, not an alias: a tape follows the ops applied to this very tensor */
    terms[k].t = (lt_Tensor *)ops[k];
    lt_tensor_retain(terms[k].t);
    st = take_diagonals(ctx, &terms[k]);
    if (st == LT_OK) st = drop_broadcast_dims(ctx, &terms[k], L->size);
  }
  if (st != LT_OK) return st;
  count_uses(terms, sp->nops, L, uses);
  for (int k = 0; k < sp->nops && st == LT_OK; k++) {
    bool keep[NLABELS];
    for (int l = 0; l < NLABELS; l++) keep[l] = uses[l] > 1;
    st = sum_out(ctx, &terms[k], keep, dt);
  }
  return st;
}

static lt_Status result_dtype(lt_Context *ctx, int nops, const lt_Tensor *const *ops, lt_DType *dt) {
  *dt = ops[0]->dtype;
  for (int k = 1; k < nops; k++) *dt = lt_promote_types(*dt, ops[k]->dtype);
  if (*dt == LT_BOOL) return lt_error(ctx, "not supported for dtype bool");
  return LT_OK;
}

lt_Status lt_einsum(lt_Context *ctx, const char *spec, int nops, const lt_Tensor *const *ops, lt_Tensor **out) {
  Spec spec_, *sp = &spec_;
  Term terms[LT_EINSUM_MAX_OPERANDS];
  Labels L;
  lt_DType dt;
  int nterms = 0;
  *out = NULL;
  lt_Status st = parse(ctx, spec, sp);
  if (st == LT_OK && nops == 0)
    st = lt_error(ctx, "no operands given (the spec '%s' names %d)", spec, sp->nops);
  else if (st == LT_OK && nops != sp->nops)
    st = lt_error(ctx, "the spec names %d operand%s but %d %s given", sp->nops, plural(sp->nops), nops,
                  nops == 1 ? "was" : "were");
  if (st == LT_OK) st = check_dims(ctx, sp, ops, &L);
  if (st == LT_OK) st = label_sizes(ctx, sp, ops, &L);
  if (st == LT_OK) st = output_labels(ctx, sp, &L);
  if (st == LT_OK) st = result_dtype(ctx, nops, ops, &dt);
  if (st == LT_OK) {
    memset(terms, 0, sizeof terms);
    nterms = sp->nops;
    st = make_terms(ctx, sp, ops, &L, dt, terms);
  }
  if (st == LT_OK) st = contract_all(ctx, terms, &nterms, &L);
  if (st == LT_OK) st = finish(ctx, &terms[0], L.nout, L.out, dt, nops, ops, out);
  release_terms(terms, nterms);
  return st;
}

/* ---- tensordot ---- */

static lt_Status check_tensordot(lt_Context *ctx, const lt_Tensor *a, const lt_Tensor *b, int n,
                                 const int *dims_a, const int *dims_b) {
  bool used_a[LT_MAX_DIMS] = {false}, used_b[LT_MAX_DIMS] = {false};
  if (n < 0 || n > a->ndim || n > b->ndim)
    return lt_error(ctx, "cannot contract %d dims of a %d-d and a %d-d tensor", n, a->ndim, b->ndim);
  for (int k = 0; k < n; k++) {
    int da = dims_a[k], db = dims_b[k];
    if (da < 0 || da >= a->ndim) return lt_error(ctx, "dim %d of a out of range for a %d-d tensor", da + 1, a->ndim);
    if (db < 0 || db >= b->ndim) return lt_error(ctx, "dim %d of b out of range for a %d-d tensor", db + 1, b->ndim);
    if (used_a[da]) return lt_error(ctx, "dim %d of a is contracted twice", da + 1);
    if (used_b[db]) return lt_error(ctx, "dim %d of b is contracted twice", db + 1);
    used_a[da] = used_b[db] = true;
    if (a->size[da] != b->size[db])
      return lt_error(ctx, "contracted dims must have equal sizes, but dim %d of a has size %lld and dim %d of b "
                           "has size %lld", da + 1, (long long)a->size[da], db + 1, (long long)b->size[db]);
  }
  if (a->ndim + b->ndim - 2 * n > LT_MAX_DIMS)
    return lt_error(ctx, "the result would have %d dims; tensors have at most %d", a->ndim + b->ndim - 2 * n,
                    LT_MAX_DIMS);
  return LT_OK;
}

lt_Status lt_tensordot(lt_Context *ctx, const lt_Tensor *a, const lt_Tensor *b, int n, const int *dims_a,
                       const int *dims_b, lt_Tensor **out) {
  /* labels: a's dims are 0.., b's free dims LT_MAX_DIMS.., b's contracted ones take a's labels */
  uint8_t la[LT_MAX_DIMS], lb[LT_MAX_DIMS], lout[LT_MAX_DIMS];
  int64_t lsize[NLABELS];
  bool keep[NLABELS];
  int prio[NLABELS], nout = 0;
  lt_DType dt;
  Term res = {NULL, {0}};
  const lt_Tensor *ops[2] = {a, b};
  *out = NULL;
  lt_Status st = check_tensordot(ctx, a, b, n, dims_a, dims_b);
  if (st == LT_OK) st = result_dtype(ctx, 2, ops, &dt);
  if (st != LT_OK) return st;
  for (int l = 0; l < NLABELS; l++) keep[l] = true, prio[l] = NOT_IN_OUTPUT + l;
  for (int d = 0; d < a->ndim; d++) la[d] = (uint8_t)d, lsize[d] = a->size[d];
  for (int d = 0; d < b->ndim; d++) lb[d] = (uint8_t)(LT_MAX_DIMS + d), lsize[LT_MAX_DIMS + d] = b->size[d];
  for (int k = 0; k < n; k++) lb[dims_b[k]] = (uint8_t)dims_a[k], keep[dims_a[k]] = false;
  for (int d = 0; d < a->ndim; d++)
    if (keep[la[d]]) prio[la[d]] = nout, lout[nout++] = la[d];
  for (int d = 0; d < b->ndim; d++)
    if (lb[d] >= LT_MAX_DIMS) prio[lb[d]] = nout, lout[nout++] = lb[d];
  st = contract(ctx, a, la, b, lb, keep, prio, lsize, &res);
  if (st == LT_OK) st = finish(ctx, &res, nout, lout, dt, 2, ops, out);
  lt_tensor_release(res.t);
  return st;
}
