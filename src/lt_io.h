/*
** lt_io.h: reading and writing tensors in the formats users already have files in (no Lua here).
**
**  - safetensors (io_safetensors.c): a table of named tensors plus string metadata; read by
**    copying or over a read-only-file, copy-on-write memory mapping.
**  - NumPy .npy (io_npy.c): one tensor; .npz: a ZIP archive of .npy members, stored only.
**
** Files are never trusted: every length, offset and shape is checked against the file before it
** is used or anything is allocated from it. Error messages (in ctx) start with the format's name
** ("safetensors: ...", "npy: ...", "npz: ...") and say what is wrong with the file; the binding
** puts the function name and the path in front.
**
** Data is little endian in both formats; the code assumes a little-endian host (checked below).
*/
#ifndef LT_IO_H
#define LT_IO_H

#include <stdio.h>

#include "lt_core.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "luatensor's file formats assume a little-endian host"
#endif

/* headers above this size are refused before anything is allocated for them */
#define LT_IO_MAX_HEADER (100u * 1024 * 1024)

/* Named tensors and metadata, all owned by the list (malloc'd names, one reference per tensor).
   Slots may be set to NULL by a consumer that takes the tensor over. */
typedef struct lt_IOList {
  size_t n;
  char **names;
  lt_Tensor **tensors;
  size_t nmeta;
  char **keys;
  char **values;
} lt_IOList;

void lt_iolist_free(lt_IOList *l); /* frees everything still owned, leaves l empty */

/* Where bytes come from: a region [base, base + len) of an open file (fd >= 0) or of a buffer
   (fd < 0: mem). Fuzz targets parse buffers; npz members are regions of the archive. */
typedef struct lt_IOSource {
  int fd;
  const unsigned char *mem;
  uint64_t base;
  uint64_t len;
} lt_IOSource;

/* Reads n bytes at off (relative to the region); an error names what when the region or the
   file is too short. */
lt_Status lt_io_read(lt_Context *ctx, const lt_IOSource *src, uint64_t off, void *dst, size_t n,
                     const char *fmt, const char *what);
/* Opens a regular file for reading; *size is its length. */
lt_Status lt_io_open(lt_Context *ctx, const char *path, int *fd, uint64_t *size);

/* Writing goes to a temporary file next to path that replaces path only when complete
   (rename): a failed save leaves the old file, and tensors mapped from the old file (mmap)
   keep their pages instead of dying of SIGBUS when it is truncated. *tmp is malloc'd. */
lt_Status lt_io_create(lt_Context *ctx, const char *path, FILE **f, char **tmp);
/* closes f; renames tmp to path when st is LT_OK, else removes it; frees tmp */
lt_Status lt_io_finish(lt_Context *ctx, lt_Status st, const char *path, FILE *f, char *tmp);

/* ---- safetensors (io_safetensors.c) ---- */
lt_Status lt_safetensors_read(lt_Context *ctx, const lt_IOSource *src, lt_IOList *out);
/* mmap: tensors over a private mapping of the file (see io_safetensors.c) */
lt_Status lt_safetensors_load(lt_Context *ctx, const char *path, bool mmap, lt_IOList *out);
/* names must be distinct; metadata may be empty (nmeta 0) */
lt_Status lt_safetensors_save(lt_Context *ctx, const char *path, size_t n,
                              const char *const *names, lt_Tensor *const *tensors, size_t nmeta,
                              const char *const *keys, const char *const *values);

/* ---- NumPy (io_npy.c) ---- */
/* what: the message prefix ("npy" or "npz: member 'x.npy'") */
lt_Status lt_npy_read(lt_Context *ctx, const lt_IOSource *src, const char *what, lt_Tensor **out);
lt_Status lt_npy_load(lt_Context *ctx, const char *path, lt_Tensor **out);
lt_Status lt_npy_save(lt_Context *ctx, const char *path, lt_Tensor *t);
lt_Status lt_npz_read(lt_Context *ctx, const lt_IOSource *src, lt_IOList *out);
lt_Status lt_npz_load(lt_Context *ctx, const char *path, lt_IOList *out);

#endif
