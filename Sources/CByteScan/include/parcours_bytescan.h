// Finding a CSV's structural bytes 64 at a time.
//
// Swift has no portable way to turn a vector comparison into a bit mask (x86's pmovmskb); these
// `static inline` functions are compiled by Swift's Clang importer and inlined into the scanner's
// loop, so a 64-byte block costs a dozen vector instructions instead of eight rounds of word
// tricks. SSE2 is part of every x86-64 processor: no run-time dispatch is needed.
#ifndef PARCOURS_BYTESCAN_H
#define PARCOURS_BYTESCAN_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Bit i set iff p[i] is `a`, `b` or `c`, for the 64 bytes at `p` (readable, any alignment).
static inline uint64_t parcours_mask64_of3(const uint8_t *p, uint8_t a, uint8_t b, uint8_t c) {
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b), vc = _mm_set1_epi8((char)c);
    uint64_t mask = 0;
    for (int part = 0; part < 4; part++) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(p + 16 * part));
        __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, va), _mm_cmpeq_epi8(bytes, vb)),
                                    _mm_cmpeq_epi8(bytes, vc));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hits) << (16 * part);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int i = 0; i < 64; i++) mask |= (uint64_t)(p[i] == a || p[i] == b || p[i] == c) << i;
    return mask;
#endif
}

/// What `parcours_utf8_check` found in a byte range.
typedef struct {
    /// Offset of the first byte that does not start or continue a valid UTF-8 sequence (an
    /// overlong form, a surrogate, a code point above U+10FFFF, a lone continuation byte, a
    /// sequence cut by the end of the range); the range's length when it is all valid.
    uint64_t first_invalid;
    /// Whether a byte of 0x80 or above occurs before `first_invalid` (valid multi-byte text).
    int saw_non_ascii;
} parcours_utf8_result;

/// Checks `length` bytes at `p` for UTF-8 validity: sixteen ASCII bytes at a time (one vector
/// compare and mask), each multi-byte sequence checked in full (Unicode 15, table 3-7).
parcours_utf8_result parcours_utf8_check(const uint8_t *p, uint64_t length);

#endif
