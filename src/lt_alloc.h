/*
** lt_alloc.h: the buffer allocator behind owned storages (see alloc.c for why it caches).
*/
#ifndef LT_ALLOC_H
#define LT_ALLOC_H

#include "lt_core.h"

lt_Allocator *lt_allocator_new(void);
void lt_allocator_retain(lt_Allocator *a);
void lt_allocator_release(lt_Allocator *a);
/* 64-byte aligned; NULL when out of memory */
void *lt_buffer_alloc(lt_Allocator *a, size_t nbytes);
/* nbytes must be the size the buffer was allocated with */
void lt_buffer_free(lt_Allocator *a, void *ptr, size_t nbytes);
/* frees every idle cached buffer */
void lt_allocator_trim(lt_Allocator *a);
/* bytes in live buffers, and in idle cached ones */
void lt_allocator_stats(lt_Allocator *a, size_t *live, size_t *cached);

#endif
