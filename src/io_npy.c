/*
** io_npy.c: NumPy .npy (read versions 1.0 to 3.0, write 1.0 or 2.0) and stored .npz archives,
** plus the byte sources both formats and safetensors read through.
**
** A .npy file: "\x93NUMPY", major, minor, the header length (2 bytes little endian in 1.0,
** 4 bytes in 2.0 and 3.0), the header (a Python dict literal with exactly the keys 'descr',
** 'fortran_order' and 'shape', padded with spaces, ending in '\n'), then the raw data.
*/
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lt_io.h"

/* ---- byte sources ---- */

/* the process umask, read without changing it for good (umask has no read-only form) */
static mode_t current_umask(void) {
  mode_t m = umask(022);
  umask(m);
  return m;
}

void lt_iolist_free(lt_IOList *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->names[i]);
    if (l->tensors[i] != NULL) lt_tensor_release(l->tensors[i]);
  }
  for (size_t i = 0; i < l->nmeta; i++) {
    free(l->keys[i]);
    free(l->values[i]);
  }
  free(l->names);
  free(l->tensors);
  free(l->keys);
  free(l->values);
  memset(l, 0, sizeof *l);
}

lt_Status lt_io_read(lt_Context *ctx, const lt_IOSource *src, uint64_t off, void *dst, size_t n,
                     const char *fmt, const char *what) {
  if (off > src->len || n > src->len - off)
    return lt_error(ctx, "%s: truncated: %s needs bytes %" PRIu64 " to %" PRIu64 " but there are only %" PRIu64,
                    fmt, what, off, off + (uint64_t)n, src->len);
  if (n == 0) return LT_OK;
  if (src->fd < 0) {
    memcpy(dst, src->mem + src->base + off, n);
    return LT_OK;
  }
  char *p = dst;
  uint64_t pos = src->base + off;
  while (n > 0) {
    ssize_t got = pread(src->fd, p, n > (1u << 30) ? (1u << 30) : n, (off_t)pos);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return lt_error(ctx, "%s: reading %s: %s", fmt, what, strerror(errno));
    if (got == 0) return lt_error(ctx, "%s: reading %s: the file ended early (was it truncated while being read?)", fmt, what);
    p += got;
    pos += (uint64_t)got;
    n -= (size_t)got;
  }
  return LT_OK;
}

lt_Status lt_io_open(lt_Context *ctx, const char *path, int *fd, uint64_t *size) {
  int f = open(path, O_RDONLY | O_CLOEXEC);
  if (f < 0) return lt_error(ctx, "cannot open: %s", strerror(errno));
  struct stat st;
  if (fstat(f, &st) != 0) {
    int e = errno;
    close(f);
    return lt_error(ctx, "cannot stat: %s", strerror(e));
  }
  if (!S_ISREG(st.st_mode)) { /* a directory or a pipe has no size to check lengths against */
    close(f);
    return lt_error(ctx, "not a regular file");
  }
  *fd = f;
  *size = (uint64_t)st.st_size;
  return LT_OK;
}

lt_Status lt_io_create(lt_Context *ctx, const char *path, FILE **f, char **tmp) {
  size_t len = strlen(path);
  char *name = malloc(len + 16);
  if (name == NULL) return lt_nomem(ctx, len + 16);
  memcpy(name, path, len);
  memcpy(name + len, ".tmp-XXXXXX", 12);
  int fd = mkstemp(name);
  if (fd < 0) {
    int e = errno;
    free(name);
    return lt_error(ctx, "cannot open for writing: %s", strerror(e));
  }
  fchmod(fd, 0644 & ~current_umask()); /* mkstemp makes 0600; a saved file is an ordinary one */
  *f = fdopen(fd, "wb");
  if (*f == NULL) {
    int e = errno;
    close(fd);
    unlink(name);
    free(name);
    return lt_error(ctx, "cannot open for writing: %s", strerror(e));
  }
  *tmp = name;
  return LT_OK;
}

lt_Status lt_io_finish(lt_Context *ctx, lt_Status st, const char *path, FILE *f, char *tmp) {
  if (fclose(f) != 0 && st == LT_OK) st = lt_error(ctx, "write failed: %s", strerror(errno));
  if (st == LT_OK && rename(tmp, path) != 0) st = lt_error(ctx, "cannot replace the file: %s", strerror(errno));
  if (st != LT_OK) unlink(tmp);
  free(tmp);
  return st;
}

/* ---- npy header: a strict parser for the dict literal numpy writes ---- */

typedef struct {
  lt_Context *ctx;
  const char *what;
  const char *s;
  size_t n, pos;
} Lit;

static lt_Status lit_error(Lit *p, const char *msg) {
  return lt_error(p->ctx, "%s: invalid header at byte %zu: %s", p->what, p->pos, msg);
}

static void lit_space(Lit *p) {
  while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
                           p->s[p->pos] == '\r'))
    p->pos++;
}

static bool lit_accept(Lit *p, char c) {
  lit_space(p);
  if (p->pos < p->n && p->s[p->pos] == c) {
    p->pos++;
    return true;
  }
  return false;
}

/* a quoted string without escapes (numpy's keys and descrs never need any) into buf */
static lt_Status lit_string(Lit *p, char *buf, size_t bufsize) {
  lit_space(p);
  if (p->pos >= p->n || (p->s[p->pos] != '\'' && p->s[p->pos] != '"'))
    return lit_error(p, "expected a quoted string");
  char q = p->s[p->pos++];
  size_t len = 0;
  while (p->pos < p->n && p->s[p->pos] != q) {
    if (p->s[p->pos] == '\\' || (unsigned char)p->s[p->pos] < 0x20)
      return lit_error(p, "unexpected character in a string");
    if (len + 1 >= bufsize) return lit_error(p, "string too long");
    buf[len++] = p->s[p->pos++];
  }
  if (p->pos >= p->n) return lit_error(p, "unterminated string");
  p->pos++;
  buf[len] = '\0';
  return LT_OK;
}

static lt_Status lit_int(Lit *p, int64_t *out) {
  lit_space(p);
  int64_t v = 0;
  size_t start = p->pos;
  while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
    int d = p->s[p->pos] - '0';
    if (v > (INT64_MAX - d) / 10) return lit_error(p, "dimension too large");
    v = v * 10 + d;
    p->pos++;
  }
  if (p->pos == start) return lit_error(p, "expected a non-negative integer");
  if (p->pos < p->n && p->s[p->pos] == 'L') p->pos++; /* Python 2's long suffix */
  *out = v;
  return LT_OK;
}

typedef struct {
  lt_DType dt;
  bool swap; /* big endian data */
  bool fortran;
  int ndim;
  int64_t size[LT_MAX_DIMS];
} NpyHeader;

static lt_Status parse_descr(Lit *p, const char *d, NpyHeader *h) {
  static const struct { const char *code; lt_DType dt; } codes[] = {
      {"f4", LT_FLOAT32}, {"f8", LT_FLOAT64}, {"i4", LT_INT32},
      {"i8", LT_INT64},   {"u1", LT_UINT8},   {"b1", LT_BOOL},
  };
  char order = d[0];
  if (order == '<' || order == '>' || order == '|' || order == '=') {
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
      if (strcmp(d + 1, codes[i].code) == 0) {
        h->dt = codes[i].dt;
        h->swap = order == '>' && lt_dtype_size(h->dt) > 1;
        return LT_OK;
      }
  }
  return lt_error(p->ctx, "%s: unsupported dtype '%s' (supported: <f4, <f8, <i4, <i8, |u1, |b1 and their big-endian forms)",
                  p->what, d);
}

static lt_Status parse_npy_header(lt_Context *ctx, const char *what, const char *s, size_t n,
                                  NpyHeader *h) {
  Lit p = {ctx, what, s, n, 0};
  bool seen_descr = false, seen_fortran = false, seen_shape = false;
  if (!lit_accept(&p, '{')) return lit_error(&p, "expected '{'");
  while (!lit_accept(&p, '}')) {
    char key[32];
    if (lit_string(&p, key, sizeof key) != LT_OK) return LT_ERR;
    if (!lit_accept(&p, ':')) return lit_error(&p, "expected ':'");
    if (strcmp(key, "descr") == 0 && !seen_descr) {
      char d[32];
      if (lit_string(&p, d, sizeof d) != LT_OK || parse_descr(&p, d, h) != LT_OK) return LT_ERR;
      seen_descr = true;
    } else if (strcmp(key, "fortran_order") == 0 && !seen_fortran) {
      lit_space(&p);
      if (p.n - p.pos >= 4 && memcmp(s + p.pos, "True", 4) == 0) {
        h->fortran = true;
        p.pos += 4;
      } else if (p.n - p.pos >= 5 && memcmp(s + p.pos, "False", 5) == 0) {
        h->fortran = false;
        p.pos += 5;
      } else {
        return lit_error(&p, "expected True or False");
      }
      seen_fortran = true;
    } else if (strcmp(key, "shape") == 0 && !seen_shape) {
      if (!lit_accept(&p, '(')) return lit_error(&p, "expected '(' (the shape tuple)");
      h->ndim = 0;
      while (!lit_accept(&p, ')')) {
        if (h->ndim == LT_MAX_DIMS)
          return lt_error(ctx, "%s: the shape has more than %d dimensions", what, LT_MAX_DIMS);
        if (lit_int(&p, &h->size[h->ndim++]) != LT_OK) return LT_ERR;
        if (!lit_accept(&p, ',')) {
          if (!lit_accept(&p, ')')) return lit_error(&p, "expected ',' or ')'");
          if (h->ndim == 1) return lit_error(&p, "a 1-tuple needs a trailing comma");
          break;
        }
      }
      seen_shape = true;
    } else {
      return lt_error(ctx, "%s: invalid header: %s key '%s'", what,
                      strcmp(key, "descr") == 0 || strcmp(key, "fortran_order") == 0 ||
                              strcmp(key, "shape") == 0 ? "duplicate" : "unexpected",
                      key);
    }
    if (!lit_accept(&p, ',')) {
      if (!lit_accept(&p, '}')) return lit_error(&p, "expected ',' or '}'");
      break;
    }
  }
  lit_space(&p);
  if (p.pos != n) return lit_error(&p, "unexpected text after the dict");
  if (!seen_descr || !seen_fortran || !seen_shape)
    return lt_error(ctx, "%s: invalid header: missing key '%s'", what,
                    !seen_descr ? "descr" : !seen_fortran ? "fortran_order" : "shape");
  return LT_OK;
}

static void byteswap(char *p, int64_t n, size_t size) {
  for (int64_t i = 0; i < n; i++, p += size)
    for (size_t a = 0, b = size - 1; a < b; a++, b--) {
      char c = p[a];
      p[a] = p[b];
      p[b] = c;
    }
}

/* bool data must be 0 or 1: other bytes would break the kernels' assumptions */
static lt_Status check_bools(lt_Context *ctx, const char *what, const char *name,
                             const unsigned char *p, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    if (p[i] > 1)
      return lt_error(ctx, "%s%s: bool element %" PRId64 " is %d, not 0 or 1", what, name, i, p[i]);
  return LT_OK;
}

lt_Status lt_npy_read(lt_Context *ctx, const lt_IOSource *src, const char *what, lt_Tensor **out) {
  unsigned char pre[12];
  if (src->len < 10) return lt_error(ctx, "%s: truncated: %" PRIu64 " bytes is too short for a .npy file", what, src->len);
  if (lt_io_read(ctx, src, 0, pre, 10, what, "the preamble") != LT_OK) return LT_ERR;
  if (memcmp(pre, "\x93NUMPY", 6) != 0) return lt_error(ctx, "%s: bad magic (not a .npy file)", what);
  int major = pre[6], minor = pre[7];
  uint64_t hlen, hstart;
  if (major == 1 && minor == 0) {
    hlen = pre[8] | (uint64_t)pre[9] << 8;
    hstart = 10;
  } else if ((major == 2 || major == 3) && minor == 0) {
    if (lt_io_read(ctx, src, 0, pre, 12, what, "the preamble") != LT_OK) return LT_ERR;
    hlen = pre[8] | (uint64_t)pre[9] << 8 | (uint64_t)pre[10] << 16 | (uint64_t)pre[11] << 24;
    hstart = 12;
  } else {
    return lt_error(ctx, "%s: unsupported format version %d.%d (1.0, 2.0 and 3.0 are)", what, major, minor);
  }
  if (hlen > src->len - hstart || hlen > LT_IO_MAX_HEADER)
    return lt_error(ctx, "%s: header length %" PRIu64 " exceeds the file size %" PRIu64, what, hlen, src->len);
  char *hdr = malloc(hlen + 1);
  if (hdr == NULL) return lt_nomem(ctx, hlen + 1);
  NpyHeader h = {0};
  lt_Status st = lt_io_read(ctx, src, hstart, hdr, hlen, what, "the header");
  if (st == LT_OK) st = parse_npy_header(ctx, what, hdr, hlen, &h);
  free(hdr);
  if (st != LT_OK) return st;

  int64_t numel;
  if (lt_check_shape(ctx, h.ndim, h.size, &numel) != LT_OK) {
    char msg[LT_ERRMSG_SIZE];
    memcpy(msg, ctx->err, sizeof msg);
    return lt_error(ctx, "%s: %s", what, msg);
  }
  size_t esize = lt_dtype_size(h.dt);
  if ((uint64_t)numel > INT64_MAX / esize)
    return lt_error(ctx, "%s: the shape has too many bytes of data", what);
  uint64_t nbytes = (uint64_t)numel * esize, have = src->len - hstart - hlen;
  if (nbytes != have)
    return lt_error(ctx, "%s: the shape needs %" PRIu64 " bytes of data but the file has %" PRIu64,
                    what, nbytes, have);

  /* Fortran order: the data is the C-order array of the reversed shape; read that, then make
     the transposed view contiguous */
  int64_t rsize[LT_MAX_DIMS];
  for (int i = 0; i < h.ndim; i++) rsize[i] = h.fortran ? h.size[h.ndim - 1 - i] : h.size[i];
  lt_Tensor *t;
  if ((st = lt_empty(ctx, h.dt, h.ndim, rsize, &t)) != LT_OK) return st;
  st = lt_io_read(ctx, src, hstart + hlen, lt_data(t), (size_t)nbytes, what, "the data");
  if (st == LT_OK && h.swap) byteswap(lt_data(t), numel, esize);
  if (st == LT_OK && h.dt == LT_BOOL) st = check_bools(ctx, what, "", (unsigned char *)lt_data(t), numel);
  if (st == LT_OK && h.fortran && h.ndim > 1) {
    int dims[LT_MAX_DIMS];
    for (int i = 0; i < h.ndim; i++) dims[i] = h.ndim - 1 - i;
    lt_Tensor *v, *c;
    st = lt_permute(ctx, t, dims, &v);
    if (st == LT_OK) {
      st = lt_contiguous(ctx, v, &c);
      lt_tensor_release(v);
      if (st == LT_OK) {
        lt_tensor_release(t);
        t = c;
      }
    }
  }
  if (st != LT_OK) {
    lt_tensor_release(t);
    return st;
  }
  *out = t;
  return LT_OK;
}

lt_Status lt_npy_load(lt_Context *ctx, const char *path, lt_Tensor **out) {
  lt_IOSource src = {-1, NULL, 0, 0};
  if (lt_io_open(ctx, path, &src.fd, &src.len) != LT_OK) return LT_ERR;
  lt_Status st = lt_npy_read(ctx, &src, "npy", out);
  close(src.fd);
  return st;
}

/* ---- writing .npy ---- */

static lt_Status write_all(lt_Context *ctx, FILE *f, const void *p, size_t n, const char *fmt) {
  if (n > 0 && fwrite(p, 1, n, f) != n) return lt_error(ctx, "%s: write failed: %s", fmt, strerror(errno));
  return LT_OK;
}

lt_Status lt_npy_save(lt_Context *ctx, const char *path, lt_Tensor *t) {
  static const char *const descrs[LT_NUM_DTYPES] = {"<f4", "<f8", "<i4", "<i8", "|u1", "|b1"};
  /* the dict, as numpy writes it; at most 16 dims of 20 digits */
  char dict[64 + LT_MAX_DIMS * 24];
  int len = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                     descrs[t->dtype]);
  for (int i = 0; i < t->ndim; i++)
    len += snprintf(dict + len, sizeof dict - (size_t)len, "%s%" PRId64, i > 0 ? ", " : "", t->size[i]);
  len += snprintf(dict + len, sizeof dict - (size_t)len, "%s), }", t->ndim == 1 ? "," : "");
  /* pad with spaces and a final '\n' so that the data starts on a 64-byte boundary, as numpy
     does; version 2.0 only when the header does not fit 1.0's 2-byte length (never, at 16 dims,
     but it costs nothing to be right) */
  size_t pre = (size_t)len + 1 + 10 > 65535 ? 12 : 10;
  size_t total = ((pre + (size_t)len + 1 + 63) / 64) * 64;
  size_t hlen = total - pre;
  unsigned char head[12 + sizeof dict + 64];
  memcpy(head, "\x93NUMPY", 6);
  head[6] = pre == 10 ? 1 : 2;
  head[7] = 0;
  for (size_t i = 0; i < pre - 8; i++) head[8 + i] = (unsigned char)(hlen >> (8 * i));
  memcpy(head + pre, dict, (size_t)len);
  memset(head + pre + len, ' ', hlen - (size_t)len - 1);
  head[total - 1] = '\n';

  lt_Tensor *c;
  lt_Status st = lt_contiguous(ctx, t, &c);
  if (st != LT_OK) return st;
  FILE *f;
  char *tmp;
  if ((st = lt_io_create(ctx, path, &f, &tmp)) != LT_OK) {
    lt_tensor_release(c);
    return st;
  }
  st = write_all(ctx, f, head, total, "npy");
  if (st == LT_OK)
    st = write_all(ctx, f, lt_data(c), (size_t)lt_numel(c) * lt_dtype_size(c->dtype), "npy");
  st = lt_io_finish(ctx, st, path, f, tmp);
  lt_tensor_release(c);
  return st;
}

/* ---- .npz: a ZIP archive of .npy members, stored (method 0) only ---- */

static uint32_t rd16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd32(const unsigned char *p) { return rd16(p) | rd16(p + 2) << 16; }

static const char *method_name(uint32_t m) {
  switch (m) {
    case 8: return "deflate";
    case 9: return "deflate64";
    case 12: return "bzip2";
    case 14: return "lzma";
    case 93: return "zstd";
    default: return "an unknown method";
  }
}

static lt_Status list_push(lt_Context *ctx, lt_IOList *l, char *name, lt_Tensor *t) {
  char **names = realloc(l->names, (l->n + 1) * sizeof *names);
  if (names != NULL) l->names = names;
  lt_Tensor **ts = names != NULL ? realloc(l->tensors, (l->n + 1) * sizeof *ts) : NULL;
  if (ts != NULL) l->tensors = ts;
  if (names == NULL || ts == NULL) {
    free(name);
    lt_tensor_release(t);
    return lt_nomem(ctx, (l->n + 1) * sizeof *ts);
  }
  l->names[l->n] = name;
  l->tensors[l->n++] = t;
  return LT_OK;
}

lt_Status lt_npz_read(lt_Context *ctx, const lt_IOSource *src, lt_IOList *out) {
  /* the end-of-central-directory record: 22 bytes plus a comment of up to 65535, at the end */
  uint64_t tail = src->len < 22 + 65535 ? src->len : 22 + 65535;
  if (src->len < 22) return lt_error(ctx, "npz: truncated: %" PRIu64 " bytes is too short for a ZIP archive", src->len);
  unsigned char *buf = malloc(tail);
  if (buf == NULL) return lt_nomem(ctx, tail);
  if (lt_io_read(ctx, src, src->len - tail, buf, tail, "npz", "the end record") != LT_OK) {
    free(buf);
    return LT_ERR;
  }
  int64_t at = -1;
  for (int64_t i = (int64_t)tail - 22; i >= 0; i--)
    if (rd32(buf + i) == 0x06054b50 && rd16(buf + i + 20) == tail - (uint64_t)i - 22) {
      at = i;
      break;
    }
  if (at < 0) {
    free(buf);
    return lt_error(ctx, "npz: bad magic (no ZIP end-of-central-directory record)");
  }
  const unsigned char *e = buf + at;
  uint32_t disk = rd16(e + 4), cddisk = rd16(e + 6), ndisk = rd16(e + 8), nent = rd16(e + 10);
  uint32_t cdsize = rd32(e + 12), cdoff = rd32(e + 16);
  uint64_t eocd = src->len - tail + (uint64_t)at;
  free(buf);
  if (nent == 0xFFFF || cdsize == 0xFFFFFFFF || cdoff == 0xFFFFFFFF)
    return lt_error(ctx, "npz: ZIP64 archives are not supported");
  if (disk != 0 || cddisk != 0 || ndisk != nent)
    return lt_error(ctx, "npz: multi-disk archives are not supported");
  if ((uint64_t)cdoff + cdsize > eocd)
    return lt_error(ctx, "npz: the central directory [%" PRIu32 ", %" PRIu64 ") reaches past its end record at %" PRIu64,
                    cdoff, (uint64_t)cdoff + cdsize, eocd);
  unsigned char *cd = malloc(cdsize > 0 ? cdsize : 1);
  if (cd == NULL) return lt_nomem(ctx, cdsize);
  lt_Status st = lt_io_read(ctx, src, cdoff, cd, cdsize, "npz", "the central directory");
  lt_IOList l = {0};
  size_t pos = 0;
  for (uint32_t k = 0; st == LT_OK && k < nent; k++) {
    if (cdsize - pos < 46 || rd32(cd + pos) != 0x02014b50) {
      st = lt_error(ctx, "npz: central directory entry %" PRIu32 " is damaged", k + 1);
      break;
    }
    const unsigned char *c = cd + pos;
    uint32_t flags = rd16(c + 8), method = rd16(c + 10), csize = rd32(c + 20), usize = rd32(c + 24);
    uint32_t nlen = rd16(c + 28), xlen = rd16(c + 30), clen = rd16(c + 32), loff = rd32(c + 42);
    if (46 + (size_t)nlen + xlen + clen > cdsize - pos) {
      st = lt_error(ctx, "npz: central directory entry %" PRIu32 " is damaged", k + 1);
      break;
    }
    char name[300]; /* for messages; the member names themselves may be up to 65535 bytes */
    snprintf(name, sizeof name, "%.*s%s", nlen > 256 ? 256 : (int)nlen, (const char *)c + 46, nlen > 256 ? "..." : "");
    pos += 46 + (size_t)nlen + xlen + clen;
    if (csize == 0xFFFFFFFF || usize == 0xFFFFFFFF || loff == 0xFFFFFFFF) {
      st = lt_error(ctx, "npz: member '%s': ZIP64 archives are not supported", name);
    } else if (flags & 1) {
      st = lt_error(ctx, "npz: member '%s' is encrypted", name);
    } else if (method != 0) {
      st = lt_error(ctx, "npz: member '%s' is compressed (%s); only stored archives are supported",
                    name, method_name(method));
    } else if (csize != usize) {
      st = lt_error(ctx, "npz: member '%s' is stored but its sizes differ (%" PRIu32 " and %" PRIu32 ")", name, csize, usize);
    } else if (nlen < 4 || memcmp(c + 46 + nlen - 4, ".npy", 4) != 0 || memchr(c + 46, 0, nlen) != NULL) {
      st = lt_error(ctx, "npz: member '%s' is not a .npy file", name);
    }
    if (st != LT_OK) break;
    unsigned char lh[30];
    if ((uint64_t)loff + 30 > cdoff) {
      st = lt_error(ctx, "npz: member '%s': its local header at %" PRIu32 " is outside the data area", name, loff);
      break;
    }
    if ((st = lt_io_read(ctx, src, loff, lh, 30, "npz", "a local header")) != LT_OK) break;
    if (rd32(lh) != 0x04034b50) {
      st = lt_error(ctx, "npz: member '%s': bad local header magic", name);
      break;
    }
    uint64_t start = (uint64_t)loff + 30 + rd16(lh + 26) + rd16(lh + 28);
    if (start > cdoff || csize > cdoff - start) {
      st = lt_error(ctx, "npz: member '%s': its data [%" PRIu64 ", %" PRIu64 ") is outside the data area",
                    name, start, start + csize);
      break;
    }
    char *key = malloc(nlen - 3);
    if (key == NULL) {
      st = lt_nomem(ctx, nlen);
      break;
    }
    memcpy(key, c + 46, nlen - 4);
    key[nlen - 4] = '\0';
    for (size_t i = 0; i < l.n; i++)
      if (strcmp(l.names[i], key) == 0) {
        st = lt_error(ctx, "npz: member '%s' appears twice", name);
        break;
      }
    char what[340];
    snprintf(what, sizeof what, "npz: member '%s'", name);
    lt_IOSource sub = *src;
    sub.base = src->base + start;
    sub.len = csize;
    lt_Tensor *t = NULL;
    if (st == LT_OK) st = lt_npy_read(ctx, &sub, what, &t);
    if (st != LT_OK) {
      free(key);
      break;
    }
    st = list_push(ctx, &l, key, t);
  }
  free(cd);
  if (st != LT_OK) {
    lt_iolist_free(&l);
    return st;
  }
  *out = l;
  return LT_OK;
}

lt_Status lt_npz_load(lt_Context *ctx, const char *path, lt_IOList *out) {
  lt_IOSource src = {-1, NULL, 0, 0};
  if (lt_io_open(ctx, path, &src.fd, &src.len) != LT_OK) return LT_ERR;
  lt_Status st = lt_npz_read(ctx, &src, out);
  close(src.fd);
  return st;
}
