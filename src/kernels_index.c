/*
** kernels_index.c: the loops of gather/index_select (a copy through an index) and of
** scatter_add/index_add (an accumulation through an index). The op layer (ops_index.c) checks
** every index first, so these trust them, and hands the indexed tensor over "restrided": its
** stride along the indexed dim is 0, so the iterator yields the address of element 0 of that
** dim and the loop adds index * stride itself (PyTorch's scheme).
*/
#include "lt_index.h"
#include "lt_kernels.h"

/* a checked 1-based (or negative) index to its 0-based element */
#define ELEMENT(v, n) ((v) < 0 ? (v) + (n) : (v) - 1)

/* data: out, index, source */
#define GATHER_LOOP(T, I)                                                                      \
  static void gather_##T##_##I(char **data, const int64_t *st, int64_t n, void *extra) {     \
    const lt_IndexLoopArgs *a = extra;                                                         \
    char *out = data[0];                                                                       \
    const char *idx = data[1], *src = data[2];                                                 \
    for (int64_t j = 0; j < n; j++, out += st[0], idx += st[1], src += st[2]) {                \
      int64_t v = *(const I *)(const void *)idx;                                               \
      *(T *)(void *)out = *(const T *)(const void *)(src + ELEMENT(v, a->size) * a->stride);   \
    }                                                                                          \
  }

/* the element only moves: one loop per element size */
GATHER_LOOP(u8, i32)
GATHER_LOOP(u8, i64)
GATHER_LOOP(uint32_t, i32)
GATHER_LOOP(uint32_t, i64)
GATHER_LOOP(uint64_t, i32)
GATHER_LOOP(uint64_t, i64)

lt_Loop lt_gather_loop(size_t es, lt_DType idt) {
  bool narrow = idt == LT_INT32;
  switch (es) {
    case 1: return narrow ? gather_u8_i32 : gather_u8_i64;
    case 4: return narrow ? gather_uint32_t_i32 : gather_uint32_t_i64;
    default: return narrow ? gather_uint64_t_i32 : gather_uint64_t_i64;
  }
}

/* ADD_<type>(x, y): x + y as the dtype adds (integers wrap, bools or) */
#define ADD_f32(x, y) ((x) + (y))
#define ADD_f64(x, y) ((x) + (y))
#define ADD_i32(x, y) WRAP_ADD(i32, uint32_t, x, y)
#define ADD_i64(x, y) WRAP_ADD(i64, uint64_t, x, y)
#define ADD_u8(x, y) ((u8)((x) + (y)))
#define ADD_b8(x, y) ((b8)((x) | (y)))

/* data: index, destination, src */
#define SCATTER_LOOP(T, I)                                                                     \
  static void scatter_##T##_##I(char **data, const int64_t *st, int64_t n, void *extra) {    \
    const lt_IndexLoopArgs *a = extra;                                                         \
    const char *idx = data[0], *src = data[2];                                                 \
    char *dst = data[1];                                                                       \
    for (int64_t j = 0; j < n; j++, idx += st[0], dst += st[1], src += st[2]) {                \
      int64_t v = *(const I *)(const void *)idx;                                               \
      T *p = (T *)(void *)(dst + ELEMENT(v, a->size) * a->stride);                             \
      *p = ADD_##T(*p, *(const T *)(const void *)src);                                         \
    }                                                                                          \
  }

#define SCATTER_LOOPS(T) SCATTER_LOOP(T, i32) SCATTER_LOOP(T, i64)
SCATTER_LOOPS(f32)
SCATTER_LOOPS(f64)
SCATTER_LOOPS(i32)
SCATTER_LOOPS(i64)
SCATTER_LOOPS(u8)
SCATTER_LOOPS(b8)

#define SCATTER_ROW(T) {scatter_##T##_i32, scatter_##T##_i64}

/* in lt_DType order */
static const lt_Loop scatter_loops[LT_NUM_DTYPES][2] = {
    SCATTER_ROW(f32), SCATTER_ROW(f64), SCATTER_ROW(i32), SCATTER_ROW(i64), SCATTER_ROW(u8), SCATTER_ROW(b8),
};

lt_Loop lt_scatter_add_loop(lt_DType dt, lt_DType idt) { return scatter_loops[dt][idt == LT_INT64]; }

#define FIND_BAD(I)                                                                             \
  static bool find_bad_##I(const lt_Tensor *index, int64_t n, int64_t *bad) {                  \
    const I *base = (const I *)(const void *)lt_data(index);                                    \
    int64_t count = lt_numel(index), pos[LT_MAX_DIMS] = {0}, off = 0;                           \
    bool contiguous = lt_is_contiguous(index);                                                  \
    for (int64_t k = 0; k < count; k++) {                                                       \
      int64_t v = base[contiguous ? k : off];                                                   \
      if (v == 0 || v < -n || v > n) return *bad = v, false;                                    \
      if (contiguous) continue;                                                                 \
      for (int d = index->ndim - 1; d >= 0; d--) { /* odometer, in index order */               \
        off += index->stride[d];                                                                \
        if (++pos[d] < index->size[d]) break;                                                   \
        off -= index->stride[d] * index->size[d];                                               \
        pos[d] = 0;                                                                             \
      }                                                                                         \
    }                                                                                           \
    return true;                                                                                \
  }

FIND_BAD(i32)
FIND_BAD(i64)

bool lt_index_in_range(const lt_Tensor *index, int64_t n, int64_t *bad) {
  return index->dtype == LT_INT32 ? find_bad_i32(index, n, bad) : find_bad_i64(index, n, bad);
}
