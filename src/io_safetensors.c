/*
** io_safetensors.c: the safetensors format (https://github.com/huggingface/safetensors).
**
** A file: an 8-byte little-endian header length N, N bytes of JSON
**   {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
**    "__metadata__": {"key": "value", ...}}
** (padded with spaces), then the data area: each tensor's bytes, little endian, C order, at
** [begin, end) relative to the start of the area.
**
** Reading is strict, as the reference implementation is: the offsets, sorted, must tile the
** data area exactly (no gaps, no overlaps, nothing left over) and each must hold exactly its
** dtype and shape. The JSON parser takes only what a header can hold (objects, arrays, strings,
** non-negative integers) and says where anything else is.
**
** mmap: the file is mapped MAP_PRIVATE with read and write access, so the tensors are ordinary
** writable tensors whose writes go to private copy-on-write pages and never reach the file. All
** tensors of one load share one external storage over the whole mapping; its release callback
** unmaps the file when the last of them dies. A tensor whose data is not aligned to its element
** size (only possible with a header length that is not a multiple of 8, which no known writer
** produces) is copied instead, since the kernels assume aligned elements.
*/
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lt_io.h"

typedef struct {
  char *name;
  lt_DType dt;
  int ndim;
  int64_t size[LT_MAX_DIMS];
  uint64_t begin, end;
} Entry;

typedef struct {
  lt_Context *ctx;
  const char *s;
  size_t n, pos;
  Entry *e;
  size_t ne, cap;
  char **keys, **values;
  size_t nmeta, metacap;
} Json;

static const char *const st_dtypes[LT_NUM_DTYPES] = {"F32", "F64", "I32", "I64", "U8", "BOOL"};

static lt_Status jerror(Json *j, const char *msg) {
  return lt_error(j->ctx, "safetensors: invalid JSON header at byte %zu: %s", j->pos, msg);
}

static void jspace(Json *j) {
  while (j->pos < j->n && (j->s[j->pos] == ' ' || j->s[j->pos] == '\t' || j->s[j->pos] == '\n' ||
                           j->s[j->pos] == '\r'))
    j->pos++;
}

static bool jaccept(Json *j, char c) {
  jspace(j);
  if (j->pos < j->n && j->s[j->pos] == c) {
    j->pos++;
    return true;
  }
  return false;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool hex4(Json *j, size_t at, uint32_t *out) {
  if (j->n - at < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval(j->s[at + i]);
    if (h < 0) return false;
    v = v << 4 | (uint32_t)h;
  }
  *out = v;
  return true;
}

/* a JSON string, unescaped into a malloc'd NUL-terminated buffer (\u0000 is refused: names and
   metadata are C strings here) */
static lt_Status jstring(Json *j, char **out) {
  jspace(j);
  if (j->pos >= j->n || j->s[j->pos] != '"') return jerror(j, "expected a string");
  size_t start = ++j->pos, end = start;
  while (end < j->n && j->s[end] != '"') end += j->s[end] == '\\' ? 2 : 1;
  if (end >= j->n) {
    j->pos = start - 1; /* at the opening quote */
    return jerror(j, "unterminated string");
  }
  char *buf = malloc(end - start + 1); /* unescaping never makes a string longer */
  if (buf == NULL) return lt_nomem(j->ctx, end - start + 1);
  size_t len = 0;
  while (j->s[j->pos] != '"') {
    unsigned char c = (unsigned char)j->s[j->pos];
    if (c < 0x20) {
      free(buf);
      return jerror(j, "control character in a string");
    }
    if (c != '\\') {
      buf[len++] = (char)c;
      j->pos++;
      continue;
    }
    char x = j->s[j->pos + 1];
    const char *simple = strchr("\"\\/bfnrt", x);
    if (x != '\0' && simple != NULL) {
      buf[len++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
      j->pos += 2;
      continue;
    }
    uint32_t cp, lo;
    size_t esc = j->pos; /* errors point at the escape */
    if (x != 'u' || !hex4(j, j->pos + 2, &cp)) {
      free(buf);
      return jerror(j, "invalid escape in a string");
    }
    j->pos += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair makes one code point */
      if (j->n - j->pos < 6 || j->s[j->pos] != '\\' || j->s[j->pos + 1] != 'u' ||
          !hex4(j, j->pos + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
        free(buf);
        j->pos = esc;
        return jerror(j, "unpaired surrogate in a \\u escape");
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      j->pos += 6;
    } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
      free(buf);
      j->pos = esc;
      return jerror(j, cp == 0 ? "\\u0000 in a string" : "unpaired surrogate in a \\u escape");
    }
    if (cp < 0x80) {
      buf[len++] = (char)cp;
    } else if (cp < 0x800) {
      buf[len++] = (char)(0xC0 | cp >> 6);
      buf[len++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      buf[len++] = (char)(0xE0 | cp >> 12);
      buf[len++] = (char)(0x80 | (cp >> 6 & 0x3F));
      buf[len++] = (char)(0x80 | (cp & 0x3F));
    } else {
      buf[len++] = (char)(0xF0 | cp >> 18);
      buf[len++] = (char)(0x80 | (cp >> 12 & 0x3F));
      buf[len++] = (char)(0x80 | (cp >> 6 & 0x3F));
      buf[len++] = (char)(0x80 | (cp & 0x3F));
    }
  }
  j->pos++;
  buf[len] = '\0';
  *out = buf;
  return LT_OK;
}

/* a non-negative JSON integer below 2^63 */
static lt_Status juint(Json *j, uint64_t *out) {
  jspace(j);
  size_t start = j->pos;
  uint64_t v = 0;
  if (j->pos < j->n && j->s[j->pos] == '-') return jerror(j, "negative number");
  while (j->pos < j->n && j->s[j->pos] >= '0' && j->s[j->pos] <= '9') {
    unsigned d = (unsigned)(j->s[j->pos] - '0');
    if (v > ((uint64_t)INT64_MAX - d) / 10) return jerror(j, "number too large");
    v = v * 10 + d;
    j->pos++;
  }
  if (j->pos == start) return jerror(j, "expected a non-negative integer");
  if (j->pos - start > 1 && j->s[start] == '0') {
    j->pos = start;
    return jerror(j, "leading zero in a number");
  }
  if (j->pos < j->n && (j->s[j->pos] == '.' || j->s[j->pos] == 'e' || j->s[j->pos] == 'E'))
    return jerror(j, "expected an integer");
  *out = v;
  return LT_OK;
}

static lt_Status parse_metadata(Json *j) {
  if (!jaccept(j, '{')) return jerror(j, "expected an object for __metadata__");
  if (jaccept(j, '}')) return LT_OK;
  do {
    char *k, *v;
    if (jstring(j, &k) != LT_OK) return LT_ERR;
    if (!jaccept(j, ':')) {
      free(k);
      return jerror(j, "expected ':'");
    }
    if (jstring(j, &v) != LT_OK) {
      free(k);
      return LT_ERR;
    }
    for (size_t i = 0; i < j->nmeta; i++)
      if (strcmp(j->keys[i], k) == 0) {
        lt_error(j->ctx, "safetensors: __metadata__ has the key '%s' twice", k);
        free(k);
        free(v);
        return LT_ERR;
      }
    if (j->nmeta == j->metacap) {
      size_t cap = j->metacap ? 2 * j->metacap : 8;
      char **ks = realloc(j->keys, cap * sizeof *ks);
      if (ks != NULL) j->keys = ks;
      char **vs = ks != NULL ? realloc(j->values, cap * sizeof *vs) : NULL;
      if (vs != NULL) j->values = vs;
      if (ks == NULL || vs == NULL) {
        free(k);
        free(v);
        return lt_nomem(j->ctx, cap * sizeof *ks);
      }
      j->metacap = cap;
    }
    j->keys[j->nmeta] = k;
    j->values[j->nmeta++] = v;
  } while (jaccept(j, ','));
  if (!jaccept(j, '}')) return jerror(j, "expected ',' or '}'");
  return LT_OK;
}

/* {"dtype": ..., "shape": [...], "data_offsets": [b, e]} into e (name already set) */
static lt_Status parse_info(Json *j, Entry *e) {
  bool seen[3] = {false, false, false};
  if (!jaccept(j, '{')) return jerror(j, "expected an object for a tensor");
  if (!jaccept(j, '}')) {
    do {
    char *k;
    if (jstring(j, &k) != LT_OK) return LT_ERR;
    int which = strcmp(k, "dtype") == 0 ? 0 : strcmp(k, "shape") == 0 ? 1 : strcmp(k, "data_offsets") == 0 ? 2 : -1;
    if (which < 0 || seen[which]) {
      lt_error(j->ctx, "safetensors: tensor '%s': %s field '%s'", e->name, which < 0 ? "unknown" : "duplicate", k);
      free(k);
      return LT_ERR;
    }
    free(k);
    seen[which] = true;
    if (!jaccept(j, ':')) return jerror(j, "expected ':'");
    if (which == 0) {
      char *d;
      if (jstring(j, &d) != LT_OK) return LT_ERR;
      e->dt = LT_NUM_DTYPES;
      for (int i = 0; i < LT_NUM_DTYPES; i++)
        if (strcmp(d, st_dtypes[i]) == 0) e->dt = (lt_DType)i;
      if (e->dt == LT_NUM_DTYPES) {
        lt_error(j->ctx, "safetensors: tensor '%s': unsupported dtype '%.40s' (supported: F32, F64, I32, I64, U8, BOOL)",
                 e->name, d);
        free(d);
        return LT_ERR;
      }
      free(d);
    } else {
      if (!jaccept(j, '[')) return jerror(j, "expected an array");
      int n = 0;
      uint64_t v[LT_MAX_DIMS];
      if (!jaccept(j, ']')) {
        do {
          if (n == (which == 1 ? LT_MAX_DIMS : 2))
            return which == 1 ? lt_error(j->ctx, "safetensors: tensor '%s': the shape has more than %d dimensions", e->name, LT_MAX_DIMS)
                              : lt_error(j->ctx, "safetensors: tensor '%s': data_offsets needs exactly 2 numbers", e->name);
          if (juint(j, &v[n++]) != LT_OK) return LT_ERR;
        } while (jaccept(j, ','));
        if (!jaccept(j, ']')) return jerror(j, "expected ',' or ']'");
      }
      if (which == 1) {
        e->ndim = n;
        for (int i = 0; i < n; i++) e->size[i] = (int64_t)v[i];
      } else {
        if (n != 2) return lt_error(j->ctx, "safetensors: tensor '%s': data_offsets needs exactly 2 numbers", e->name);
        e->begin = v[0];
        e->end = v[1];
      }
    }
    } while (jaccept(j, ','));
    if (!jaccept(j, '}')) return jerror(j, "expected ',' or '}'");
  }
  if (!seen[0] || !seen[1] || !seen[2])
    return lt_error(j->ctx, "safetensors: tensor '%s': missing field '%s'", e->name,
                    !seen[0] ? "dtype" : !seen[1] ? "shape" : "data_offsets");
  return LT_OK;
}

static lt_Status parse_header(Json *j) {
  if (!jaccept(j, '{')) return jerror(j, "expected '{'");
  bool seen_meta = false;
  if (!jaccept(j, '}')) {
    do {
    char *name;
    if (jstring(j, &name) != LT_OK) return LT_ERR;
    if (!jaccept(j, ':')) {
      free(name);
      return jerror(j, "expected ':'");
    }
    if (strcmp(name, "__metadata__") == 0) {
      free(name);
      if (seen_meta) return lt_error(j->ctx, "safetensors: __metadata__ appears twice");
      seen_meta = true;
      if (parse_metadata(j) != LT_OK) return LT_ERR;
      continue;
    }
    if (j->ne == j->cap) {
      size_t cap = j->cap ? 2 * j->cap : 16;
      Entry *e = realloc(j->e, cap * sizeof *e);
      if (e == NULL) {
        free(name);
        return lt_nomem(j->ctx, cap * sizeof *e);
      }
      j->e = e;
      j->cap = cap;
    }
    Entry *e = &j->e[j->ne++];
    memset(e, 0, sizeof *e);
    e->name = name;
    if (parse_info(j, e) != LT_OK) return LT_ERR;
    } while (jaccept(j, ','));
    if (!jaccept(j, '}')) return jerror(j, "expected ',' or '}'");
  }
  jspace(j);
  if (j->pos != j->n) return jerror(j, "unexpected text after the header object");
  return LT_OK;
}

static void free_json(Json *j) {
  for (size_t i = 0; i < j->ne; i++) free(j->e[i].name);
  for (size_t i = 0; i < j->nmeta; i++) {
    free(j->keys[i]);
    free(j->values[i]);
  }
  free(j->e);
  free(j->keys);
  free(j->values);
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const Entry *)a)->name, ((const Entry *)b)->name);
}

static int by_begin(const void *a, const void *b) {
  const Entry *x = a, *y = b;
  if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

static const char *shape_text(char *buf, size_t size, const Entry *e) {
  int len = snprintf(buf, size, "[");
  for (int i = 0; i < e->ndim && (size_t)len < size; i++)
    len += snprintf(buf + len, size - (size_t)len, "%s%" PRId64, i ? ", " : "", e->size[i]);
  if ((size_t)len < size) snprintf(buf + len, size - (size_t)len, "]");
  return buf;
}

/* every entry's shape and dtype must match its offsets, and the offsets must tile the area */
static lt_Status check_entries(lt_Context *ctx, Entry *e, size_t n, uint64_t area) {
  char buf[LT_SHAPE_STR_SIZE];
  if (n > 1) {
    qsort(e, n, sizeof *e, by_name);
    for (size_t i = 1; i < n; i++)
      if (strcmp(e[i - 1].name, e[i].name) == 0)
        return lt_error(ctx, "safetensors: tensor '%s' appears twice", e[i].name);
  }
  for (size_t i = 0; i < n; i++) {
    int64_t numel;
    if (lt_check_shape(ctx, e[i].ndim, e[i].size, &numel) != LT_OK) {
      char msg[LT_ERRMSG_SIZE];
      memcpy(msg, ctx->err, sizeof msg);
      return lt_error(ctx, "safetensors: tensor '%s': %s", e[i].name, msg);
    }
    size_t es = lt_dtype_size(e[i].dt);
    if (e[i].begin > e[i].end)
      return lt_error(ctx, "safetensors: tensor '%s': data_offsets [%" PRIu64 ", %" PRIu64 "] end before they begin",
                      e[i].name, e[i].begin, e[i].end);
    if ((uint64_t)numel > INT64_MAX / es || (uint64_t)numel * es != e[i].end - e[i].begin)
      return lt_error(ctx, "safetensors: tensor '%s': data_offsets [%" PRIu64 ", %" PRIu64 "] do not match dtype %s and shape %s (%s%" PRIu64 " bytes)",
                      e[i].name, e[i].begin, e[i].end, st_dtypes[e[i].dt], shape_text(buf, sizeof buf, &e[i]),
                      (uint64_t)numel > INT64_MAX / es ? "more than " : "",
                      (uint64_t)numel > INT64_MAX / es ? (uint64_t)INT64_MAX : (uint64_t)numel * es);
    if (e[i].end > area)
      return lt_error(ctx, "safetensors: tensor '%s': data_offsets [%" PRIu64 ", %" PRIu64 "] reach past the data area (%" PRIu64 " bytes)",
                      e[i].name, e[i].begin, e[i].end, area);
  }
  if (n > 1) qsort(e, n, sizeof *e, by_begin);
  uint64_t at = 0;
  for (size_t i = 0; i < n; i++) {
    if (e[i].begin < at)
      return lt_error(ctx, "safetensors: tensors '%s' [%" PRIu64 ", %" PRIu64 "] and '%s' [%" PRIu64 ", %" PRIu64 "] overlap",
                      e[i - 1].name, e[i - 1].begin, e[i - 1].end, e[i].name, e[i].begin, e[i].end);
    if (e[i].begin > at)
      return lt_error(ctx, "safetensors: tensor '%s': data_offsets [%" PRIu64 ", %" PRIu64 "] leave a gap after byte %" PRIu64,
                      e[i].name, e[i].begin, e[i].end, at);
    at = e[i].end;
  }
  if (at != area)
    return lt_error(ctx, "safetensors: the tensors use %" PRIu64 " bytes but the data area has %" PRIu64, at, area);
  return LT_OK;
}

static void unmap(void *ud, void *data) { munmap(data, (size_t)(uintptr_t)ud); }

/* Reads and checks the header; *start is where the data area begins. */
static lt_Status read_header(lt_Context *ctx, const lt_IOSource *src, Json *j, uint64_t *start) {
  unsigned char b[8];
  if (src->len < 8)
    return lt_error(ctx, "safetensors: truncated: %" PRIu64 " bytes is too short for the header length", src->len);
  if (lt_io_read(ctx, src, 0, b, 8, "safetensors", "the header length") != LT_OK) return LT_ERR;
  uint64_t n = 0;
  for (int i = 7; i >= 0; i--) n = n << 8 | b[i];
  if (n > src->len - 8)
    return lt_error(ctx, "safetensors: header length %" PRIu64 " exceeds the file size %" PRIu64, n, src->len);
  if (n > LT_IO_MAX_HEADER)
    return lt_error(ctx, "safetensors: header length %" PRIu64 " exceeds the limit of %u bytes", n, LT_IO_MAX_HEADER);
  if (n < 2) return lt_error(ctx, "safetensors: header length %" PRIu64 " is too short for a JSON object", n);
  char *s = malloc(n);
  if (s == NULL) return lt_nomem(ctx, n);
  if (lt_io_read(ctx, src, 8, s, n, "safetensors", "the header") != LT_OK) {
    free(s);
    return LT_ERR;
  }
  j->ctx = ctx;
  j->s = s;
  j->n = n;
  lt_Status st = parse_header(j);
  if (st == LT_OK) st = check_entries(ctx, j->e, j->ne, src->len - 8 - n);
  free(s);
  j->s = NULL;
  *start = 8 + n;
  return st;
}

/* Moves the parsed names and metadata into out, with the tensors made by make(). */
static lt_Status build(lt_Context *ctx, const lt_IOSource *src, Json *j, uint64_t start,
                       lt_Storage *map, lt_IOList *out) {
  lt_IOList l = {0};
  lt_Status st = LT_OK;
  l.names = calloc(j->ne ? j->ne : 1, sizeof *l.names);
  l.tensors = calloc(j->ne ? j->ne : 1, sizeof *l.tensors);
  if (l.names == NULL || l.tensors == NULL) {
    free(l.names);
    free(l.tensors);
    return lt_nomem(ctx, j->ne * sizeof *l.names);
  }
  for (size_t i = 0; i < j->ne && st == LT_OK; i++) {
    Entry *e = &j->e[i];
    size_t es = lt_dtype_size(e->dt);
    uint64_t at = start + e->begin, nbytes = e->end - e->begin;
    lt_Tensor *t = NULL;
    if (map != NULL && at % es == 0) {
      int64_t stride[LT_MAX_DIMS];
      lt_contiguous_strides(e->ndim, e->size, stride);
      st = lt_tensor_over(ctx, map, e->dt, (int64_t)(at / es), e->ndim, e->size, stride, &t);
      if (st == LT_OK && e->dt == LT_BOOL)
        for (uint64_t k = 0; k < nbytes && st == LT_OK; k++)
          if ((unsigned char)lt_data(t)[k] > 1)
            st = lt_error(ctx, "safetensors: tensor '%s': bool element %" PRIu64 " is %d, not 0 or 1",
                          e->name, k, (unsigned char)lt_data(t)[k]);
    } else {
      st = lt_empty(ctx, e->dt, e->ndim, e->size, &t);
      if (st == LT_OK) {
        if (map != NULL) memcpy(lt_data(t), (char *)map->data + at, nbytes);
        else st = lt_io_read(ctx, src, at, lt_data(t), nbytes, "safetensors", "the data");
      }
      if (st == LT_OK && e->dt == LT_BOOL)
        for (uint64_t k = 0; k < nbytes && st == LT_OK; k++)
          if ((unsigned char)lt_data(t)[k] > 1)
            st = lt_error(ctx, "safetensors: tensor '%s': bool element %" PRIu64 " is %d, not 0 or 1",
                          e->name, k, (unsigned char)lt_data(t)[k]);
    }
    if (t != NULL) {
      l.tensors[l.n] = t;
      l.names[l.n++] = e->name;
      e->name = NULL; /* the list owns it now */
    }
  }
  if (st != LT_OK) {
    lt_iolist_free(&l);
    return st;
  }
  l.keys = j->keys;
  l.values = j->values;
  l.nmeta = j->nmeta;
  j->keys = j->values = NULL;
  j->nmeta = 0;
  *out = l;
  return LT_OK;
}

lt_Status lt_safetensors_read(lt_Context *ctx, const lt_IOSource *src, lt_IOList *out) {
  Json j = {0};
  uint64_t start;
  lt_Status st = read_header(ctx, src, &j, &start);
  if (st == LT_OK) st = build(ctx, src, &j, start, NULL, out);
  free_json(&j);
  return st;
}

lt_Status lt_safetensors_load(lt_Context *ctx, const char *path, bool use_mmap, lt_IOList *out) {
  lt_IOSource src = {-1, NULL, 0, 0};
  if (lt_io_open(ctx, path, &src.fd, &src.len) != LT_OK) return LT_ERR;
  Json j = {0};
  uint64_t start;
  lt_Status st = read_header(ctx, &src, &j, &start);
  lt_Storage *map = NULL;
  if (st == LT_OK && use_mmap) {
    if (src.len > SIZE_MAX) {
      st = lt_error(ctx, "safetensors: the file is too large to map");
    } else {
      void *p = mmap(NULL, (size_t)src.len, PROT_READ | PROT_WRITE, MAP_PRIVATE, src.fd, 0);
      if (p == MAP_FAILED) {
        st = lt_error(ctx, "safetensors: mmap failed: %s", strerror(errno));
      } else if ((st = lt_storage_external(ctx, p, (size_t)src.len, unmap, (void *)(uintptr_t)src.len, &map)) != LT_OK) {
        munmap(p, (size_t)src.len);
      }
    }
  }
  if (st == LT_OK) st = build(ctx, &src, &j, start, map, out);
  if (map != NULL) lt_storage_release(map); /* the tensors hold their own references */
  free_json(&j);
  close(src.fd);
  return st;
}

/* ---- writing ---- */

typedef struct {
  char *p;
  size_t len, cap;
  bool failed;
} Buf;

static void put(Buf *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (p == NULL) {
      b->failed = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
}

static void puts_(Buf *b, const char *s) { put(b, s, strlen(s)); }

static void put_json_string(Buf *b, const char *s) {
  put(b, "\"", 1);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      put(b, esc, 2);
    } else if (c < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      put(b, esc, 6);
    } else {
      put(b, (const char *)&c, 1);
    }
  }
  put(b, "\"", 1);
}

typedef struct {
  const char *name;
  lt_Tensor *t;
} Named;

/* The data is laid out by element size, largest first, then by name (as the reference
   implementation does): with the 8-aligned data area every tensor is then aligned to its
   element size, which is what lets load(path, {mmap = true}) map rather than copy. The header
   lists the tensors in that order. */
static int named_cmp(const void *a, const void *b) {
  const Named *x = a, *y = b;
  size_t sx = lt_dtype_size(x->t->dtype), sy = lt_dtype_size(y->t->dtype);
  if (sx != sy) return sx > sy ? -1 : 1;
  return strcmp(x->name, y->name);
}

lt_Status lt_safetensors_save(lt_Context *ctx, const char *path, size_t n,
                              const char *const *names, lt_Tensor *const *tensors, size_t nmeta,
                              const char *const *keys, const char *const *values) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(names[i], "__metadata__") == 0)
      return lt_error(ctx, "safetensors: '__metadata__' is reserved and cannot name a tensor");
  Named *v = malloc((n ? n : 1) * sizeof *v);
  if (v == NULL) return lt_nomem(ctx, n * sizeof *v);
  for (size_t i = 0; i < n; i++) {
    v[i].name = names[i];
    v[i].t = tensors[i];
  }
  qsort(v, n, sizeof *v, named_cmp);
  Buf b = {0};
  puts_(&b, "{");
  if (nmeta > 0) {
    puts_(&b, "\"__metadata__\":{");
    for (size_t i = 0; i < nmeta; i++) {
      if (i) puts_(&b, ",");
      put_json_string(&b, keys[i]);
      puts_(&b, ":");
      put_json_string(&b, values[i]);
    }
    puts_(&b, "}");
  }
  uint64_t at = 0;
  for (size_t i = 0; i < n; i++) {
    char num[64];
    const lt_Tensor *t = v[i].t;
    if (i || nmeta) puts_(&b, ",");
    put_json_string(&b, v[i].name);
    puts_(&b, ":{\"dtype\":\"");
    puts_(&b, st_dtypes[t->dtype]);
    puts_(&b, "\",\"shape\":[");
    for (int d = 0; d < t->ndim; d++) {
      snprintf(num, sizeof num, "%s%" PRId64, d ? "," : "", t->size[d]);
      puts_(&b, num);
    }
    uint64_t nb = (uint64_t)lt_numel(t) * lt_dtype_size(t->dtype);
    snprintf(num, sizeof num, "],\"data_offsets\":[%" PRIu64 ",%" PRIu64 "]}", at, at + nb);
    puts_(&b, num);
    at += nb;
  }
  puts_(&b, "}");
  while (b.len % 8 != 0) puts_(&b, " "); /* the data area starts 8-aligned, as the reference pads */
  lt_Status st = LT_OK;
  if (b.failed) st = lt_nomem(ctx, b.len);
  FILE *f = NULL;
  char *tmp = NULL;
  if (st == LT_OK) st = lt_io_create(ctx, path, &f, &tmp);
  if (st == LT_OK) {
    unsigned char len8[8];
    for (int i = 0; i < 8; i++) len8[i] = (unsigned char)((uint64_t)b.len >> (8 * i));
    if (fwrite(len8, 1, 8, f) != 8 || fwrite(b.p, 1, b.len, f) != b.len)
      st = lt_error(ctx, "safetensors: write failed: %s", strerror(errno));
  }
  for (size_t i = 0; i < n && st == LT_OK; i++) {
    lt_Tensor *c;
    if ((st = lt_contiguous(ctx, v[i].t, &c)) != LT_OK) break;
    size_t nb = (size_t)lt_numel(c) * lt_dtype_size(c->dtype);
    if (nb > 0 && fwrite(lt_data(c), 1, nb, f) != nb)
      st = lt_error(ctx, "safetensors: write failed: %s", strerror(errno));
    lt_tensor_release(c);
  }
  if (f != NULL) st = lt_io_finish(ctx, st, path, f, tmp);
  free(b.p);
  free(v);
  return st;
}
