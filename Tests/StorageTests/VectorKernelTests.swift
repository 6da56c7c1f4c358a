import CVectorKernels
import Foundation
import Testing

/// The selection and expansion kernels (`CVectorKernels`): the dispatched version (AVX-512 where
/// the processor has it) must give exactly the portable version's rows, at every alignment of
/// the row range, with and without a validity bitmap.
@Suite("Vector kernels")
struct VectorKernelTests {
    private static func bitmap(_ count: Int, density: Double, rng: inout SeededGenerator) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: (count + 63) / 64)
        for row in 0..<count where Double.random(in: 0..<1, using: &rng) < density { words[row / 64] |= 1 << UInt64(row % 64) }
        return words
    }

    @Test("equal codes: dispatched and portable kernels keep the same rows", arguments: [0.0, 0.05, 0.5, 1.0])
    func selectEqual(nulls: Double) {
        var rng = SeededGenerator(seed: 41)
        let count = 3_000
        let values = (0..<count).map { _ in UInt32.random(in: 0..<4, using: &rng) }
        let validity = Self.bitmap(count, density: 1 - nulls, rng: &rng)
        for (begin, end) in [(0, count), (1, 17), (5, 2_999), (63, 64), (64, 1_089), (100, 100), (48, 80), (2_980, 3_000)] {
            for shift in [0, begin] {
                for useValidity in [false, true] {
                    var fast = [UInt32](repeating: 0, count: end - begin), slow = fast
                    validity.withUnsafeBufferPointer { w in
                        let bitmap = useValidity ? w.baseAddress : nil
                        let n = parcours_select_equal_u32(values, bitmap, begin, end, 2, UInt32(shift), &fast)
                        let m = parcours_select_equal_u32_portable(values, bitmap, begin, end, 2, UInt32(shift), &slow)
                        let expected = (begin..<end).filter { values[$0] == 2 && (!useValidity || validity[$0 / 64] >> UInt64($0 % 64) & 1 == 1) }
                        #expect(n == expected.count && m == expected.count)
                        #expect(Array(fast[0..<n]) == expected.map { UInt32($0 - shift) }, "rows \(begin)..<\(end), shift \(shift)")
                        #expect(Array(slow[0..<m]) == expected.map { UInt32($0 - shift) })
                    }
                }
            }
        }
    }

    @Test("value ranges: dispatched and portable kernels keep the same rows", arguments: [0.0, 0.3])
    func selectRange(nulls: Double) {
        var rng = SeededGenerator(seed: 44)
        let count = 2_000
        // Extremes included: the unsigned comparison must not wrap at either end.
        let values = (0..<count).map { i -> Int32 in
            i % 97 == 0 ? [Int32.min, Int32.max, -1, 0][i % 4] : Int32.random(in: -500...500, using: &rng)
        }
        let validity = Self.bitmap(count, density: 1 - nulls, rng: &rng)
        let bounds: [(Int32, Int32)] = [(-100, 100), (0, 0), (Int32.min, -1), (1, Int32.max), (Int32.min, Int32.max), (5, 4), (-500, -500)]
        for (low, high) in bounds {
            for (begin, end) in [(0, count), (3, 50), (64, 1_000), (1_990, 2_000)] {
                for useValidity in [false, true] {
                    var fast = [UInt32](repeating: 0, count: end - begin), slow = fast
                    validity.withUnsafeBufferPointer { w in
                        let bitmap = useValidity ? w.baseAddress : nil
                        let n = parcours_select_range_i32(values, bitmap, begin, end, low, high, UInt32(begin), &fast)
                        let m = parcours_select_range_i32_portable(values, bitmap, begin, end, low, high, UInt32(begin), &slow)
                        let expected = (begin..<end).filter {
                            low <= values[$0] && values[$0] <= high && (!useValidity || validity[$0 / 64] >> UInt64($0 % 64) & 1 == 1)
                        }.map { UInt32($0 - begin) }
                        #expect(Array(fast[0..<n]) == expected, "\(low)...\(high) over \(begin)..<\(end)")
                        #expect(Array(slow[0..<m]) == expected)
                    }
                }
            }
        }
    }

    @Test("set rows: dispatched and portable kernels list the same rows", arguments: [0.0, 0.03, 0.5, 0.97, 1.0])
    func setRows(density: Double) {
        var rng = SeededGenerator(seed: 42)
        let count = 2_500
        let words = Self.bitmap(count, density: density, rng: &rng)
        for (begin, end) in [(0, count), (3, 19), (60, 70), (64, 128), (49, 1_500), (7, 7), (2_480, 2_500)] {
            for shift in [0, begin] {
                var fast = [UInt32](repeating: 0, count: end - begin), slow = fast
                let n = parcours_set_rows(words, begin, end, UInt32(shift), &fast)
                let m = parcours_set_rows_portable(words, begin, end, UInt32(shift), &slow)
                let expected = (begin..<end).filter { words[$0 / 64] >> UInt64($0 % 64) & 1 == 1 }.map { UInt32($0 - shift) }
                #expect(Array(fast[0..<n]) == expected, "rows \(begin)..<\(end), shift \(shift)")
                #expect(Array(slow[0..<m]) == expected)
            }
        }
    }

    @Test("expansion puts each valid row's value in place", arguments: [0.0, 0.1, 0.6, 1.0])
    func expand(density: Double) {
        var rng = SeededGenerator(seed: 43)
        for count in [0, 1, 15, 16, 17, 64, 100, 1_000, 4_099] {
            let words = Self.bitmap(count, density: density, rng: &rng)
            let valid = (0..<count).filter { words[$0 / 64] >> UInt64($0 % 64) & 1 == 1 }
            let dense = valid.map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) } + [0]
            var fast = [UInt32](repeating: 7, count: count), slow = fast
            let padded = words + [0]  // a bitmap of no row still needs an address
            let used = parcours_expand_u32(dense, padded, count, &fast)
            let usedPortable = parcours_expand_u32_portable(dense, padded, count, &slow)
            #expect(used == valid.count && usedPortable == valid.count)
            for (rank, row) in valid.enumerated() {
                #expect(fast[row] == dense[rank] && slow[row] == dense[rank], "row \(row) of \(count)")
            }
        }
    }

    @Test("AVX-512 is used exactly when the processor and the kernel offer it")
    func dispatch() throws {
        // Linux lists `avx512f` among a processor's flags only when the kernel saves the AVX-512
        // state (what the kernels' XCR0 check asks); elsewhere the portable kernels must run.
        #if arch(x86_64) && os(Linux)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map { $0.split(separator: " ").map(String.init) } ?? []
        #expect(parcours_vector_kernels_use_avx512() == (flags.contains("avx512f") ? 1 : 0), "flags: \(flags.filter { $0.hasPrefix("avx") })")
        #elseif !arch(x86_64)
        #expect(parcours_vector_kernels_use_avx512() == 0)
        #endif
    }
}
