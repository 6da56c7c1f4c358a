// Selection and null-expansion kernels for the scan's hottest loops, with AVX-512 versions
// (compress and expand instructions: sixteen rows per instruction) chosen at run time, and
// portable versions that give the same results everywhere else.
//
// Rows are indexes into arrays; a validity bitmap has bit i of word i/64 set when row i holds a
// value. The vector versions store whole registers, but never past the slots the rows need.
#ifndef PARCOURS_VECTOR_KERNELS_H
#define PARCOURS_VECTOR_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes `row - shift` for every row in [begin, end) with values[row] == target and, when
/// `validity` is not null, its validity bit set; returns how many were written. `out` holds
/// end - begin slots.
size_t parcours_select_equal_u32(const uint32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                 uint32_t target, uint32_t shift, uint32_t *out);

/// Writes `row - shift` for every row in [begin, end) with low <= values[row] <= high and, when
/// `validity` is not null, its validity bit set; returns how many were written (none when
/// low > high). `out` holds end - begin slots.
size_t parcours_select_range_i32(const int32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                 int32_t low, int32_t high, uint32_t shift, uint32_t *out);

/// Writes `row - shift` for every row in [begin, end) whose bit is set in `words`; returns how
/// many were written. `out` holds end - begin slots.
size_t parcours_set_rows(const uint64_t *words, size_t begin, size_t end, uint32_t shift, uint32_t *out);

/// Spreads `dense` (the values of the valid rows, in order) over rows [0, count) by `words`:
/// out[row] is the next dense value for a valid row; a null row gets an unspecified value.
/// Returns how many dense values were used (the bitmap's population count). `out` holds count
/// slots; `dense` is read one slot past its last value.
size_t parcours_expand_u32(const uint32_t *dense, const uint64_t *words, size_t count, uint32_t *out);

/// The portable versions (what runs without AVX-512), for tests comparing the two.
size_t parcours_select_equal_u32_portable(const uint32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                          uint32_t target, uint32_t shift, uint32_t *out);
size_t parcours_select_range_i32_portable(const int32_t *values, const uint64_t *validity, size_t begin, size_t end,
                                          int32_t low, int32_t high, uint32_t shift, uint32_t *out);
size_t parcours_set_rows_portable(const uint64_t *words, size_t begin, size_t end, uint32_t shift, uint32_t *out);
size_t parcours_expand_u32_portable(const uint32_t *dense, const uint64_t *words, size_t count, uint32_t *out);

/// 1 when the AVX-512 versions run on this processor.
int parcours_vector_kernels_use_avx512(void);

#ifdef __cplusplus
}
#endif

#endif
