import Storage

/// `count(*) FILTER (WHERE p(x))` calls whose filters test one dictionary-coded string column `x`
/// (`outcome = 'TOTAL'`, `outcome IN (...)`, `outcome LIKE ...`, `outcome IS NULL`), answered in
/// one pass per chunk instead of one selection and one counting pass per call.
///
/// A row's *class* is the set of the family's filters its value passes (bit `i`: filter `i`). The
/// class depends on the value only, so it is decided once per dictionary entry (and once for NULL);
/// per row it is a table lookup, and each group keeps a histogram of classes. A call's count is
/// the sum of the classes that contain its filter's bit. Three FILTERs on the outcome cost one
/// lookup and one increment per row.
///
/// Only filters that cannot fail qualify (comparisons with constants, IN, LIKE, IS NULL, AND, OR,
/// NOT): they are evaluated on every dictionary entry, including values no selected row holds.
struct FilterClassPlan: Sendable {
    struct Family: Sendable {
        let column: Int
        /// The distinct filters; filter `i` is bit `i` of a class.
        let filters: [BoundExpression]
        /// The aggregate calls answered (positions in the call list) and their filter's bit;
        /// bit `FilterClassPlan.everyClass` for a plain count(*) (all rows, every class).
        let calls: [(call: Int, bit: Int)]
        var classCount: Int { 1 << filters.count }
    }

    /// Classes are bytes: a family holds up to this many filters (more go to a second family).
    static let maximumFilters = 6
    /// The "bit" of a count(*) without FILTER answered from a histogram: the sum of all classes.
    static let everyClass = -1

    let families: [Family]
    /// Per call: its family, or nil when it is evaluated as usual.
    let familyOfCall: [Int?]

    init(_ calls: [AggregateCall]) {
        var byColumn: [Int: [(call: Int, filter: BoundExpression)]] = [:]
        for (index, call) in calls.enumerated() {
            guard call.function == .countStar, !call.distinct, let filter = call.filter,
                  let column = FilterClassPlan.testedColumn(filter) else { continue }
            byColumn[column, default: []].append((index, filter))
        }
        var families: [Family] = []
        var familyOfCall = [Int?](repeating: nil, count: calls.count)
        for column in byColumn.keys.sorted() {
            // The column's distinct filters in order, `maximumFilters` per family.
            var distinct: [BoundExpression] = []
            for (_, filter) in byColumn[column]! where !distinct.contains(filter) { distinct.append(filter) }
            for start in stride(from: 0, to: distinct.count, by: FilterClassPlan.maximumFilters) {
                let filters = Array(distinct[start..<min(start + FilterClassPlan.maximumFilters, distinct.count)])
                var members: [(call: Int, bit: Int)] = []
                for (call, filter) in byColumn[column]! {
                    guard let bit = filters.firstIndex(of: filter) else { continue }
                    members.append((call, bit))
                    familyOfCall[call] = families.count
                }
                families.append(Family(column: column, filters: filters, calls: members))
            }
        }
        // A plain count(*) beside them is the sum of the first family's classes: no pass of its own.
        if let first = families.first {
            var members = first.calls
            for (index, call) in calls.enumerated() where call.function == .countStar && !call.distinct && call.filter == nil {
                members.append((index, FilterClassPlan.everyClass))
                familyOfCall[index] = 0
            }
            families[0] = Family(column: first.column, filters: first.filters, calls: members)
        }
        self.families = families
        self.familyOfCall = familyOfCall
    }

    /// The string column `filter` tests, when it tests exactly one with operations that cannot fail.
    static func testedColumn(_ filter: BoundExpression) -> Int? {
        let columns = filter.referencedColumns
        guard columns.count == 1, let column = columns.first, cannotFail(filter) else { return nil }
        var isString = false
        func find(_ node: BoundExpression) {
            if case .column(column, let type) = node { isString = type == .varchar }
            node.children.forEach(find)
        }
        find(filter)
        return isString ? column : nil
    }

    private static func cannotFail(_ node: BoundExpression) -> Bool {
        switch node {
        case .column, .constant: true
        case .comparison(_, let a, let b): cannotFail(a) && cannotFail(b)
        case .and(let terms), .or(let terms): terms.allSatisfy(cannotFail)
        case .not(let e), .isNull(let e, _), .inList(let e, _, _), .like(let e, _, _): cannotFail(e)
        default: false
        }
    }
}

/// One worker's class tables: per family, the class of each entry of the dictionary last seen
/// (the chunks of a segment share their dictionary, so one entry per family is enough).
final class FilterClassifier {
    let plan: FilterClassPlan
    private var tables: [(dictionary: Int, classes: [UInt8], nullClass: UInt8)?]

    init(_ plan: FilterClassPlan) {
        self.plan = plan
        tables = Array(repeating: nil, count: plan.families.count)
    }

    /// Each selected row's class for family `index` (dense, in selection order); nil when the
    /// column is not dictionary-coded in this chunk (its calls are then evaluated as usual).
    func classes(_ index: Int, _ chunk: Chunk, columnCount: Int) throws(QueryError) -> [UInt8]? {
        let family = plan.families[index]
        guard ExecutionSettings.current.fastPaths, case .stored(let column, let dictionary?) = chunk.columns[family.column],
              case .dictionaryString(let strings) = column.values else { return nil }
        if tables[index]?.dictionary != dictionary.id {
            let (classes, nullClass) = try FilterClassifier.classTable(family, dictionary, columnCount: columnCount)
            tables[index] = (dictionary.id, classes, nullClass)
        }
        let table = tables[index]!
        var result = [UInt8](repeating: 0, count: chunk.count)
        let words = column.validity?.words ?? []
        let hasValidity = column.validity != nil
        result.withUnsafeMutableBufferPointer { out in
            strings.codes.withUnsafeBufferPointer { codes in
                table.classes.withUnsafeBufferPointer { classes in
                    words.withUnsafeBufferPointer { w in
                        // Null rows hold some entry's code: take its class, then swap in the
                        // null class where the validity bit is clear (no branch).
                        @inline(__always) func classOf(_ p: Int) -> UInt8 {
                            let value = classes[Int(codes[p])]
                            guard hasValidity else { return value }
                            let valid = UInt8(truncatingIfNeeded: (w[p &>> 6] &>> UInt64(p & 63)) & 1) &* 0xFF
                            return (value & valid) | (table.nullClass & ~valid)
                        }
                        switch chunk.selection {
                        case .range(let range):
                            for (i, p) in range.enumerated() { out[i] = classOf(p) }
                        case .list(let positions):
                            positions.withUnsafeBufferPointer { list in
                                for i in 0..<list.count { out[i] = classOf(Int(list[i])) }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The class of every dictionary entry and of NULL: each filter evaluated once over a chunk
    /// holding the entries, then one NULL.
    private static func classTable(_ family: FilterClassPlan.Family, _ dictionary: StringDictionary,
                                   columnCount: Int) throws(QueryError) -> (classes: [UInt8], nullClass: UInt8) {
        let entries = dictionary.strings.count
        let values = DictionaryStrings(codes: (0..<UInt32(entries)).map { $0 } + [0], dictionary: dictionary.strings,
                                       isSortedAndDistinct: dictionary.isSortedAndDistinct)
        var valid = [Bool](repeating: true, count: entries + 1)
        valid[entries] = false
        var columns = [ChunkColumn](repeating: .absent, count: columnCount)
        columns[family.column] = .stored(Column(.dictionaryString(values), validity: ValidityBitmap(valid)), dictionary)
        let chunk = Chunk(columns: columns, selection: .range(0..<entries + 1))
        var classes = [UInt8](repeating: 0, count: entries + 1)
        for (bit, filter) in family.filters.enumerated() {
            for row in try ExpressionEvaluator.selectDense(filter, chunk) { classes[Int(row)] |= UInt8(1) << UInt8(bit) }
        }
        let nullClass = classes.removeLast()
        return (classes, nullClass)
    }
}

/// Per group, how many rows of each class one aggregation has seen for one family; folded into
/// the calls' counts before a merge or the result.
struct ClassHistogram {
    let shift: Int
    private(set) var counts: [Int64] = []

    init(classCount: Int) {
        shift = classCount.trailingZeroBitCount
    }

    mutating func add(groups: [UInt32], classes: [UInt8], groupCount: Int) {
        let needed = groupCount << shift
        if counts.count < needed { counts.append(contentsOf: repeatElement(0, count: needed - counts.count)) }
        let shift = self.shift
        counts.withUnsafeMutableBufferPointer { h in
            groups.withUnsafeBufferPointer { g in
                classes.withUnsafeBufferPointer { c in
                    for i in 0..<g.count { h[Int(g[i]) &<< shift | Int(c[i])] &+= 1 }
                }
            }
        }
    }

    /// Adds each group's rows whose class has `bit` to `into[group]`, for every (call, bit).
    mutating func fold(_ calls: [(call: Int, bit: Int)], into accumulators: [Accumulator]) {
        guard !counts.isEmpty else { return }
        let classCount = 1 << shift, groupCount = counts.count >> shift
        for (call, bit) in calls {
            let accumulator = accumulators[call]
            accumulator.resize(groupCount)
            counts.withUnsafeBufferPointer { h in
                accumulator.counts.withUnsafeMutableBufferPointer { c in
                    for group in 0..<groupCount {
                        var total: Int64 = 0
                        for cls in 0..<classCount where bit == FilterClassPlan.everyClass || cls >> bit & 1 == 1 {
                            total &+= h[group << shift | cls]
                        }
                        c[group] &+= total
                    }
                }
            }
        }
        counts.removeAll(keepingCapacity: true)
    }
}
