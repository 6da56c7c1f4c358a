/// The outcome of `Store.verify()`: what was checked and every fault found.
public struct VerificationReport: Sendable {
    public var segmentsChecked = 0
    public var chunksChecked = 0
    public var rowsChecked = 0
    /// Faults: the store cannot be trusted while any is listed.
    public var problems: [String] = []
    /// Files no snapshot names (left by an interrupted commit); harmless, swept at the next write.
    public var unreferencedFiles: [String] = []

    public var isHealthy: Bool { problems.isEmpty }
}

extension Store {
    /// Checks the whole store: the catalog's SQLite integrity, then every live segment file —
    /// trailer, footer checksum, footer against catalog, every chunk's checksum, full decode, and
    /// statistics recomputed from the decoded values against those recorded.
    public func verify() throws(StorageError) -> VerificationReport {
        var report = VerificationReport()
        let integrity = try catalog.database.query("PRAGMA integrity_check").map { row throws(StorageError) in try row.text(0) }
        if integrity != ["ok"] { report.problems.append("catalog: \(integrity.joined(separator: "; "))") }
        report.problems += try catalog.consistencyProblems().map { "catalog: \($0)" }
        do throws(StorageError) {
            _ = try catalog.snapshots()
        } catch {
            report.problems.append(error.description)
        }
        // A catalog value of the wrong type stops the reading of snapshots: reported, not thrown.
        let snapshot: Snapshot
        do throws(StorageError) {
            snapshot = try self.snapshot()
        } catch {
            report.problems.append(error.description)
            return report
        }
        var referenced = Set<String>()
        for table in snapshot.tables {
            for segment in table.segments {
                referenced.insert(segment.fileName)
                report.segmentsChecked += 1
                do throws(StorageError) {
                    try verify(segment, of: table, into: &report)
                } catch {
                    report.problems.append(error.description)
                }
            }
        }
        let named = try catalog.allSegmentFileNames().union(referenced)
        // Files of older snapshots (still readable with --as-of) must be there too.
        for name in named.subtracting(referenced).sorted() where !FileSystem.exists(segmentsDirectory + "/" + name) {
            report.problems.append(StorageError.missingSegment(file: segmentsDirectory + "/" + name).description)
        }
        report.unreferencedFiles = try FileSystem.listDirectory(segmentsDirectory).filter { !named.contains($0) }.sorted()
        return report
    }

    private func verify(_ segment: SegmentEntry, of table: TableSnapshot, into report: inout VerificationReport) throws(StorageError) {
        let path = table.path(of: segment)
        let reader = try SegmentReader(checkingEveryRead: path)
        let footer = reader.footer
        guard footer.rowCount == segment.rowCount, footer.chunks.count == table.schema.count,
              footer.columnNames == table.schema.columns.map(\.name)
        else {
            report.problems.append("\(path): footer (\(footer.rowCount) rows, columns \(footer.columnNames)) disagrees with the catalog")
            return
        }
        for (index, definition) in table.schema.columns.enumerated() {
            let chunk = footer.chunks[index], summary = segment.chunks[index]
            report.chunksChecked += 1
            let column = try reader.column(index)
            let where_ = "\(path), column \(definition.name)"
            if chunk.type != definition.type || column.count != segment.rowCount {
                report.problems.append("\(where_): type or row count differs from the catalog")
            }
            if chunk.encoding != summary.encoding || chunk.statistics != summary.statistics {
                report.problems.append("\(where_): footer and catalog disagree (encoding or statistics)")
            }
            let recomputed = column.computedStatistics()
            if recomputed.min != chunk.statistics.min || recomputed.max != chunk.statistics.max
                || recomputed.nullCount != chunk.statistics.nullCount {
                report.problems.append("\(where_): values do not match their statistics (min \(String(describing: recomputed.min)), max \(String(describing: recomputed.max)), \(recomputed.nullCount) nulls)")
            }
        }
        report.rowsChecked += segment.rowCount
    }
}
