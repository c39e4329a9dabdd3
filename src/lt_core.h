/*
** lt_core.h: the private C core of luatensor (no Lua here).
**
** Conventions:
**  - Every fallible core function takes the per-state context first and returns an lt_Status;
**    on failure the context holds a message (without the op name: the binding prefixes it).
**  - Dims and indices are 0-based here; the Lua bindings translate the 1-based Lua convention.
**  - Strides are in elements and may be negative (reversed slices) or 0 (expanded dims).
*/
#ifndef LT_CORE_H
#define LT_CORE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LT_MAX_DIMS 16
#define LT_ERRMSG_SIZE 512

typedef enum lt_DType {
  LT_FLOAT32 = 0,
  LT_FLOAT64,
  LT_INT32,
  LT_INT64,
  LT_UINT8,
  LT_BOOL,
  LT_NUM_DTYPES
} lt_DType;

typedef enum lt_Status {
  LT_OK = 0,
  LT_ERR,    /* user error: bad shape, dim, index ... (message in ctx) */
  LT_ENOMEM  /* allocation failed (message in ctx) */
} lt_Status;

/* A scalar as Lua hands it over: integers stay exact up to 64 bits. */
typedef struct lt_Scalar {
  bool is_int;
  union {
    double f;
    int64_t i;
  } v;
} lt_Scalar;

static inline lt_Scalar lt_scalar_float(double f) {
  lt_Scalar s;
  s.is_int = false;
  s.v.f = f;
  return s;
}
static inline lt_Scalar lt_scalar_int(int64_t i) {
  lt_Scalar s;
  s.is_int = true;
  s.v.i = i;
  return s;
}
static inline double lt_scalar_as_double(lt_Scalar s) {
  return s.is_int ? (double)s.v.i : s.v.f;
}

/* ---- dtypes (dtype.c) ---- */
static inline size_t lt_dtype_size(lt_DType dt) {
  static const size_t sizes[LT_NUM_DTYPES] = {4, 8, 4, 8, 1, 1}; /* in lt_DType order */
  return sizes[dt];
}
const char *lt_dtype_name(lt_DType dt);
/* returns LT_NUM_DTYPES when the name is unknown */
lt_DType lt_dtype_from_name(const char *name);
bool lt_dtype_is_float(lt_DType dt);

/* ---- random generator (random.c): xoshiro256++ seeded through splitmix64 ---- */
typedef struct lt_RNG {
  uint64_t s[4];
  uint64_t seed;
  bool has_spare_normal; /* Box-Muller makes normals in pairs */
  double spare_normal;
} lt_RNG;

void lt_rng_seed(lt_RNG *rng, uint64_t seed);
uint64_t lt_rng_next(lt_RNG *rng);
double lt_rng_uniform(lt_RNG *rng);            /* [0, 1), 53 random bits */
float lt_rng_uniform_f32(lt_RNG *rng);         /* [0, 1), 24 random bits */
double lt_rng_normal(lt_RNG *rng);             /* N(0, 1) */
uint64_t lt_rng_below(lt_RNG *rng, uint64_t n); /* uniform in [0, n), unbiased; n > 0 */

#define LT_DEFAULT_SEED UINT64_C(67280421310721)

/* ---- the allocator: 64-byte aligned buffers, shared by a context and its storages ---- */
typedef struct lt_Allocator lt_Allocator;
typedef struct lt_Pool lt_Pool; /* lt_threads.h */

/* ---- per-state context ---- */
typedef struct lt_Context {
  char err[LT_ERRMSG_SIZE];
  lt_Allocator *alloc;
  lt_Pool *pool; /* NULL: everything runs on the calling thread */
  lt_RNG rng;
  lt_DType default_dtype;
  /* bytes of tensor memory allocated since the binding last reported them to the Lua GC */
  size_t gc_pending;
  struct lt_Blas *blas; /* NULL until the first matrix product loads it (lt_blas.h) */
  int blas_threads;     /* 0: OpenBLAS's default */
  struct lt_Tape *tapes; /* the active tapes (lt_tape.h), innermost first */
  int no_record;         /* no_grad depth: tapes started at a lower depth do not record */
  int tape_depth;        /* the highest depth any active tape was started at */
  uint64_t next_grad_id; /* the last id given to a tensor the tapes follow */
  void *spare_entries;   /* a used tape's entry array, kept for the next tape (tape.c) */
  size_t spare_entries_cap;
} lt_Context;

lt_Status lt_context_init(lt_Context *ctx);
void lt_context_close(lt_Context *ctx); /* idempotent */
/* Formats a message into ctx->err and returns LT_ERR. */
lt_Status lt_error(lt_Context *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Sets "not enough memory ..." and returns LT_ENOMEM. */
lt_Status lt_nomem(lt_Context *ctx, size_t nbytes);
/* "(2, 3)" style shape text into buf; returns buf. */
const char *lt_shape_str(char *buf, size_t bufsize, int ndim, const int64_t *size);
#define LT_SHAPE_STR_SIZE (LT_MAX_DIMS * 22 + 4)

/* ---- storage: a refcounted buffer, owned (ours) or external (a host's) ---- */
typedef void (*lt_ReleaseFn)(void *ud, void *data);

typedef struct lt_Storage {
  atomic_long refs;
  void *data;             /* 64-byte aligned when owned; NULL only when nbytes == 0 */
  size_t nbytes;
  lt_Allocator *alloc;    /* owned storages return their buffer here; NULL when external */
  lt_ReleaseFn release;   /* external storages: called once when the last reference goes */
  void *release_ud;
  atomic_uint version;    /* bumped by in-place writes; the tape compares it */
  bool embedded;          /* the header is inside the block that release frees (small tensors) */
} lt_Storage;

lt_Status lt_storage_new(lt_Context *ctx, size_t nbytes, lt_Storage **out);
lt_Status lt_storage_external(lt_Context *ctx, void *data, size_t nbytes, lt_ReleaseFn release,
                              void *release_ud, lt_Storage **out);
void lt_storage_retain(lt_Storage *s);
void lt_storage_release(lt_Storage *s);

/* ---- tensor: a refcounted strided view of a storage ---- */
typedef struct lt_Tensor {
  atomic_long refs;
  lt_DType dtype;
  int ndim;
  int64_t offset; /* in elements */
  int64_t size[LT_MAX_DIMS];
  int64_t stride[LT_MAX_DIMS];
  lt_Storage *storage;
  /* small tensors live in one block with their storage and data (see lt_empty): the block goes
     when the storage's last reference goes, so the header is not freed on its own */
  bool embedded;
  bool requires_grad; /* a variable: every tape tracks it */
  uint64_t grad_id;   /* 0, or the id the tapes know it by (lt_tape.h) */
} lt_Tensor;

void lt_tensor_retain(lt_Tensor *t);
void lt_tensor_release(lt_Tensor *t);

static inline char *lt_data(const lt_Tensor *t) {
  return (char *)t->storage->data + t->offset * (int64_t)lt_dtype_size(t->dtype);
}

/* shape helpers (shape.c) */
int64_t lt_numel(const lt_Tensor *t);
/* product of sizes with overflow check; LT_ERR on overflow or negative size */
lt_Status lt_check_shape(lt_Context *ctx, int ndim, const int64_t *size, int64_t *numel);
void lt_contiguous_strides(int ndim, const int64_t *size, int64_t *stride);
bool lt_is_contiguous(const lt_Tensor *t);
/* true when two distinct indices can address the same element (a zero stride on a dim > 1 ...) */
bool lt_has_internal_overlap(const lt_Tensor *t);
bool lt_same_shape(const lt_Tensor *a, const lt_Tensor *b);
/* may the two views share a byte? (same storage and intersecting spans) */
bool lt_may_overlap(const lt_Tensor *a, const lt_Tensor *b);

/* creation (tensor.c) */
lt_Status lt_empty(lt_Context *ctx, lt_DType dt, int ndim, const int64_t *size, lt_Tensor **out);
lt_Status lt_full(lt_Context *ctx, lt_DType dt, int ndim, const int64_t *size, lt_Scalar value,
                  lt_Tensor **out);
/* A new tensor header over an existing storage (retained). */
lt_Status lt_tensor_over(lt_Context *ctx, lt_Storage *s, lt_DType dt, int64_t offset, int ndim,
                         const int64_t *size, const int64_t *stride, lt_Tensor **out);
/* A new header sharing t's storage with t's layout. */
lt_Status lt_alias(lt_Context *ctx, const lt_Tensor *t, lt_Tensor **out);
lt_Status lt_empty_like(lt_Context *ctx, const lt_Tensor *t, lt_DType dt, lt_Tensor **out);
lt_Status lt_contiguous(lt_Context *ctx, lt_Tensor *t, lt_Tensor **out); /* may return t retained */
lt_Status lt_clone(lt_Context *ctx, const lt_Tensor *t, lt_Tensor **out);
lt_Status lt_to_dtype(lt_Context *ctx, lt_Tensor *t, lt_DType dt, lt_Tensor **out); /* t when same */
lt_Status lt_arange(lt_Context *ctx, lt_DType dt, lt_Scalar start, lt_Scalar end, lt_Scalar step,
                    lt_Tensor **out);
lt_Status lt_linspace(lt_Context *ctx, lt_DType dt, double start, double end, int64_t steps,
                      lt_Tensor **out);
lt_Status lt_eye(lt_Context *ctx, lt_DType dt, int64_t n, int64_t m, lt_Tensor **out);

/* writing (copy.c) */
lt_Status lt_fill(lt_Context *ctx, lt_Tensor *t, lt_Scalar value);
/* dst[...] = src broadcast to dst's shape, converted to dst's dtype */
lt_Status lt_copy(lt_Context *ctx, lt_Tensor *dst, const lt_Tensor *src);
/* read one element as a scalar (ints exact) */
lt_Scalar lt_read_scalar(lt_DType dt, const char *p);
void lt_write_scalar(lt_DType dt, char *p, lt_Scalar v);

/* random fills (random.c); t is written in place, in index order */
lt_Status lt_fill_uniform(lt_Context *ctx, lt_Tensor *t, double low, double high);
lt_Status lt_fill_normal(lt_Context *ctx, lt_Tensor *t, double mean, double std);
lt_Status lt_fill_randint(lt_Context *ctx, lt_Tensor *t, int64_t low, int64_t high);

/* views (view.c): never copy; dims are 0-based and already normalized */
lt_Status lt_view(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *size,
                  lt_Tensor **out);
/* view when the strides allow it, else a contiguous copy viewed */
lt_Status lt_reshape(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *size,
                     lt_Tensor **out);
lt_Status lt_transpose(lt_Context *ctx, const lt_Tensor *t, int d0, int d1, lt_Tensor **out);
lt_Status lt_permute(lt_Context *ctx, const lt_Tensor *t, const int *dims, lt_Tensor **out);
lt_Status lt_narrow(lt_Context *ctx, const lt_Tensor *t, int dim, int64_t start, int64_t length,
                    lt_Tensor **out);
lt_Status lt_select(lt_Context *ctx, const lt_Tensor *t, int dim, int64_t index, lt_Tensor **out);
/* elements start, start+step, ... (count of them); step may be negative, not 0 */
lt_Status lt_slice(lt_Context *ctx, const lt_Tensor *t, int dim, int64_t start, int64_t count,
                   int64_t step, lt_Tensor **out);
lt_Status lt_expand(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *size,
                    lt_Tensor **out);
lt_Status lt_squeeze(lt_Context *ctx, const lt_Tensor *t, int dim /* -1: all */, lt_Tensor **out);
lt_Status lt_unsqueeze(lt_Context *ctx, const lt_Tensor *t, int dim, lt_Tensor **out);
lt_Status lt_unfold(lt_Context *ctx, const lt_Tensor *t, int dim, int64_t size, int64_t step,
                    lt_Tensor **out);
/* the diagonal of dims d0 and d1 (offset > 0: above the main one, < 0: below) as a new last dim,
   d0 and d1 removed (PyTorch's diagonal) */
lt_Status lt_diagonal(lt_Context *ctx, const lt_Tensor *t, int64_t offset, int d0, int d1,
                      lt_Tensor **out);

/* ---- the strided iterator (iter.c): the one loop nest behind every element-wise kernel ---- */
#define LT_MAX_OPERANDS 4

/* Inner loop: n elements; data[k] advances by strides[k] bytes. */
typedef void (*lt_Loop)(char **data, const int64_t *strides, int64_t n, void *extra);

typedef struct lt_Iter {
  int nops;
  int ndim; /* after coalescing; 0 means a single element */
  int64_t size[LT_MAX_DIMS];
  int64_t stride[LT_MAX_OPERANDS][LT_MAX_DIMS]; /* bytes; dim 0 is the innermost */
  char *data[LT_MAX_OPERANDS];
  int64_t numel;
} lt_Iter;

/* Operand 0 defines the shape; the others must already be broadcast to it (see lt_broadcast_to
   strides) or have the same shape. */
void lt_iter_init(lt_Iter *it, int nops, lt_Tensor *const *ops);
/* the same, with the loop order chosen by operand key's strides (e.g. a reduction's input) */
void lt_iter_init_ordered(lt_Iter *it, int nops, lt_Tensor *const *ops, int key);
void lt_iter_run(const lt_Iter *it, lt_Loop loop, void *extra);
/* elements [begin, end) of the iteration order, for splitting work over threads */
void lt_iter_run_range(const lt_Iter *it, int64_t begin, int64_t end, lt_Loop loop, void *extra);
/* lt_iter_run split over the state's threads (loop must be safe to run on disjoint ranges) */
void lt_iter_run_parallel(lt_Context *ctx, const lt_Iter *it, lt_Loop loop, void *extra);
/* elements below which an element-wise op runs on the calling thread alone */
#define LT_PARALLEL_GRAIN (1 << 16)
/* strides of t seen as shape (ndim, size), 0 on broadcast dims; LT_ERR when not broadcastable */
lt_Status lt_broadcast_strides(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *size,
                               int64_t *stride);

/* formatting (format.c): a malloc'd NUL-terminated string, NULL when out of memory */
char *lt_format(const lt_Tensor *t);

#endif
