/*
** format.c: tostring() for tensors, a C rendering of PyTorch 1.13's torch/_tensor_str.py
** (default print options: precision 4, threshold 1000, edgeitems 3, linewidth 80).
**
** Deliberate difference: the dtype suffix is always shown, with our dtype names
** ("dtype=float32"), where PyTorch omits it for its default dtypes.
**
** Everything here only reads the elements that end up on screen: a summarized tensor
** (numel > 1000) shows at most 6 entries per dim, so a 1000x1000 tensor costs 36 reads.
*/
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_core.h"

/* PyTorch's default print options. */
enum {
  PRINT_THRESHOLD = 1000, /* numel above this triggers summarization */
  PRINT_EDGEITEMS = 3,    /* entries kept at each end of a summarized dim */
  PRINT_LINEWIDTH = 80
};
#define PRINT_PRECISION "4"

static const char TENSOR_PREFIX[] = "tensor(";
#define PREFIX_INDENT ((int)(sizeof TENSOR_PREFIX - 1))

/* Large enough for "%.4f" of DBL_MAX (309 digits + sign + point + 4 decimals) and any int64. */
#define ELEMENT_TEXT_SIZE 352

/* ---------------------------------------------------------------------------------------------
** A growable char buffer. Once an allocation fails the buffer stays failed and ignores further
** appends, so the rendering code needs no error plumbing: lt_format checks once at the end.
*/
typedef struct StrBuf {
  char *data;
  size_t len;
  size_t cap;
  bool failed;
} StrBuf;

static bool buf_reserve(StrBuf *b, size_t extra) {
  if (b->failed) return false;
  if (extra <= b->cap - b->len) return true;
  if (extra > SIZE_MAX / 2 - b->len) { /* doubling below would overflow */
    b->failed = true;
    return false;
  }
  size_t need = b->len + extra;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    b->failed = true;
    return false;
  }
  b->data = p;
  b->cap = cap;
  return true;
}

static void buf_append(StrBuf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n)) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
}

static void buf_puts(StrBuf *b, const char *s) { buf_append(b, s, strlen(s)); }

static void buf_repeat(StrBuf *b, char c, size_t n) {
  if (!buf_reserve(b, n)) return;
  memset(b->data + b->len, c, n);
  b->len += n;
}

/* Characters after the last newline: PyTorch decides where the suffixes go from this. */
static size_t buf_last_line_length(const StrBuf *b) {
  size_t i = b->len;
  while (i > 0 && b->data[i - 1] != '\n') i--;
  return b->len - i;
}

/* ---------------------------------------------------------------------------------------------
** Element access. Offsets are in elements, relative to the storage start (t->offset included).
*/
static const char *element_address(const lt_Tensor *t, int64_t off) {
  return (const char *)t->storage->data + off * (int64_t)lt_dtype_size(t->dtype);
}

static bool dtype_is_floating(lt_DType dt) { return dt == LT_FLOAT32 || dt == LT_FLOAT64; }

/* Float elements as double: this is what PyTorch's tolist() hands to Python's formatting. */
static double read_floating(const lt_Tensor *t, int64_t off) {
  const char *p = element_address(t, off);
  if (t->dtype == LT_FLOAT32) {
    float f;
    memcpy(&f, p, sizeof f);
    return (double)f;
  }
  double d;
  memcpy(&d, p, sizeof d);
  return d;
}

/* Integer and bool elements as int64 (uint8 and bool fit; memcpy avoids alignment concerns). */
static int64_t read_integral(const lt_Tensor *t, int64_t off) {
  const char *p = element_address(t, off);
  switch (t->dtype) {
  case LT_INT32: {
    int32_t v;
    memcpy(&v, p, sizeof v);
    return v;
  }
  case LT_INT64: {
    int64_t v;
    memcpy(&v, p, sizeof v);
    return v;
  }
  case LT_UINT8: return (uint8_t)p[0];
  case LT_BOOL: return p[0] != 0;
  default: return 0;
  }
}

/* ---------------------------------------------------------------------------------------------
** Visiting the shown elements: when summarizing, a dim with more than 2*edgeitems entries
** contributes only its first and last edgeitems (PyTorch's get_summarized_data).
*/
typedef void (*ElementVisitor)(void *state, const lt_Tensor *t, int64_t off);

static bool dim_is_elided(const lt_Tensor *t, int d, bool summarize) {
  return summarize && t->size[d] > 2 * PRINT_EDGEITEMS;
}

static void visit_shown_elements(const lt_Tensor *t, int d, int64_t off, bool summarize,
                                 ElementVisitor visit, void *state) {
  if (d == t->ndim) {
    visit(state, t, off);
    return;
  }
  int64_t n = t->size[d];
  bool elided = dim_is_elided(t, d, summarize);
  for (int64_t i = 0; i < n; i++) {
    if (elided && i == PRINT_EDGEITEMS) i = n - PRINT_EDGEITEMS;
    visit_shown_elements(t, d + 1, off + i * t->stride[d], summarize, visit, state);
  }
}

/* ---------------------------------------------------------------------------------------------
** The element formatter (PyTorch's _Formatter): one style and one width for the whole tensor,
** chosen from the shown elements.
*/
typedef struct ElementFormat {
  bool floating;
  bool int_mode; /* floats: every nonzero finite value is integral, printed as "5." */
  bool sci_mode; /* floats: "%.4e" */
  int width;     /* elements are right-aligned to this */
} ElementFormat;

/* Python prints every NaN as "nan" whatever its sign bit, where printf may say "-nan". */
static int format_floating_text(const ElementFormat *fmt, double v, char *out, size_t size) {
  if (isnan(v)) return snprintf(out, size, "nan");
  if (fmt->sci_mode) return snprintf(out, size, "%." PRINT_PRECISION "e", v);
  if (fmt->int_mode) {
    /* the trailing point marks the tensor as floating; inf keeps its plain spelling */
    return snprintf(out, size, isinf(v) ? "%.0f" : "%.0f.", v);
  }
  return snprintf(out, size, "%." PRINT_PRECISION "f", v);
}

static int format_integral_text(lt_DType dt, int64_t v, char *out, size_t size) {
  if (dt == LT_BOOL) return snprintf(out, size, "%s", v ? "True" : "False");
  return snprintf(out, size, "%" PRId64, v);
}

/* Unpadded text of one element; returns its length. */
static size_t format_element_text(const ElementFormat *fmt, const lt_Tensor *t, int64_t off,
                                  char out[ELEMENT_TEXT_SIZE]) {
  int n = fmt->floating ? format_floating_text(fmt, read_floating(t, off), out, ELEMENT_TEXT_SIZE)
                        : format_integral_text(t->dtype, read_integral(t, off), out,
                                               ELEMENT_TEXT_SIZE);
  if (n < 0) n = 0;
  if (n >= ELEMENT_TEXT_SIZE) n = ELEMENT_TEXT_SIZE - 1;
  return (size_t)n;
}

/* First pass over floats: what PyTorch learns from the nonzero finite values. */
typedef struct FloatSurvey {
  int64_t count; /* nonzero finite values */
  double min_abs, max_abs;
  bool all_integral;
} FloatSurvey;

static void survey_float_element(void *state, const lt_Tensor *t, int64_t off) {
  FloatSurvey *s = state;
  double v = read_floating(t, off);
  if (!isfinite(v) || v == 0) return;
  double a = fabs(v);
  if (s->count == 0 || a < s->min_abs) s->min_abs = a;
  if (s->count == 0 || a > s->max_abs) s->max_abs = a;
  if (v != ceil(v)) s->all_integral = false;
  s->count++;
}

/* Second pass over floats: only nonzero finite values set the width, exactly as in PyTorch
   (so nan, inf and 0. may stick out of the column, as they do there). */
typedef struct WidthScan {
  const ElementFormat *fmt;
  int width;
} WidthScan;

static void widen_for_float_element(void *state, const lt_Tensor *t, int64_t off) {
  WidthScan *w = state;
  double v = read_floating(t, off);
  if (!isfinite(v) || v == 0) return;
  char text[ELEMENT_TEXT_SIZE];
  int n = format_floating_text(w->fmt, v, text, sizeof text);
  if (n > w->width) w->width = n;
}

/* Integers and bools: every shown element sets the width ("True" is 4, "False" 5). */
static void widen_for_integral_element(void *state, const lt_Tensor *t, int64_t off) {
  WidthScan *w = state;
  char text[ELEMENT_TEXT_SIZE];
  int n = format_integral_text(t->dtype, read_integral(t, off), text, sizeof text);
  if (n > w->width) w->width = n;
}

static ElementFormat choose_element_format(const lt_Tensor *t, bool summarize) {
  ElementFormat fmt = {.floating = dtype_is_floating(t->dtype), .int_mode = true,
                       .sci_mode = false, .width = 1};
  WidthScan scan = {.fmt = &fmt, .width = 1};
  if (!fmt.floating) {
    visit_shown_elements(t, 0, t->offset, summarize, widen_for_integral_element, &scan);
    fmt.width = scan.width;
    return fmt;
  }
  FloatSurvey s = {.count = 0, .min_abs = 0, .max_abs = 0, .all_integral = true};
  visit_shown_elements(t, 0, t->offset, summarize, survey_float_element, &s);
  if (s.count == 0) return fmt; /* only zeros and non-finite values: "0.", "nan", width 1 */
  fmt.int_mode = s.all_integral;
  bool wide_range = s.max_abs / s.min_abs > 1000.0 || s.max_abs > 1.0e8;
  /* integral values never look too small, so the 1e-4 test only applies to fractions */
  fmt.sci_mode = fmt.int_mode ? wide_range : (wide_range || s.min_abs < 1.0e-4);
  visit_shown_elements(t, 0, t->offset, summarize, widen_for_float_element, &scan);
  fmt.width = scan.width;
  return fmt;
}

static void append_padded_element(StrBuf *b, const ElementFormat *fmt, const lt_Tensor *t,
                                  int64_t off) {
  char text[ELEMENT_TEXT_SIZE];
  size_t n = format_element_text(fmt, t, off, text);
  if ((size_t)fmt->width > n) buf_repeat(b, ' ', (size_t)fmt->width - n);
  buf_append(b, text, n);
}

/* ---------------------------------------------------------------------------------------------
** Layout (PyTorch's _tensor_str_with_formatter and _vector_str). `indent` is the column of the
** opening bracket of the block being written.
*/

/* The last dim: entries joined by ", ", wrapped so a line holds as many whole
   (width + ", ") cells as fit in linewidth - indent. A summarized row shows " ..." as one more
   entry (not padded to the width, as in PyTorch). */
static void render_vector(StrBuf *b, const lt_Tensor *t, const ElementFormat *fmt, int d,
                          int64_t off, int indent, bool summarize) {
  int64_t n = t->size[d];
  bool elided = dim_is_elided(t, d, summarize);
  int64_t entries = elided ? 2 * PRINT_EDGEITEMS + 1 : n;
  int64_t cell = (int64_t)fmt->width + 2;
  int64_t per_line = (PRINT_LINEWIDTH - indent) / cell;
  if (per_line < 1) per_line = 1;

  buf_puts(b, "[");
  for (int64_t k = 0; k < entries && !b->failed; k++) {
    if (k > 0) {
      if (k % per_line == 0) {
        buf_puts(b, ",\n");
        buf_repeat(b, ' ', (size_t)indent + 1);
      } else {
        buf_puts(b, ", ");
      }
    }
    if (elided && k == PRINT_EDGEITEMS) {
      buf_puts(b, " ...");
      continue;
    }
    int64_t i = (elided && k > PRINT_EDGEITEMS) ? n - (entries - k) : k;
    append_padded_element(b, fmt, t, off + i * t->stride[d]);
  }
  buf_puts(b, "]");
}

/* Dim d of an n-d tensor: sub-blocks separated by a comma, (ndim - d - 1) newlines and the
   indent, so 2-d rows are on consecutive lines and 3-d slices have a blank line between. */
static void render_block(StrBuf *b, const lt_Tensor *t, const ElementFormat *fmt, int d,
                         int64_t off, int indent, bool summarize) {
  if (d == t->ndim) { /* 0-d tensor */
    append_padded_element(b, fmt, t, off);
    return;
  }
  if (d == t->ndim - 1) {
    render_vector(b, t, fmt, d, off, indent, summarize);
    return;
  }
  int64_t n = t->size[d];
  bool elided = dim_is_elided(t, d, summarize);
  int64_t entries = elided ? 2 * PRINT_EDGEITEMS + 1 : n;

  buf_puts(b, "[");
  for (int64_t k = 0; k < entries && !b->failed; k++) {
    if (k > 0) {
      buf_puts(b, ",");
      buf_repeat(b, '\n', (size_t)(t->ndim - d - 1));
      buf_repeat(b, ' ', (size_t)indent + 1);
    }
    if (elided && k == PRINT_EDGEITEMS) {
      buf_puts(b, "...");
      continue;
    }
    int64_t i = (elided && k > PRINT_EDGEITEMS) ? n - (entries - k) : k;
    render_block(b, t, fmt, d + 1, off + i * t->stride[d], indent + 1, summarize);
  }
  buf_puts(b, "]");
}

/* ---------------------------------------------------------------------------------------------
** Suffixes (PyTorch's _add_suffixes): each goes after ", " unless the line would pass the
** linewidth, in which case it starts a new line at the prefix indent.
*/
typedef struct SuffixState {
  /* PyTorch's last_line_len bookkeeping, kept as is (it counts 2 more than the line holds
     until the first break, and exactly afterwards) so the break points match. */
  size_t last_line_len;
} SuffixState;

static void append_suffix(StrBuf *b, SuffixState *s, const char *suffix) {
  size_t len = strlen(suffix);
  if (s->last_line_len + len + 2 > PRINT_LINEWIDTH) {
    buf_puts(b, ",\n");
    buf_repeat(b, ' ', PREFIX_INDENT);
    s->last_line_len = PREFIX_INDENT + len;
  } else {
    buf_puts(b, ", ");
    s->last_line_len += len + 2;
  }
  buf_append(b, suffix, len);
}

/* "size=(0, 3)": Python's tuple spelling, a 1-tuple keeping its trailing comma. */
static void format_size_suffix(const lt_Tensor *t, char *out, size_t size) {
  size_t used = (size_t)snprintf(out, size, "size=(");
  for (int d = 0; d < t->ndim && used < size; d++) {
    used += (size_t)snprintf(out + used, size - used, "%s%" PRId64, d ? ", " : "", t->size[d]);
  }
  if (used < size) snprintf(out + used, size - used, t->ndim == 1 ? ",)" : ")");
}

/* 0 when some dim is empty, else the product saturated just above the threshold: only the
   comparison with it matters, and an expanded (zero-stride) view may have a huge numel. */
static int64_t numel_for_printing(const lt_Tensor *t) {
  for (int d = 0; d < t->ndim; d++) {
    if (t->size[d] <= 0) return 0;
  }
  int64_t n = 1;
  for (int d = 0; d < t->ndim; d++) {
    if (n > PRINT_THRESHOLD / t->size[d]) return PRINT_THRESHOLD + 1;
    n *= t->size[d];
  }
  return n;
}

char *lt_format(const lt_Tensor *t) {
  if (!t || t->ndim < 0 || t->ndim > LT_MAX_DIMS) return NULL;
  StrBuf b = {NULL, 0, 0, false};
  int64_t numel = numel_for_printing(t);

  buf_puts(&b, TENSOR_PREFIX);
  if (numel == 0) {
    buf_puts(&b, "[]");
  } else {
    bool summarize = numel > PRINT_THRESHOLD;
    ElementFormat fmt = choose_element_format(t, summarize);
    render_block(&b, t, &fmt, 0, t->offset, PREFIX_INDENT, summarize);
  }

  SuffixState suffixes = {.last_line_len = 0};
  if (!b.failed) suffixes.last_line_len = buf_last_line_length(&b) + 2;
  if (numel == 0 && t->ndim != 1) { /* like NumPy, the shape is shown unless it is (0,) */
    char size_text[LT_MAX_DIMS * 22 + 16];
    format_size_suffix(t, size_text, sizeof size_text);
    append_suffix(&b, &suffixes, size_text);
  }
  char dtype_text[64];
  snprintf(dtype_text, sizeof dtype_text, "dtype=%s", lt_dtype_name(t->dtype));
  append_suffix(&b, &suffixes, dtype_text);
  buf_append(&b, ")", 2); /* includes the NUL terminator */

  if (b.failed) {
    free(b.data);
    return NULL;
  }
  return b.data;
}
