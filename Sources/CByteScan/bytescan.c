// The scanner's mask functions are in the header (static inline, inlined into Swift); the UTF-8
// check is an ordinary function.
#include "parcours_bytescan.h"

/// The length of the valid sequence starting at p[0] (>= 0x80) within `left` bytes, or 0.
static inline uint64_t sequence_length(const uint8_t *p, uint64_t left) {
    uint8_t lead = p[0];
    if (lead >= 0xC2 && lead <= 0xDF) {
        return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (left < 3 || (p[2] & 0xC0) != 0x80) return 0;
        uint8_t low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;  // no overlong, no surrogate
        return p[1] >= low && p[1] <= high ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (left < 4 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        uint8_t low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;  // no overlong, <= U+10FFFF
        return p[1] >= low && p[1] <= high ? 4 : 0;
    }
    return 0;
}

parcours_utf8_result parcours_utf8_check(const uint8_t *p, uint64_t length) {
    parcours_utf8_result result = {length, 0};
    uint64_t i = 0;
    while (i < length) {
#if defined(__SSE2__)
        // Sixteen bytes at a time; at a block holding a byte >= 0x80, straight to that byte.
        while (i + 16 <= length) {
            unsigned mask = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + i)));
            if (mask != 0) {
                i += (uint64_t)__builtin_ctz(mask);
                break;
            }
            i += 16;
        }
#endif
        while (i < length && p[i] < 0x80) i++;
        if (i == length) break;
        uint64_t n = sequence_length(p + i, length - i);
        if (n == 0) {
            result.first_invalid = i;
            return result;
        }
        result.saw_non_ascii = 1;
        i += n;
    }
    return result;
}
