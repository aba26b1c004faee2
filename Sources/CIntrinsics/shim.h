#ifndef TRACELINK_CINTRINSICS_SHIM_H
#define TRACELINK_CINTRINSICS_SHIM_H

// CPU instructions and kernel calls Swift does not reach on its own, for the hot paths that measured a gain from them.

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Asks the CPU to bring the cache line at `address` in for reading, without waiting for it: Swift has no
/// prefetch of its own. The store issues one per trace of a batch before it looks any of them up.
static inline void tracelink_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Of the 64 bytes at `bytes`: bit i of `*quotes` is set when byte i is `"`, of `*backslashes` when it is `\`.
/// Sixteen bytes a compare with SSE2 (which every x86-64 has; Swift's SIMD types lower a compare's mask lane
/// by lane); elsewhere a portable loop, correct but not measured (no NEON path yet). All 64 bytes must be
/// readable.
static inline void tracelink_quote_masks(const uint8_t *bytes, uint64_t *quotes, uint64_t *backslashes) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    uint64_t q = 0, b = 0;
    for (int part = 0; part < 4; part++) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + 16 * part));
        q |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, quote)) << (16 * part);
        b |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, backslash)) << (16 * part);
    }
    *quotes = q;
    *backslashes = b;
#else
    uint64_t q = 0, b = 0;
    for (int i = 0; i < 64; i++) {
        q |= (uint64_t)(bytes[i] == '"') << i;
        b |= (uint64_t)(bytes[i] == '\\') << i;
    }
    *quotes = q;
    *backslashes = b;
#endif
}

/// Whether the `count` bytes at `bytes` are all ASCII (below 0x80): 64 bytes a step with SSE2, then eight.
static inline int tracelink_is_ascii(const uint8_t *bytes, size_t count) {
    size_t index = 0;
#if defined(__SSE2__)
    for (; index + 64 <= count; index += 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)(bytes + index));
        __m128i b = _mm_loadu_si128((const __m128i *)(bytes + index + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(bytes + index + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(bytes + index + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0) return 0;
    }
#endif
    uint64_t high = 0;
    for (; index + 8 <= count; index += 8) {
        uint64_t word;
        memcpy(&word, bytes + index, 8);
        high |= word;
    }
    for (; index < count; index++) high |= bytes[index];
    return (high & 0x8080808080808080ULL) == 0;
}

/// Faults in the whole pages of `[start, start + count)` for writing in one call (`MADV_POPULATE_WRITE`, Linux 5.14;
/// a no-op where the kernel lacks it), so that the writes reaching them take no fault each. On this machine's VM,
/// 256 MiB in 256 KiB blocks took 66-74 ms of CPU populated against 98-110 ms faulted a page at a time.
static inline void tracelink_populate_for_writing(void *start, size_t count) {
#if defined(__linux__)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
    const uintptr_t page = 4096;
    uintptr_t first = ((uintptr_t)start + page - 1) & ~(page - 1);
    uintptr_t last = ((uintptr_t)start + count) & ~(page - 1);
    if (last > first) (void)madvise((void *)first, last - first, MADV_POPULATE_WRITE);
#endif
}

#endif
