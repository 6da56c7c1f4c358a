import Storage

/// The scalar functions (`ScalarFunction`) over vectors, with DuckDB's meanings: `date_diff`
/// counts unit boundaries crossed, `round` rounds half away from zero, `coalesce` evaluates an
/// argument only for the rows still NULL.
enum Functions {
    static func apply(_ function: ScalarFunction, _ arguments: [BoundExpression], type: SQLType, _ chunk: Chunk) throws(QueryError) -> Vector {
        switch function {
        case .coalesce:
            return try coalesce(arguments, type: type, chunk)
        default:
            var vectors: [Vector] = []
            for argument in arguments { vectors.append(try ExpressionEvaluator.evaluate(argument, chunk)) }
            return try apply(function, vectors, constants: arguments.map(\.constantValue), type: type)
        }
    }

    private static func apply(_ function: ScalarFunction, _ v: [Vector], constants: [Value?], type: SQLType) throws(QueryError) -> Vector {
        switch function {
        case .year, .month, .day:
            guard case .date(let days) = v[0].payload else { preconditionFailure() }
            return Vector(.integer(datePart(function, days)), validity: v[0].validity)
        case .dateTrunc:
            guard case .varchar(let unit)? = constants[0], let part = DatePart(unit), case .date(let days) = v[1].payload else { preconditionFailure() }
            return Vector(.date(days.map { DateArithmetic.truncate($0, to: part) }), validity: v[1].validity)
        case .dateDiff:
            guard case .varchar(let unit)? = constants[0], let part = DatePart(unit),
                  case .date(let a) = v[1].payload, case .date(let b) = v[2].payload else { preconditionFailure() }
            return Vector(.integer(zip(a, b).map { DateArithmetic.difference($0, $1, in: part) }),
                          validity: Validity.both(v[1].validity, v[2].validity))
        case .round:
            let places: Int64
            if constants.count > 1, case .integer(let p)? = constants[1] { places = p } else { places = 0 }
            switch v[0].payload {
            case .double(let x):
                return Vector(.double(x.map { Rounding.round($0, places: places) }), validity: v[0].validity)
            case .integer(let x):
                guard places < 0 else { return v[0] }
                var values = [Int64](repeating: 0, count: x.count)
                for index in x.indices where !v[0].isNull(index) {
                    guard let rounded = Rounding.round(x[index], places: places) else {
                        throw .execution("Overflow in round(\(x[index]), \(places)): the result does not fit in a BIGINT")
                    }
                    values[index] = rounded
                }
                return Vector(.integer(values), validity: v[0].validity)
            case .wide(let x, let from):
                return Vector(.wide(try ExactRounding.round(x, from: from, places: places, validity: v[0].validity), type), validity: v[0].validity)
            default: preconditionFailure()
            }
        case .abs, .floor, .ceil:
            switch v[0].payload {
            case .double(let x):
                let values = x.map { function == .abs ? Swift.abs($0) : function == .floor ? $0.rounded(.down) : $0.rounded(.up) }
                return Vector(.double(values), validity: v[0].validity)
            case .integer(let x):
                guard function == .abs else { return v[0] }
                if x.enumerated().contains(where: { $1 == .min && !v[0].isNull($0) }) { throw .execution("Overflow in abs()") }
                return Vector(.integer(x.map { $0 == .min ? 0 : Swift.abs($0) }), validity: v[0].validity)
            case .wide(let x, let from):
                if function == .abs {
                    if x.indices.contains(where: { x[$0] == .min && !v[0].isNull($0) }) { throw .execution("Overflow in abs()") }
                    return Vector(.wide(x.map { $0 == .min ? 0 : ($0 < 0 ? -$0 : $0) }, type), validity: v[0].validity)
                }
                let scale = from.asDecimal?.scale ?? 0
                return Vector(.wide(x.map { ExactRounding.toInteger($0, scale: scale, up: function == .ceil) }, type), validity: v[0].validity)
            default: preconditionFailure()
            }
        case .nullif:
            // [a, b], or [a, a as compared, b as compared] when `a` was cast to meet `b`.
            let equal = Comparison.compare(v[v.count - 2], .equal, v[v.count - 1])
            guard case .boolean(let same) = equal.payload else { preconditionFailure() }
            var validity = v[0].validity ?? [UInt8](repeating: 1, count: v[0].count)
            for index in validity.indices where same[index] != 0 && !equal.isNull(index) { validity[index] = 0 }
            var result = v[0]
            result.validity = Validity.normalised(validity)
            return result
        case .lower: return StringKernels.mapStrings(v[0]) { $0.lowercased() }
        case .upper: return StringKernels.mapStrings(v[0]) { $0.uppercased() }
        case .length:
            guard case .varchar(let codes, let dictionary) = v[0].payload else { preconditionFailure() }
            return Vector(.integer(codes.map { Int64(dictionary[Int($0)].count) }), validity: v[0].validity)
        case .concat, .concatOperator:
            var builder = StringVectorBuilder(capacity: v[0].count)
            for row in 0..<v[0].count {
                var text = ""
                for vector in v where !vector.isNull(row) {
                    if case .varchar(let codes, let dictionary) = vector.payload { text += dictionary[Int(codes[row])] }
                }
                builder.append(text)
            }
            let validity = function == .concatOperator ? Validity.all(v.map(\.validity)) : nil
            return Vector(builder.payload(), validity: validity)
        case .greatest, .least:
            var result = v[0]
            for other in v.dropFirst() {
                let order = Comparison.compare(other, function == .greatest ? .greater : .less, result)
                guard case .boolean(let better) = order.payload else { preconditionFailure() }
                var pieces: [(rows: [UInt32], vector: Vector)] = [([], result), ([], other)]
                var keep: [UInt32] = [], take: [UInt32] = []
                for row in 0..<result.count {
                    // NULLs are skipped: a NULL never wins, and a non-NULL replaces a NULL.
                    let otherWins = !other.isNull(row) && (result.isNull(row) || better[row] != 0)
                    if otherWins { take.append(UInt32(row)) } else { keep.append(UInt32(row)) }
                }
                pieces = [(keep, Gather.vector(result, positions: keep)), (take, Gather.vector(other, positions: take))]
                result = Scatter.assemble(pieces, count: result.count, type: type)
            }
            return result
        case .coalesce:
            preconditionFailure("coalesce is evaluated lazily")
        }
    }

    /// `year`, `month` or `day` of every date: one table load each for the calendar's common
    /// years. Kept out of `apply`, whose size would otherwise decide how well this loop compiles
    /// (measured: a quarter more instructions once `apply` grew).
    private static func datePart(_ function: ScalarFunction, _ days: [Int32]) -> [Int64] {
        let shift: UInt32 = function == .year ? 16 : (function == .month ? 8 : 0)
        let mask: UInt32 = function == .year ? 0xFFFF : 0xFF
        return CalendarTable.table.withUnsafeBufferPointer { table in
            [Int64](unsafeUninitializedCapacity: days.count) { out, initialized in
                days.withUnsafeBufferPointer { days in
                    for index in 0..<days.count {
                        let day = days[index]
                        if let packed = CalendarTable.fields(day, table) {
                            out[index] = Int64(packed >> shift & mask)
                        } else {
                            let date = CivilDate(daysSinceEpoch: day) // outside the table: any year, BC included
                            out[index] = Int64(function == .year ? date.year : (function == .month ? date.month : date.day))
                        }
                    }
                }
                initialized = days.count
            }
        }
    }

    private static func coalesce(_ arguments: [BoundExpression], type: SQLType, _ chunk: Chunk) throws(QueryError) -> Vector {
        var pieces: [(rows: [UInt32], vector: Vector)] = []
        var remaining = (0..<UInt32(chunk.count)).map { $0 }
        for argument in arguments where !remaining.isEmpty {
            let vector = try ExpressionEvaluator.evaluate(argument, chunk.subset(remaining))
            var done: [UInt32] = [], doneIndexes: [UInt32] = [], left: [UInt32] = []
            for (index, row) in remaining.enumerated() {
                if vector.isNull(index) { left.append(row) } else { done.append(row); doneIndexes.append(UInt32(index)) }
            }
            if !done.isEmpty { pieces.append((done, Gather.vector(vector, positions: doneIndexes))) }
            remaining = left
        }
        if !remaining.isEmpty { pieces.append((remaining, Vector.constant(.null, type: type, count: remaining.count))) }
        return Scatter.assemble(pieces, count: chunk.count, type: type)
    }

}

/// Year, month and day of every date from 1900 to 2199, packed `year << 16 | month << 8 | day`
/// and indexed by day number: `year(d)` becomes one load instead of the civil-date arithmetic
/// (pathway dates fall in a few thousand consecutive days, which stay in cache).
enum CalendarTable {
    static let firstDay = CivilDate(year: 1900, month: 1, day: 1).daysSinceEpoch
    static let lastDay = CivilDate(year: 2199, month: 12, day: 31).daysSinceEpoch
    static let table: [UInt32] = (firstDay...lastDay).map(pack)

    private static func pack(_ day: Int32) -> UInt32 {
        let date = CivilDate(daysSinceEpoch: day)
        return UInt32(date.year) << 16 | UInt32(date.month) << 8 | UInt32(date.day)
    }

    /// The packed fields of `day`, nil outside the table's years (the caller computes them: a
    /// year before 1 or after 65535 does not fit the packing). `table` is `CalendarTable.table`,
    /// fetched once by the caller (a static's every access checks its lazy initialisation).
    @inline(__always)
    static func fields(_ day: Int32, _ table: UnsafeBufferPointer<UInt32>) -> UInt32? {
        let offset = Int(day) &- Int(firstDay)
        return offset >= 0 && offset < table.count ? table[offset] : nil
    }
}

/// Calendar arithmetic on days since 1970-01-01.
enum DateArithmetic {
    static func truncate(_ day: Int32, to part: DatePart) -> Int32 {
        let date = CivilDate(daysSinceEpoch: day)
        switch part {
        case .year: return CivilDate(year: date.year, month: 1, day: 1).daysSinceEpoch
        case .quarter: return CivilDate(year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1).daysSinceEpoch
        case .month: return CivilDate(year: date.year, month: date.month, day: 1).daysSinceEpoch
        case .week:
            // ISO weeks start on Monday; 1970-01-01 was a Thursday.
            let weekday = (Int(day) + 3).modulo(7)
            return day - Int32(weekday)
        case .day: return day
        }
    }

    /// Unit boundaries crossed from `a` to `b` (negative when `b` is earlier); for weeks, whole
    /// weeks elapsed (DuckDB's `date_diff('week', ...)`).
    static func difference(_ a: Int32, _ b: Int32, in part: DatePart) -> Int64 {
        switch part {
        case .day: return Int64(b) - Int64(a)
        case .week: return (Int64(b) - Int64(a)) / 7 // whole weeks between, as DuckDB (not Monday boundaries)
        default:
            let x = CivilDate(daysSinceEpoch: a), y = CivilDate(daysSinceEpoch: b)
            switch part {
            case .year: return Int64(y.year - x.year)
            case .quarter: return Int64((y.year * 4 + (y.month - 1) / 3) - (x.year * 4 + (x.month - 1) / 3))
            default: return Int64((y.year * 12 + y.month) - (x.year * 12 + x.month))
            }
        }
    }
}

extension Int {
    /// The remainder with the sign of the divisor (always in 0..<divisor for a positive divisor).
    func modulo(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

/// `round(x, places)` as DuckDB computes it: half away from zero; negative places round to tens,
/// hundreds…; a result out of range is the value itself (many places) or 0 (a value smaller than
/// the unit it is rounded to), never a trap.
enum Rounding {
    static func round(_ value: Double, places: Int64) -> Double {
        if places == 0 { return value.rounded(.toNearestOrAwayFromZero) }
        if places > 0 {
            let scale = pow10(places)
            guard scale.isFinite else { return value } // more places than a double has
            let scaled = value * scale
            let rounded = awayFromZero(scaled, exactly: value, places: places) / scale
            return rounded.isFinite ? rounded : value
        }
        let unit = places < -400 ? Double.infinity : pow10(-places)
        let rounded = (value / unit).rounded(.toNearestOrAwayFromZero) * unit
        return rounded.isFinite ? rounded : (value.isFinite ? 0 : value)
    }

    /// `scaled` (= value × 10^places, rounded by the multiplication) rounded half away from zero as
    /// the exact decimal value of `value` says: 2.675 is 2.67499999999999982236431605997495353221893310546875,
    /// so round(2.675, 2) is 2.67 (DuckDB's answer), though 2.675 × 100 gives 267.5 exactly. Only
    /// near a tie is the exact expansion consulted (printf writes a double's exact digits).
    private static func awayFromZero(_ scaled: Double, exactly value: Double, places: Int64) -> Double {
        let naive = scaled.rounded(.toNearestOrAwayFromZero)
        let fraction = abs(scaled - scaled.rounded(.towardZero))
        guard scaled.isFinite, abs(fraction - 0.5) <= 8 * scaled.ulp.magnitude, places <= 340 else { return naive }
        // Digits of |value| after the point, places + 800 of them: past any double's last digit.
        let text = String(format: "%.\(places + 800)f", abs(value))
        guard let point = text.firstIndex(of: ".") else { return naive }
        let digits = text[text.index(after: point)...].utf8.map { Int($0) - 48 }
        // The first dropped digit decides: 5 or more is at least half (an exact tie goes away from zero too).
        guard digits.count > Int(places) else { return naive }
        let truncated = scaled.rounded(.towardZero)
        return digits[Int(places)] >= 5 ? truncated + (scaled < 0 ? -1 : 1) : truncated
    }

    /// An integer rounded to `places` < 0 (to 10^-places), nil when the result overflows 64 bits.
    static func round(_ value: Int64, places: Int64) -> Int64? {
        guard places < 0 else { return value }
        guard places >= -38 else { return 0 } // 10^39 exceeds Int128; every Int64 rounds to 0
        var scale: Int128 = 1
        for _ in 0..<(-places) { scale *= 10 }
        let wide = Int128(value)
        let (quotient, remainder) = wide.quotientAndRemainder(dividingBy: scale)
        let away: Int128 = 2 * (remainder < 0 ? -remainder : remainder) >= scale ? (wide < 0 ? -1 : 1) : 0
        return Int64(exactly: (quotient + away) * scale)
    }

    /// 10^exponent (infinity above 10^308, 0 below 10^-400; the loop never runs more than 401 times).
    static func pow10(_ exponent: Int64) -> Double {
        if exponent > 400 { return .infinity }
        if exponent < -400 { return 0 }
        var result = 1.0
        for _ in 0..<Int(exponent.magnitude) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}
