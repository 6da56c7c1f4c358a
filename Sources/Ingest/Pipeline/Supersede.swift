import Storage

/// Finds the stored rows a new batch supersedes: live rows of the table whose key (certifier,
/// `pathway_id`) the batch holds. Read from the latest snapshot under the store's write lock, so
/// nothing can change between this scan and the commit that deletes them. Segments whose
/// statistics exclude the batch's certifiers or id range are skipped without being read (a
/// certifier's file never opens another certifier's segments).
enum Supersede {
    static func deletions(in store: Store, table: String, keys: PathwayKeySet) throws(StorageError) -> [Int64: DeletionVector] {
        guard keys.count > 0, let snapshot = try store.snapshot().tables.first(where: { $0.name == table }) else { return [:] }
        let idColumn = try snapshot.columnIndex("pathway_id"), certifierColumn = try snapshot.columnIndex("certifier")
        var deletions: [Int64: DeletionVector] = [:]
        let certifiers = keys.certifiers.map { PathwayCodes.certifiers[Int($0)] }
        func mayHold(_ segment: SegmentEntry) -> Bool {
            let ids = segment.chunks[idColumn].statistics, codes = segment.chunks[certifierColumn].statistics
            if case .integer(let low)? = ids.min, case .integer(let high)? = ids.max,
               high < keys.minimumID || low > keys.maximumID { return false }
            if case .text(let low)? = codes.min, case .text(let high)? = codes.max,
               !certifiers.contains(where: { low <= $0 && $0 <= high }) { return false }
            return true
        }
        for segment in snapshot.segments where segment.liveRowCount > 0 && mayHold(segment) {
            let columns = try snapshot.read(segment, columns: [idColumn, certifierColumn])
            guard case .int64(let ids) = columns[0].values else { throw .schemaMismatch(table: table, detail: "pathway_id is not int64") }
            // Certifier codes of this segment's dictionary → ordinals, once per segment.
            let ordinals: [UInt8?]
            let codes: [UInt32]
            switch columns[1].values {
            case .dictionaryString(let strings):
                ordinals = (0..<strings.dictionary.count).map { PathwayCodes.certifier(strings.dictionary[$0]) }
                codes = strings.codes
            case .string(let strings):
                ordinals = (0..<strings.count).map { PathwayCodes.certifier(strings[$0]) }
                codes = (0..<UInt32(strings.count)).map { $0 }
            default: throw .schemaMismatch(table: table, detail: "certifier is not a string column")
            }
            var rows: [UInt32] = []
            for row in 0..<segment.rowCount {
                guard let certifier = ordinals[Int(codes[row])], keys.contains(certifier: certifier, id: ids[row]) else { continue }
                if segment.deleted?.contains(row) != true { rows.append(UInt32(row)) }
            }
            if !rows.isEmpty { deletions[segment.id] = try DeletionVector(rows: rows, segmentRowCount: segment.rowCount) }
        }
        return deletions
    }
}
