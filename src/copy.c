/*
** copy.c: fill and copy-with-conversion kernels over strided memory.
**
** Conversions follow PyTorch on x86-64 and never invoke C's undefined behaviour: a float that
** does not fit an int32/int64 (or is NaN) becomes the most negative value, a float goes to uint8
** through int64 and wraps, anything goes to bool as "!= 0".
*/
#include <string.h>

#include "lt_kernels.h"

static inline i64 float_to_i64(double x) {
  return (x >= -9223372036854775808.0 && x < 9223372036854775808.0) ? (i64)x : INT64_MIN;
}
static inline i32 float_to_i32(double x) {
  return (x >= -2147483648.0 && x < 2147483648.0) ? (i32)x : INT32_MIN;
}

/* CONV_<from>_<to>(x) */
#define CONV_f32_f32(x) (x)
#define CONV_f32_f64(x) ((f64)(x))
#define CONV_f32_i32(x) float_to_i32(x)
#define CONV_f32_i64(x) float_to_i64(x)
#define CONV_f32_u8(x) ((u8)float_to_i64(x))
#define CONV_f32_b8(x) ((b8)((x) != 0))
#define CONV_f64_f32(x) ((f32)(x))
#define CONV_f64_f64(x) (x)
#define CONV_f64_i32(x) float_to_i32(x)
#define CONV_f64_i64(x) float_to_i64(x)
#define CONV_f64_u8(x) ((u8)float_to_i64(x))
#define CONV_f64_b8(x) ((b8)((x) != 0))
#define CONV_i32_f32(x) ((f32)(x))
#define CONV_i32_f64(x) ((f64)(x))
#define CONV_i32_i32(x) (x)
#define CONV_i32_i64(x) ((i64)(x))
#define CONV_i32_u8(x) ((u8)(x))
#define CONV_i32_b8(x) ((b8)((x) != 0))
#define CONV_i64_f32(x) ((f32)(x))
#define CONV_i64_f64(x) ((f64)(x))
#define CONV_i64_i32(x) ((i32)(x)) /* wraps (gcc defines it) */
#define CONV_i64_i64(x) (x)
#define CONV_i64_u8(x) ((u8)(x))
#define CONV_i64_b8(x) ((b8)((x) != 0))
#define CONV_u8_f32(x) ((f32)(x))
#define CONV_u8_f64(x) ((f64)(x))
#define CONV_u8_i32(x) ((i32)(x))
#define CONV_u8_i64(x) ((i64)(x))
#define CONV_u8_u8(x) (x)
#define CONV_u8_b8(x) ((b8)((x) != 0))
#define CONV_b8_f32(x) ((f32)(x))
#define CONV_b8_f64(x) ((f64)(x))
#define CONV_b8_i32(x) ((i32)(x))
#define CONV_b8_i64(x) ((i64)(x))
#define CONV_b8_u8(x) ((u8)(x))
#define CONV_b8_b8(x) ((b8)((x) != 0))

#define COPY_LOOP(S, D)                                                                     \
  static void copy_##S##_##D(char **data, const int64_t *st, int64_t n, void *extra) {      \
    char *dst = data[0];                                                                    \
    const char *src = data[1];                                                              \
    (void)extra;                                                                            \
    if (st[0] == sizeof(D) && st[1] == sizeof(S)) {                                         \
      D *d = (D *)dst;                                                                      \
      const S *s = (const S *)src;                                                          \
      for (int64_t i = 0; i < n; i++) d[i] = CONV_##S##_##D(s[i]);                          \
    } else {                                                                                \
      for (int64_t i = 0; i < n; i++, dst += st[0], src += st[1])                           \
        *(D *)dst = CONV_##S##_##D(*(const S *)src);                                        \
    }                                                                                       \
  }

#define COPY_FROM(S)                                                                        \
  COPY_LOOP(S, f32)                                                                         \
  COPY_LOOP(S, f64)                                                                         \
  COPY_LOOP(S, i32) COPY_LOOP(S, i64) COPY_LOOP(S, u8) COPY_LOOP(S, b8)

COPY_FROM(f32)
COPY_FROM(f64)
COPY_FROM(i32)
COPY_FROM(i64)
COPY_FROM(u8)
COPY_FROM(b8)

#define COPY_ROW(S) {copy_##S##_f32, copy_##S##_f64, copy_##S##_i32, copy_##S##_i64, copy_##S##_u8, copy_##S##_b8}

/* copy_loops[src][dst], in lt_DType order */
static const lt_Loop copy_loops[LT_NUM_DTYPES][LT_NUM_DTYPES] = {
    COPY_ROW(f32), COPY_ROW(f64), COPY_ROW(i32), COPY_ROW(i64), COPY_ROW(u8), COPY_ROW(b8),
};

lt_Loop lt_copy_loop(lt_DType src, lt_DType dst) { return copy_loops[src][dst]; }

lt_Scalar lt_read_scalar(lt_DType dt, const char *p) {
  switch (dt) {
    case LT_FLOAT32: return lt_scalar_float(*(const f32 *)p);
    case LT_FLOAT64: return lt_scalar_float(*(const f64 *)p);
    case LT_INT32: return lt_scalar_int(*(const i32 *)p);
    case LT_INT64: return lt_scalar_int(*(const i64 *)p);
    case LT_UINT8: return lt_scalar_int(*(const u8 *)p);
    default: return lt_scalar_int(*(const b8 *)p != 0);
  }
}

/* One element of dtype dt holding v (converted as a copy would convert it). */
void lt_write_scalar(lt_DType dt, char *p, lt_Scalar v) {
  char *src[2] = {p, (char *)&v.v};
  int64_t st[2] = {0, 0};
  copy_loops[v.is_int ? LT_INT64 : LT_FLOAT64][dt](src, st, 1, NULL);
}

#define OVERLAP_MESSAGE \
  "cannot write into a tensor where several elements share memory (an expanded view); clone it first"

typedef struct {
  char value[8];
  size_t size;
} FillValue;

static void fill_loop(char **data, const int64_t *st, int64_t n, void *extra) {
  const FillValue *fv = extra;
  char *dst = data[0];
  if (st[0] == (int64_t)fv->size) {
    /* fill the first element, then double the filled prefix: memcpy does the rest fast */
    if (n == 0) return;
    memcpy(dst, fv->value, fv->size);
    int64_t done = 1;
    while (done < n) {
      int64_t chunk = done < n - done ? done : n - done;
      memcpy(dst + done * st[0], dst, (size_t)(chunk * st[0]));
      done += chunk;
    }
    return;
  }
  for (int64_t i = 0; i < n; i++, dst += st[0]) memcpy(dst, fv->value, fv->size);
}

lt_Status lt_fill(lt_Context *ctx, lt_Tensor *t, lt_Scalar value) {
  FillValue fv;
  lt_Iter it;
  if (lt_has_internal_overlap(t)) return lt_error(ctx, OVERLAP_MESSAGE);
  fv.size = lt_dtype_size(t->dtype);
  memset(fv.value, 0, sizeof fv.value);
  lt_write_scalar(t->dtype, fv.value, value);
  int64_t n = lt_numel(t);
  if (n < LT_PARALLEL_GRAIN && lt_is_contiguous(t)) { /* small fills skip the iterator */
    char *data = lt_data(t);
    int64_t stride = (int64_t)fv.size;
    fill_loop(&data, &stride, n, &fv);
    atomic_fetch_add(&t->storage->version, 1);
    return LT_OK;
  }
  lt_iter_init(&it, 1, &t);
  lt_iter_run_parallel(ctx, &it, fill_loop, &fv);
  atomic_fetch_add(&t->storage->version, 1);
  return LT_OK;
}

lt_Status lt_copy(lt_Context *ctx, lt_Tensor *dst, const lt_Tensor *src) {
  lt_Tensor view = *src, *tmp = NULL, *ops[2];
  lt_Status st;
  lt_Iter it;
  if (lt_numel(dst) == 0) return LT_OK;
  if (lt_has_internal_overlap(dst)) return lt_error(ctx, OVERLAP_MESSAGE);
  /* an overlapping source is copied out first, so the result is as if read before writing */
  if (lt_may_overlap(dst, src)) {
    if ((st = lt_clone(ctx, src, &tmp)) != LT_OK) return st;
    view = *tmp;
  }
  int64_t n = lt_numel(dst), stride[LT_MAX_DIMS];
  if (tmp == NULL && n < LT_PARALLEL_GRAIN && lt_same_shape(dst, src) && lt_is_contiguous(dst) &&
      lt_is_contiguous(src)) { /* small contiguous copies skip the iterator */
    char *data[2] = {lt_data(dst), lt_data(src)};
    int64_t strides[2] = {(int64_t)lt_dtype_size(dst->dtype), (int64_t)lt_dtype_size(src->dtype)};
    copy_loops[src->dtype][dst->dtype](data, strides, n, NULL);
    atomic_fetch_add(&dst->storage->version, 1);
    return LT_OK;
  }
  /* one element broadcast over dst (an expanded scalar, e.g. the gradient of a sum) is a fill */
  bool one = tmp == NULL && src->ndim <= dst->ndim;
  for (int d = 0; d < src->ndim && one; d++) {
    int64_t want = dst->size[d + dst->ndim - src->ndim];
    one = (src->size[d] == 1 || src->stride[d] == 0) && (src->size[d] == want || src->size[d] == 1);
  }
  if (one) return lt_fill(ctx, dst, lt_read_scalar(src->dtype, lt_data(src)));
  st = lt_broadcast_strides(ctx, &view, dst->ndim, dst->size, stride);
  if (st == LT_OK) {
    view.ndim = dst->ndim;
    memcpy(view.stride, stride, sizeof view.stride);
    memcpy(view.size, dst->size, sizeof view.size);
    ops[0] = dst;
    ops[1] = &view;
    lt_iter_init(&it, 2, ops);
    lt_iter_run_parallel(ctx, &it, copy_loops[src->dtype][dst->dtype], NULL);
    atomic_fetch_add(&dst->storage->version, 1);
  }
  lt_tensor_release(tmp);
  return st;
}
