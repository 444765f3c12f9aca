/* memory.h: how much memory this process may still use, so that a big allocation (a model's
 * arena) can be refused with a sentence instead of the kernel's OOM killer ending the program
 * without a word. The figure is the smallest of: MemAvailable in /proc/meminfo, the address
 * space left under RLIMIT_AS, and the room left under the cgroup's memory.max (v2) or
 * memory.limit_in_bytes (v1). Never prints, never exits. */
#ifndef ATTNLAB_CORE_MEMORY_H
#define ATTNLAB_CORE_MEMORY_H

#include <stddef.h>

/* Bytes available now, or 0 when nothing could be measured (then callers skip the check). */
size_t memory_available(void);

/* The address space this process has mapped now (VmSize), or 0 when unknown. */
size_t memory_mapped(void);

/* The default limit for one allocation of the session: a safe share (three quarters) of
 * memory_available(), or 0 (no limit) when it is unknown. */
size_t memory_default_limit(void);

/* Says that the n bytes at p will all be written soon (a model's parameters): the kernel may
 * back the whole 2 MB pages among them with huge pages, so that filling 500 MB costs a few
 * hundred page faults rather than 120,000. Only those whole pages are advised: memory that may
 * stay untouched (activations, a cache of keys and values) keeps its small pages. */
void memory_advise_dense(void *p, size_t n);

/* Writes n bytes as "1.5 GB", "12.0 MB", "640 KB" or "12 bytes" into out (cap bytes). */
void memory_format(size_t n, char *out, size_t cap);

/* Parses "512M", "2G", "1.5GB", "100000" (bytes), "0" (no limit) into *bytes; 0 on success,
 * -1 for anything else. Suffixes K, M, G, T (powers of 1024), optionally followed by B. */
int memory_parse(const char *s, size_t *bytes);

#endif
