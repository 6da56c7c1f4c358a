import Dispatch
import Foundation
import Ingest
import Storage
import Support
import Synchronization

/// What a generation run wrote.
public struct GenerationSummary: Sendable {
    public var rows = 0
    public var seconds = 0.0
    public var files: [(path: String, rows: Int, bytes: Int)] = []
    public var defects: [RawDefect: Int] = [:]
    public var rowsStored = 0
}

/// Runs the generator and sends every pathway to the outputs asked for: the harmonised CSV, the
/// three raw certifier files (with defects and their manifest), and/or straight into a store.
///
/// Blocks of `PathwayGenerator.blockSize` rows are generated and formatted in parallel, a wave of a
/// few per core at a time, then written in block order: the files are the same on any machine.
public enum SampleGenerator {
    /// Rows per commit when writing into a store (8 row groups): memory stays bounded.
    public static let rowsPerCommit = 8 * 122_880

    /// `workbooks`: the raw files are also written as `.xlsx` workbooks (same rows, same defects).
    /// `harmonisedOthersOnly`: the harmonised CSV leaves out the certifiers that have a raw file,
    /// so that both can be ingested into one store without counting a pathway twice.
    public static func run(
        _ options: GeneratorOptions, directory: String?, harmonised: Bool = true, raw: Bool = true,
        harmonisedOthersOnly: Bool = false, workbooks: Bool = false,
        store: Store? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: ProgressReporter? = nil
    ) throws -> GenerationSummary {
        let started = Date()
        var csv: HarmonisedCSVWriter?
        var rawWriters: [RawFileWriter] = []
        var workbookWriters: [RawWorkbookWriter] = []
        var manifest: DefectManifest?
        if let directory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if harmonised { csv = try HarmonisedCSVWriter(path: directory + "/pathways.csv") }
            if raw {
                try FileManager.default.createDirectory(atPath: directory + "/raw", withIntermediateDirectories: true)
                manifest = try DefectManifest(path: directory + "/raw/defects.csv")
                rawWriters = try RawFileStyle.all.map { try RawFileWriter(style: $0, path: directory + "/raw/\($0.name).csv") }
                if workbooks {
                    workbookWriters = try RawFileStyle.all.map { try RawWorkbookWriter(style: $0, path: directory + "/raw/\($0.name).xlsx") }
                }
            }
        }
        if let store, try store.snapshot().tables.first(where: { $0.name == PathwaySchema.tableName }) == nil {
            try store.createTable(PathwaySchema.tableName, schema: PathwaySchema.schema)
        }

        let work = BlockWork(options: options, harmonised: csv != nil, raw: !rawWriters.isEmpty, workbooks: !workbookWriters.isEmpty,
                             keepPathways: store != nil, harmonisedOthersOnly: harmonisedOthersOnly)
        var summary = GenerationSummary()
        var builder = PathwayColumnsBuilder()
        let blocks = PathwayGenerator.blockCount(rows: options.rows)
        let wave = max(1, threads) * 2
        for waveStart in stride(from: 0, to: blocks, by: wave) {
            let indexes = Array(waveStart..<min(waveStart + wave, blocks))
            let results = Mutex<[Int: GeneratedBlock]>([:])
            DispatchQueue.concurrentPerform(iterations: indexes.count) { slot in
                let block = work.generate(indexes[slot])
                results.withLock { $0[slot] = block }
            }
            var generated = results.withLock { $0 }
            for slot in indexes.indices {
                var block = generated.removeValue(forKey: slot)!
                try csv?.append(&block.harmonised, rows: block.harmonisedRows)
                for (index, writer) in rawWriters.enumerated() {
                    try writer.append(&block.raw[index], manifest: manifest!)
                }
                for (index, writer) in workbookWriters.enumerated() {
                    try writer.append(&block.workbook[index], manifest: manifest!)
                }
                if let store {
                    for pathway in block.pathways {
                        builder.append(pathway)
                        if builder.count == rowsPerCommit {
                            summary.rowsStored += try store.append(builder.takeBatch(), to: PathwaySchema.tableName,
                                                                   note: "generated, seed \(options.seed)").rowsAdded
                        }
                    }
                }
                summary.rows += block.rows
            }
            progress?.update(summary.rows)
        }
        if let store, builder.count > 0 {
            summary.rowsStored += try store.append(builder.takeBatch(), to: PathwaySchema.tableName,
                                                   note: "generated, seed \(options.seed)").rowsAdded
        }
        if let csv { summary.files.append((csv.path, csv.rows, try csv.finish())) }
        for writer in rawWriters { summary.files.append((writer.path, writer.rows, try writer.finish())) }
        for writer in workbookWriters { summary.files.append((writer.path, writer.rows, try writer.finish())) }
        try manifest?.finish()
        summary.defects = manifest?.counts ?? [:]
        summary.files.sort { $0.path < $1.path }
        summary.seconds = Date().timeIntervalSince(started)
        progress?.finish()
        return summary
    }

    /// With probability `rate`, one of the defects that can apply to this pathway.
    static func drawDefect(_ p: Pathway, _ rate: Double, _ rng: inout SplitMix64) -> RawDefect? {
        guard rng.chance(rate) else { return nil }
        var kinds: [RawDefect] = [.missingApplicationDate, .unknownCode, .duplicatedRow, .wrongColumnCount]
        if p.juryDate != nil { kinds.append(.juryBeforeAdmissibility) }
        return kinds[rng.int(0...(kinds.count - 1))]
    }
}

/// One block's output, formatted by a worker.
struct GeneratedBlock: Sendable {
    var rows = 0
    var harmonisedRows = 0
    var harmonised = RowBuffer(capacity: 0)
    /// One part per `RawFileStyle.all` entry.
    var raw: [RawFilePart] = []
    /// The same rows for the workbooks (`RawFileStyle.forWorkbook`).
    var workbook: [RawFilePart] = []
    var pathways: [Pathway] = []
}

/// What every worker needs to generate and format a block (immutable, shared).
struct BlockWork: Sendable {
    let options: GeneratorOptions
    let catalog: CertificationCatalog
    let harmonised: Bool
    let raw: Bool
    let workbooks: Bool
    let keepPathways: Bool
    let harmonisedOthersOnly: Bool
    let styleOfCertifier: [String: Int]
    let encoders = RawFileStyle.all.map(RawStyleEncoder.init)
    let workbookEncoders = RawFileStyle.all.map { RawStyleEncoder($0.forWorkbook) }

    init(options: GeneratorOptions, harmonised: Bool, raw: Bool, workbooks: Bool, keepPathways: Bool, harmonisedOthersOnly: Bool) {
        self.options = options
        var rng = SplitMix64(seed: options.seed)
        catalog = CertificationCatalog(rng: &rng)
        self.harmonised = harmonised
        self.raw = raw
        self.workbooks = workbooks
        self.keepPathways = keepPathways
        self.harmonisedOthersOnly = harmonisedOthersOnly
        var styles: [String: Int] = [:]
        for (index, style) in RawFileStyle.all.enumerated() {
            for certifier in style.certifiers { styles[certifier.rawValue] = index }
        }
        styleOfCertifier = styles
    }

    func generate(_ block: Int) -> GeneratedBlock {
        var generator = PathwayGenerator(options, block: block, catalog: catalog)
        // Defects draw from their own stream (per block) so the pathways do not depend on them.
        var defects = SplitMix64(seed: options.seed ^ 0x5EED_DEFE_C7ED ^ (UInt64(block) &* 0x9E37_79B9_7F4A_7C15))
        var result = GeneratedBlock()
        if harmonised { result.harmonised = RowBuffer(capacity: PathwayGenerator.blockSize * 140) }
        if raw { result.raw = RawFileStyle.all.map { _ in RawFilePart() } }
        if workbooks { result.workbook = RawFileStyle.all.map { _ in RawFilePart() } }
        while let synthetic = generator.next() {
            result.rows += 1
            if harmonised && !(harmonisedOthersOnly && styleOfCertifier[synthetic.pathway.certifier] != nil) {
                HarmonisedCSVWriter.format(synthetic.pathway, into: &result.harmonised)
                result.harmonisedRows += 1
            }
            if raw, let style = styleOfCertifier[synthetic.pathway.certifier] {
                let defect = SampleGenerator.drawDefect(synthetic.pathway, options.defectRate, &defects)
                result.raw[style].append(synthetic, defect: defect, encoder: encoders[style])
                if workbooks { result.workbook[style].append(synthetic, defect: defect, encoder: workbookEncoders[style]) }
            }
            if keepPathways { result.pathways.append(synthetic.pathway) }
        }
        return result
    }
}
