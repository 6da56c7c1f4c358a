// SHA-256 block compression for short messages (the candidate pseudonym's HMAC).
//
// swift-crypto hashes files fast, but every HMAC it computes allocates and copies digest
// contexts: on a raw certifier file that was a third of the ingest. HMAC over a message of under
// 56 bytes, from states that already absorbed the key's pads, is exactly two block compressions;
// these functions do that with no allocation, on the processor's SHA extensions when it has them.
#ifndef PARCOURS_SHA256_H
#define PARCOURS_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// The eight 32-bit words of a SHA-256 chaining state (H0..H7).
typedef struct {
    uint32_t words[8];
} parcours_sha256_state;

/// The initial state of SHA-256 (FIPS 180-4, 5.3.3).
parcours_sha256_state parcours_sha256_initial(void);

/// Absorbs `count` 64-byte blocks into `state`.
void parcours_sha256_compress(parcours_sha256_state *state, const uint8_t *blocks, size_t count);

/// The full SHA-256 of `length` bytes after `prefix_bytes` already absorbed into `state` (a
/// multiple of 64): pads and finishes, writes the 32-byte digest.
void parcours_sha256_finish(parcours_sha256_state state, uint64_t prefix_bytes, const uint8_t *message, size_t length,
                            uint8_t digest[32]);

/// The first 8 bytes (big-endian) of HMAC-SHA256(K, message), given the states after absorbing the
/// 64-byte blocks K xor ipad (`inner`) and K xor opad (`outer`) (RFC 2104).
uint64_t parcours_hmac_sha256_prefix64(const parcours_sha256_state *inner, const parcours_sha256_state *outer,
                                       const uint8_t *message, size_t length);

/// 1 when the processor's SHA extensions are used, 0 for the portable code.
int parcours_sha256_uses_extensions(void);

/// The two implementations `parcours_sha256_compress` chooses from, for tests that check them
/// against each other. The second does nothing when `parcours_sha256_uses_extensions()` is 0.
void parcours_sha256_compress_portable(parcours_sha256_state *state, const uint8_t *blocks, size_t count);
void parcours_sha256_compress_extensions(parcours_sha256_state *state, const uint8_t *blocks, size_t count);

#endif
