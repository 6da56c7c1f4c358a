#include "parcours_vector_kernels.h"

#include <stdatomic.h>

// ---- Portable versions: branch-free, every candidate written, the cursor moves on kept rows.

static inline uint64_t bit_at(const uint64_t *words, size_t row) {
    return (words[row >> 6] >> (row & 63)) & 1;
}

size_t parcours_select_equal_u32_portable(const uint32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                          uint32_t target, uint32_t shift, uint32_t *out) {
    size_t n = 0;
    for (size_t row = begin; row < end; row++) {
        out[n] = (uint32_t)row - shift;
        uint64_t keep = values[row] == target;
        if (validity) keep &= bit_at(validity, row);
        n += (size_t)keep;
    }
    return n;
}

// One unsigned comparison: v - low wraps above high - low for every v below low.
size_t parcours_select_range_i32_portable(const int32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                          int32_t low, int32_t high, uint32_t shift, uint32_t *out) {
    if (low > high) return 0;
    uint32_t span = (uint32_t)high - (uint32_t)low;
    size_t n = 0;
    for (size_t row = begin; row < end; row++) {
        out[n] = (uint32_t)row - shift;
        uint64_t keep = (uint32_t)values[row] - (uint32_t)low <= span;
        if (validity) keep &= bit_at(validity, row);
        n += (size_t)keep;
    }
    return n;
}

size_t parcours_set_rows_portable(const uint64_t *words, size_t begin, size_t end, uint32_t shift, uint32_t *out) {
    size_t n = 0;
    for (size_t row = begin; row < end; row++) {
        out[n] = (uint32_t)row - shift;
        n += (size_t)bit_at(words, row);
    }
    return n;
}

size_t parcours_expand_u32_portable(const uint32_t *dense, const uint64_t *words, size_t count, uint32_t *out) {
    size_t k = 0;
    for (size_t row = 0; row < count; row++) {
        out[row] = dense[k];
        k += (size_t)bit_at(words, row);
    }
    return k;
}

// ---- AVX-512 versions (F for compress/expand on 32-bit lanes, BW/VL not needed).

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PARCOURS_VECTOR_X86 1
#include <cpuid.h>
#include <immintrin.h>

// The 16 bits of `words` from `row` on (any alignment): two words when they straddle.
static inline uint16_t sixteen_bits(const uint64_t *words, size_t row) {
    size_t word = row >> 6, offset = row & 63;
    uint64_t bits = words[word] >> offset;
    if (offset > 48) bits |= words[word + 1] << (64 - offset);
    return (uint16_t)bits;
}

__attribute__((target("avx512f,popcnt")))
static size_t select_equal_avx512(const uint32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                  uint32_t target, uint32_t shift, uint32_t *out) {
    const __m512i wanted = _mm512_set1_epi32((int)target);
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    size_t n = 0, row = begin;
    for (; row + 16 <= end; row += 16) {
        __mmask16 keep = _mm512_cmpeq_epi32_mask(_mm512_loadu_si512((const void *)(values + row)), wanted);
        if (validity) keep &= sixteen_bits(validity, row);
        __m512i rows = _mm512_add_epi32(_mm512_set1_epi32((int)((uint32_t)row - shift)), lanes);
        _mm512_storeu_si512((void *)(out + n), _mm512_maskz_compress_epi32(keep, rows));
        n += (size_t)_mm_popcnt_u32(keep);
    }
    return n + parcours_select_equal_u32_portable(values, validity, row, end, target, shift, out + n);
}

__attribute__((target("avx512f,popcnt")))
static size_t select_range_avx512(const int32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                  int32_t low, int32_t high, uint32_t shift, uint32_t *out) {
    if (low > high) return 0;
    const __m512i lowest = _mm512_set1_epi32(low);
    const __m512i span = _mm512_set1_epi32((int)((uint32_t)high - (uint32_t)low));
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    size_t n = 0, row = begin;
    for (; row + 16 <= end; row += 16) {
        __m512i offsets = _mm512_sub_epi32(_mm512_loadu_si512((const void *)(values + row)), lowest);
        __mmask16 keep = _mm512_cmple_epu32_mask(offsets, span);
        if (validity) keep &= sixteen_bits(validity, row);
        __m512i rows = _mm512_add_epi32(_mm512_set1_epi32((int)((uint32_t)row - shift)), lanes);
        _mm512_storeu_si512((void *)(out + n), _mm512_maskz_compress_epi32(keep, rows));
        n += (size_t)_mm_popcnt_u32(keep);
    }
    return n + parcours_select_range_i32_portable(values, validity, row, end, low, high, shift, out + n);
}

__attribute__((target("avx512f,popcnt")))
static size_t set_rows_avx512(const uint64_t *words, size_t begin, size_t end, uint32_t shift, uint32_t *out) {
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    size_t n = 0, row = begin;
    for (; row + 16 <= end; row += 16) {
        __mmask16 keep = sixteen_bits(words, row);
        __m512i rows = _mm512_add_epi32(_mm512_set1_epi32((int)((uint32_t)row - shift)), lanes);
        _mm512_storeu_si512((void *)(out + n), _mm512_maskz_compress_epi32(keep, rows));
        n += (size_t)_mm_popcnt_u32(keep);
    }
    return n + parcours_set_rows_portable(words, row, end, shift, out + n);
}

__attribute__((target("avx512f,popcnt")))
static size_t expand_avx512(const uint32_t *dense, const uint64_t *words, size_t count, uint32_t *out) {
    size_t k = 0, row = 0;
    for (; row + 16 <= count; row += 16) {
        __mmask16 valid = sixteen_bits(words, row);
        // Masked-off lanes are neither loaded nor faulted on.
        _mm512_storeu_si512((void *)(out + row), _mm512_maskz_expandloadu_epi32(valid, dense + k));
        k += (size_t)_mm_popcnt_u32(valid);
    }
    for (; row < count; row++) {
        out[row] = dense[k];
        k += (size_t)bit_at(words, row);
    }
    return k;
}

static int processor_has_avx512(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int osxsave = (c >> 27) & 1, popcnt = (c >> 23) & 1;
    if (!osxsave || !popcnt) return 0;
    // The operating system must save the opmask and ZMM registers (XCR0 bits 1, 2, 5, 6, 7).
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 16) & 1;  // AVX512F
}
#endif

// -1: not probed yet (cpuid traps to the hypervisor on a VM: probed once). Threads probing at
// once store the same answer.
static _Atomic int use_avx512 = -1;

int parcours_vector_kernels_use_avx512(void) {
#if PARCOURS_VECTOR_X86
    int known = atomic_load_explicit(&use_avx512, memory_order_relaxed);
    if (known < 0) {
        known = processor_has_avx512();
        atomic_store_explicit(&use_avx512, known, memory_order_relaxed);
    }
    return known;
#else
    return 0;
#endif
}

size_t parcours_select_equal_u32(const uint32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                 uint32_t target, uint32_t shift, uint32_t *out) {
#if PARCOURS_VECTOR_X86
    if (parcours_vector_kernels_use_avx512()) return select_equal_avx512(values, validity, begin, end, target, shift, out);
#endif
    return parcours_select_equal_u32_portable(values, validity, begin, end, target, shift, out);
}

size_t parcours_select_range_i32(const int32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                 int32_t low, int32_t high, uint32_t shift, uint32_t *out) {
#if PARCOURS_VECTOR_X86
    if (parcours_vector_kernels_use_avx512()) return select_range_avx512(values, validity, begin, end, low, high, shift, out);
#endif
    return parcours_select_range_i32_portable(values, validity, begin, end, low, high, shift, out);
}

size_t parcours_set_rows(const uint64_t *words, size_t begin, size_t end, uint32_t shift, uint32_t *out) {
#if PARCOURS_VECTOR_X86
    if (parcours_vector_kernels_use_avx512()) return set_rows_avx512(words, begin, end, shift, out);
#endif
    return parcours_set_rows_portable(words, begin, end, shift, out);
}

size_t parcours_expand_u32(const uint32_t *dense, const uint64_t *words, size_t count, uint32_t *out) {
#if PARCOURS_VECTOR_X86
    if (parcours_vector_kernels_use_avx512()) return expand_avx512(dense, words, count, out);
#endif
    return parcours_expand_u32_portable(dense, words, count, out);
}
