/* memory.c: measuring the memory left to this process (see memory.h). */
#include "core/memory.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

/* MemAvailable from /proc/meminfo, in bytes; 0 when unknown. */
static size_t meminfo_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return 0;
    char line[256];
    unsigned long long kb = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
            break;
    fclose(f);
    return (size_t)(kb * 1024ULL);
}

/* The first number in a file, or 0 for "max", a missing file or anything unreadable. */
static unsigned long long read_number(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    unsigned long long v = 0;
    if (fscanf(f, "%llu", &v) != 1)
        v = 0;
    fclose(f);
    return v;
}

/* The cgroup (v2, else v1) this process belongs to: room left under its limit; 0 when there
 * is no limit or it cannot be read. */
static size_t cgroup_available(void)
{
    char path[1024], line[512];
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return 0;
    size_t room = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        const char *rel = NULL;
        int v2 = strncmp(line, "0::", 3) == 0;
        if (v2)
            rel = line + 3;
        else if (strstr(line, ":memory:"))
            rel = strstr(line, ":memory:") + 8;
        if (!rel)
            continue;
        unsigned long long limit, usage;
        /* Inside a container the cgroup's own folder is usually mounted as the root. */
        for (int pass = 0; pass < 2; pass++) {
            const char *sub = pass == 0 ? rel : "";
            if (v2) {
                snprintf(path, sizeof path, "/sys/fs/cgroup%s/memory.max", sub);
                limit = read_number(path);
                snprintf(path, sizeof path, "/sys/fs/cgroup%s/memory.current", sub);
            } else {
                snprintf(path, sizeof path, "/sys/fs/cgroup/memory%s/memory.limit_in_bytes", sub);
                limit = read_number(path);
                snprintf(path, sizeof path, "/sys/fs/cgroup/memory%s/memory.usage_in_bytes", sub);
            }
            if (limit == 0 || limit >= (1ULL << 60)) /* "max", or v1's "no limit" */
                continue;
            usage = read_number(path);
            size_t r = usage < limit ? (size_t)(limit - usage) : 0;
            if (room == 0 || r < room)
                room = r ? r : 1;
            break;
        }
    }
    fclose(f);
    return room;
}

size_t memory_mapped(void)
{
    unsigned long long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%llu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    long page = sysconf(_SC_PAGESIZE);
    return (size_t)(pages * (unsigned long long)(page > 0 ? page : 4096));
}

/* Address space left under RLIMIT_AS (the limit minus what is mapped now); 0 when none. */
static size_t rlimit_available(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 0;
    size_t used = memory_mapped();
    return used < rl.rlim_cur ? (size_t)(rl.rlim_cur - used) : 1;
}

size_t memory_available(void)
{
    size_t best = 0;
    size_t v[3] = {meminfo_available(), cgroup_available(), rlimit_available()};
    for (int i = 0; i < 3; i++)
        if (v[i] && (best == 0 || v[i] < best))
            best = v[i];
    return best;
}

size_t memory_default_limit(void)
{
    size_t a = memory_available();
    return a ? a / 4 * 3 : 0;
}

void memory_format(size_t n, char *out, size_t cap)
{
    if (n >= (size_t)1 << 30)
        snprintf(out, cap, "%.1f GB", (double)n / (1 << 30));
    else if (n >= (size_t)1 << 20)
        snprintf(out, cap, "%.1f MB", (double)n / (1 << 20));
    else if (n >= 1024)
        snprintf(out, cap, "%.0f KB", (double)n / 1024);
    else
        snprintf(out, cap, "%zu bytes", n);
}

int memory_parse(const char *s, size_t *bytes)
{
    char *end;
    if (!s || !isdigit((unsigned char)*s))
        return -1;
    double v = strtod(s, &end);
    double unit = 1;
    switch (toupper((unsigned char)*end)) {
    case 'K':
        unit = 1024.0;
        end++;
        break;
    case 'M':
        unit = 1048576.0;
        end++;
        break;
    case 'G':
        unit = 1073741824.0;
        end++;
        break;
    case 'T':
        unit = 1099511627776.0;
        end++;
        break;
    default: break;
    }
    if (unit > 1 && toupper((unsigned char)*end) == 'B')
        end++;
    if (*end || !(v >= 0) || v * unit >= 18446744073709551615.0)
        return -1;
    *bytes = (size_t)(v * unit);
    return 0;
}

void memory_advise_dense(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + huge - 1) / huge * huge, e = ((uintptr_t)p + n) / huge * huge;
    if (p && a < e)
        madvise((void *)a, e - a, MADV_HUGEPAGE); /* advice only: a refusal changes nothing */
#else
    (void)p;
    (void)n;
#endif
}
