// SHA-256 (FIPS 180-4) block compression: portable C, and x86-64 SHA extensions chosen at run time.
#include "parcours_sha256.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PARCOURS_SHA_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

parcours_sha256_state parcours_sha256_initial(void) {
    parcours_sha256_state state = {{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}};
    return state;
}

// MARK: Portable

static inline uint32_t rotate_right(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_big_endian(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void compress_portable(parcours_sha256_state *state, const uint8_t *blocks, size_t count) {
    uint32_t *h = state->words;
    for (; count > 0; count--, blocks += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; i++) w[i] = load_big_endian(blocks + 4 * i);
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = rotate_right(w[i - 15], 7) ^ rotate_right(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = rotate_right(w[i - 2], 17) ^ rotate_right(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = k + (rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25)) + ((e & f) ^ (~e & g))
                          + round_constants[i] + w[i];
            uint32_t t2 = (rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            k = g; g = f; f = e; e = d + t1;
            d = c; c = b; b = a; a = t1 + t2;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
}

// MARK: x86-64 SHA extensions

#if PARCOURS_SHA_X86
// The SHA instructions keep the state as two registers, ABEF and CDGH, and run two rounds per
// sha256rnds2 on message words already added to the round constants; sha256msg1/msg2 extend the
// message schedule four words at a time: W[i..i+3] = msg2(msg1(W[i-16..], W[i-12..]) + W[i-7..i-4], W[i-4..]).
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_extensions(parcours_sha256_state *state, const uint8_t *blocks, size_t count) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state->words[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state->words[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; count > 0; count--, blocks += 64) {
        const __m128i saved_abef = abef, saved_cdgh = cdgh;
        __m128i w[4];
#pragma clang loop unroll(full)
        for (int group = 0; group < 16; group++) {
            __m128i words;
            if (group < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16 * group)), byte_swap);
            } else {
                __m128i extended = _mm_add_epi32(_mm_sha256msg1_epu32(w[group & 3], w[(group + 1) & 3]),
                                                 _mm_alignr_epi8(w[(group + 3) & 3], w[(group + 2) & 3], 4));
                words = _mm_sha256msg2_epu32(extended, w[(group + 3) & 3]);
            }
            w[group & 3] = words;
            __m128i message = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&round_constants[4 * group]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
        }
        abef = _mm_add_epi32(abef, saved_abef);
        cdgh = _mm_add_epi32(cdgh, saved_cdgh);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state->words[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state->words[4], _mm_alignr_epi8(dchg, feba, 8));
}

static int processor_has_extensions(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int sha = (b >> 29) & 1;
    return ssse3 && sse41 && sha;
}
#endif

// -1: not probed yet (cpuid traps to the hypervisor on a VM: probed once). Threads probing at
// once store the same answer.
static _Atomic int use_extensions = -1;

int parcours_sha256_uses_extensions(void) {
#if PARCOURS_SHA_X86
    int known = atomic_load_explicit(&use_extensions, memory_order_relaxed);
    if (known < 0) {
        known = processor_has_extensions();
        atomic_store_explicit(&use_extensions, known, memory_order_relaxed);
    }
    return known;
#else
    return 0;
#endif
}

void parcours_sha256_compress_portable(parcours_sha256_state *state, const uint8_t *blocks, size_t count) {
    compress_portable(state, blocks, count);
}

void parcours_sha256_compress_extensions(parcours_sha256_state *state, const uint8_t *blocks, size_t count) {
#if PARCOURS_SHA_X86
    if (parcours_sha256_uses_extensions()) compress_extensions(state, blocks, count);
#endif
}

void parcours_sha256_compress(parcours_sha256_state *state, const uint8_t *blocks, size_t count) {
#if PARCOURS_SHA_X86
    if (parcours_sha256_uses_extensions()) {
        compress_extensions(state, blocks, count);
        return;
    }
#endif
    compress_portable(state, blocks, count);
}

// MARK: Padding, HMAC

void parcours_sha256_finish(parcours_sha256_state state, uint64_t prefix_bytes, const uint8_t *message, size_t length,
                            uint8_t digest[32]) {
    size_t whole = length / 64;
    if (whole > 0) parcours_sha256_compress(&state, message, whole);
    size_t rest = length - whole * 64;
    // The tail, the 0x80 marker, zeros, and the bit length: one block when the tail leaves 9 bytes.
    uint8_t tail[128] = {0};
    memcpy(tail, message + whole * 64, rest);
    tail[rest] = 0x80;
    size_t tail_blocks = rest + 9 <= 64 ? 1 : 2;
    uint64_t bits = (prefix_bytes + (uint64_t)length) * 8;
    for (int i = 0; i < 8; i++) tail[tail_blocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
    parcours_sha256_compress(&state, tail, tail_blocks);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(state.words[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(state.words[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(state.words[i] >> 8);
        digest[4 * i + 3] = (uint8_t)state.words[i];
    }
}

uint64_t parcours_hmac_sha256_prefix64(const parcours_sha256_state *inner, const parcours_sha256_state *outer,
                                       const uint8_t *message, size_t length) {
    uint8_t inner_digest[32], code[32];
    parcours_sha256_finish(*inner, 64, message, length, inner_digest);
    parcours_sha256_finish(*outer, 64, inner_digest, 32, code);
    uint64_t prefix = 0;
    for (int i = 0; i < 8; i++) prefix = prefix << 8 | code[i];
    return prefix;
}
