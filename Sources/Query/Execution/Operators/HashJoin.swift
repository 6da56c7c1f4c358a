/// Inner and left equi-joins: the right input is built into a hash table on its keys (a
/// `GroupTable`, rows listed per key group), the left input probes it vector by vector. Output
/// rows come in left order, matches of one left row in right order. NULL keys never match.
enum HashJoin {
    static func join(_ kind: JoinKind, left: Relation, right: Relation, leftKeys: [BoundExpression], rightKeys: [BoundExpression],
                     types: [SQLType]) throws(QueryError) -> Relation {
        // Build: group the right rows by key (ids, rows by group, the table's keys: about 24 bytes a row).
        try QueryContext.reserve(right.count * 24 + GroupTable.directTableBytes(keyCount: rightKeys.count), for: "hash join (build side)")
        let outputRowBytes = 8 + MemoryEstimate.rowBytes(types)
        var table = GroupTable(keyTypes: rightKeys.map(\.type))
        var buildGroups: [UInt32] = []
        buildGroups.reserveCapacity(right.count)
        for chunk in right.chunks() {
            var keys: [Vector] = []
            for key in rightKeys { keys.append(try ExpressionEvaluator.evaluate(key, chunk)) }
            var ids = table.groupIDs(keys, rowCount: chunk.count)
            for (index, key) in keys.enumerated() where key.validity != nil {
                for row in 0..<chunk.count where key.isNull(row) { ids[row] = .max }
                _ = index
            }
            buildGroups.append(contentsOf: ids)
        }
        let groupCount = table.count
        var starts = [Int](repeating: 0, count: groupCount + 1)
        for group in buildGroups where group != .max { starts[Int(group) + 1] += 1 }
        for g in 0..<groupCount { starts[g + 1] += starts[g] }
        var cursor = starts
        var rowsByGroup = [UInt32](repeating: 0, count: starts[groupCount])
        for (row, group) in buildGroups.enumerated() where group != .max {
            rowsByGroup[cursor[Int(group)]] = UInt32(row)
            cursor[Int(group)] += 1
        }

        // Probe.
        var leftRows: [UInt32] = [], rightRows: [UInt32] = []
        var unmatched: [Int] = [] // output positions of left rows without a match (left join)
        var offset = 0
        for chunk in left.chunks() {
            var keys: [Vector] = []
            for key in leftKeys { keys.append(try ExpressionEvaluator.evaluate(key, chunk)) }
            let groups = table.existingGroupIDs(keys, rowCount: chunk.count)
            // Reserve this chunk's matches before appending them: a join whose output explodes
            // stops at the budget instead of exhausting memory.
            var matches = 0
            for group in groups {
                if group != .max, Int(group) < groupCount {
                    matches += starts[Int(group) + 1] - starts[Int(group)]
                } else if kind == .left {
                    matches += 1
                }
            }
            try QueryContext.checkCancelled()
            let (bytes, overflow) = matches.multipliedReportingOverflow(by: outputRowBytes)
            try QueryContext.reserve(overflow ? Int.max : bytes, for: "hash join")
            for (index, group) in groups.enumerated() {
                let leftRow = UInt32(offset + index)
                if group != .max, Int(group) < groupCount, starts[Int(group)] < starts[Int(group) + 1] {
                    for slot in starts[Int(group)]..<starts[Int(group) + 1] {
                        leftRows.append(leftRow)
                        rightRows.append(rowsByGroup[slot])
                    }
                } else if kind == .left {
                    unmatched.append(leftRows.count)
                    leftRows.append(leftRow)
                    rightRows.append(0)
                }
            }
            offset += chunk.count
        }

        var columns = left.columns.map { Gather.vector($0, positions: leftRows) }
        for vector in right.columns {
            columns.append(rightColumn(vector, rows: rightRows, unmatched: unmatched, isEmpty: right.count == 0))
        }
        return Relation(columns: columns, count: leftRows.count)
    }

    /// A right-side column at the matched rows; NULL where a left row found no match.
    private static func rightColumn(_ vector: Vector, rows: [UInt32], unmatched: [Int], isEmpty: Bool) -> Vector {
        if isEmpty { return Vector.constant(.null, type: vector.type, count: rows.count) }
        let gathered = Gather.vector(vector, positions: rows)
        guard !unmatched.isEmpty else { return gathered }
        var validity = gathered.validity ?? [UInt8](repeating: 1, count: rows.count)
        for position in unmatched { validity[position] = 0 }
        return Vector(gathered.payload, validity: validity)
    }
}
