/*
** lt_blas.h: OpenBLAS, loaded at run time (blas.c).
**
** The module does not link OpenBLAS: Debian's OpenBLAS 0.3.21 does not recognize recent CPUs and
** falls back to slow SSE3 kernels unless OPENBLAS_CORETYPE names the right ones before the library
** loads (its load-time constructor reads it). So each context dlopen()s it on first use, after
** choosing the core type from the CPU's features when the user has not set one.
*/
#ifndef LT_BLAS_H
#define LT_BLAS_H

#include <cblas.h>

#include "lt_core.h"

/* Who chose the kernels OpenBLAS runs. */
typedef enum {
  LT_CORETYPE_ENVIRONMENT, /* the user's OPENBLAS_CORETYPE */
  LT_CORETYPE_LUATENSOR,   /* ours, from the CPU's features */
  LT_CORETYPE_OPENBLAS     /* OpenBLAS's own detection (or it was loaded before us) */
} lt_CoretypeFrom;

typedef struct lt_Blas {
  void *handle;
  char library[256]; /* the file or soname that was loaded */
  lt_CoretypeFrom coretype_from;
  __typeof__(cblas_sgemm) *sgemm;
  __typeof__(cblas_dgemm) *dgemm;
  __typeof__(cblas_sgemv) *sgemv;
  __typeof__(cblas_dgemv) *dgemv;
  /* OpenBLAS's extensions; NULL for another CBLAS named by LUATENSOR_BLAS */
  void (*set_num_threads)(int);
  int (*get_num_threads)(void);
  char *(*get_corename)(void);
  char *(*get_config)(void);
} lt_Blas;

/* The context's BLAS, loaded on first call. Fails (with a message) when no CBLAS can be loaded. */
lt_Status lt_blas(lt_Context *ctx, const lt_Blas **out);
/* BLAS threads for this context: applied now if loaded, else when it loads (process-wide in
   OpenBLAS: the last state to set it wins) */
void lt_blas_set_threads(lt_Context *ctx, int n);
void lt_blas_close(lt_Context *ctx);

#endif
