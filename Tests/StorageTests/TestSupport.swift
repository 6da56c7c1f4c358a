import Bench
import Foundation
@testable import Storage
import Support

/// Every random test draws from the project's seeded generator, so it replays exactly from its seed.
typealias SeededGenerator = SplitMix64

/// The shapes of data the round-trip properties run over.
enum DataShape: CaseIterable {
    case uniform      // the whole range of the type
    case smallRange   // a few bits
    case sorted       // increasing, small steps
    case runs         // long runs of a few values
    case constant
    case extremes     // min/max of the type, mixed with zeros
}

enum TestData {
    static let strings = ["", "EDUC_NAT", "SANTE_SOCIAL", "Validation totale", "Île-de-France", "Rhône-Alpes",
                          "certifié", "日本語", "🙂 emoji", "RNCP34825", "a", "TRAVAIL"]

    static func integers<T: FixedWidthInteger>(_: T.Type, count: Int, shape: DataShape, rng: inout SeededGenerator) -> [T] {
        switch shape {
        case .uniform: return (0..<count).map { _ in T.random(in: T.min...T.max, using: &rng) }
        case .smallRange: return (0..<count).map { _ in T(truncatingIfNeeded: Int.random(in: -3...20, using: &rng)) }
        case .sorted:
            var value = T(truncatingIfNeeded: Int.random(in: 0...1000, using: &rng))
            return (0..<count).map { _ in
                value = value &+ T(truncatingIfNeeded: Int.random(in: 0...3, using: &rng))
                return value
            }
        case .runs:
            var result: [T] = []
            while result.count < count {
                let value = T(truncatingIfNeeded: Int.random(in: 0...5, using: &rng) * 1000)
                result.append(contentsOf: repeatElement(value, count: Int.random(in: 1...300, using: &rng)))
            }
            return Array(result.prefix(count))
        case .constant: return [T](repeating: T(truncatingIfNeeded: 42), count: count)
        case .extremes: return (0..<count).map { _ in [T.min, T.max, 0, T.min &+ 1, T.max &- 1].randomElement(using: &rng)! }
        }
    }

    static func doubles(count: Int, shape: DataShape, rng: inout SeededGenerator) -> [Double] {
        switch shape {
        case .uniform: return (0..<count).map { _ in Double(bitPattern: rng.next()) }.map { $0.isNaN ? 1.5 : $0 }
        case .extremes:
            return (0..<count).map { _ in
                [Double.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, 0, -0.0,
                 .leastNonzeroMagnitude].randomElement(using: &rng)!
            }
        default: return integers(Int32.self, count: count, shape: shape, rng: &rng).map { Double($0) / 4 }
        }
    }

    static func strings(count: Int, shape: DataShape, rng: inout SeededGenerator) -> StringColumn {
        var column = StringColumn()
        switch shape {
        case .uniform, .extremes:
            for _ in 0..<count {
                let length = Int.random(in: 0...40, using: &rng)
                let scalars = (0..<length).map { _ in
                    Character(Unicode.Scalar([0x41, 0xE9, 0x4E2D, 0x1F600, 0x30].randomElement(using: &rng)! + UInt32.random(in: 0...5, using: &rng))!)
                }
                column.append(String(scalars))
            }
        case .smallRange: for _ in 0..<count { column.append(TestData.strings.randomElement(using: &rng)!) }
        case .sorted:
            for i in 0..<count { column.append("RNCP\(10_000 + i / 3)") }
        case .runs:
            let runs = integers(Int16.self, count: count, shape: .runs, rng: &rng)
            for value in runs { column.append(TestData.strings[Int(value / 1000) % TestData.strings.count]) }
        case .constant: for _ in 0..<count { column.append("EDUC_NAT") }
        }
        return column
    }

    static func values(_ type: ColumnType, count: Int, shape: DataShape, rng: inout SeededGenerator) -> ColumnValues {
        switch type {
        case .bool: .bool(integers(Int8.self, count: count, shape: shape, rng: &rng).map { $0 & 1 == 1 })
        case .int8: .int8(integers(Int8.self, count: count, shape: shape, rng: &rng))
        case .int16: .int16(integers(Int16.self, count: count, shape: shape, rng: &rng))
        case .int32: .int32(integers(Int32.self, count: count, shape: shape, rng: &rng))
        case .int64: .int64(integers(Int64.self, count: count, shape: shape, rng: &rng))
        case .float64: .float64(doubles(count: count, shape: shape, rng: &rng))
        case .date: .date(integers(Int32.self, count: count, shape: shape, rng: &rng))
        case .string: .string(strings(count: count, shape: shape, rng: &rng))
        }
    }

    /// Nulls: none, some (about 1 in 5), many (about 3 in 5: valid-only storage), or all.
    enum Nulls: CaseIterable { case none, some, many, all }

    static func column(_ type: ColumnType, count: Int, shape: DataShape, nulls: Nulls, rng: inout SeededGenerator) -> Column {
        let values = values(type, count: count, shape: shape, rng: &rng)
        switch nulls {
        case .none: return Column(values)
        case .some: return Column(values, validity: ValidityBitmap((0..<count).map { _ in Int.random(in: 0..<5, using: &rng) != 0 }))
        case .many: return Column(values, validity: ValidityBitmap((0..<count).map { _ in Int.random(in: 0..<5, using: &rng) < 2 }))
        case .all: return Column(values, validity: ValidityBitmap([Bool](repeating: false, count: count)))
        }
    }

    /// Where two columns first differ in their nulls or valid values (values under nulls are
    /// unspecified), or nil when they agree. Returns a short text so failures stay readable.
    static func firstDifference(_ a: Column, _ b: Column) -> String? {
        guard a.count == b.count else { return "counts \(a.count) vs \(b.count)" }
        for i in 0..<a.count {
            guard a.isNull(i) == b.isNull(i) else { return "row \(i): null \(a.isNull(i)) vs \(b.isNull(i))" }
            if a.isNull(i) { continue }
            let x = a.values.value(at: i), y = b.values.value(at: i)
            if case .real(let p) = x, case .real(let q) = y, p.bitPattern == q.bitPattern { continue }
            if x != y { return "row \(i): \(x) vs \(y)" }
        }
        return nil
    }

    static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "parcours-tests-\(name)-\(UUID().uuidString)"
        return path
    }
}
