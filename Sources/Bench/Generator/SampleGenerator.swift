import Dispatch
import Foundation
import Ingest
import Storage

/// What a generation run wrote.
public struct GenerationSummary: Sendable {
    public var rows = 0
    public var seconds = 0.0
    public var files: [(path: String, rows: Int, bytes: Int)] = []
    public var defects: [RawDefect: Int] = [:]
    public var rowsStored = 0
}

/// Runs the generator once and sends every pathway to the outputs asked for: the harmonised CSV,
/// the three raw certifier files (with defects and their manifest), and/or straight into a store.
public enum SampleGenerator {
    /// Rows per commit when writing into a store (8 row groups): memory stays bounded.
    public static let rowsPerCommit = 8 * 122_880

    public static func run(
        _ options: GeneratorOptions, directory: String?, harmonised: Bool = true, raw: Bool = true,
        store: Store? = nil, progress: ProgressReporter? = nil
    ) throws -> GenerationSummary {
        let started = Date()
        var csv: HarmonisedCSVWriter?
        var rawStage: RawOutputStage?
        if let directory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if harmonised { csv = try HarmonisedCSVWriter(path: directory + "/pathways.csv") }
            if raw { rawStage = try RawOutputStage(directory: directory + "/raw", options: options) }
        }
        if let store, try store.snapshot().tables.first(where: { $0.name == PathwaySchema.tableName }) == nil {
            try store.createTable(PathwaySchema.tableName, schema: PathwaySchema.schema)
        }

        var summary = GenerationSummary()
        var generator = PathwayGenerator(options)
        var builder = PathwayColumnsBuilder()
        var block: [SyntheticPathway] = []
        block.reserveCapacity(RawOutputStage.blockSize)
        while let synthetic = generator.next() {
            try csv?.write(synthetic.pathway)
            if rawStage != nil {
                block.append(synthetic)
                if block.count == RawOutputStage.blockSize {
                    try rawStage!.submit(block)
                    block.removeAll(keepingCapacity: true)
                }
            }
            if let store {
                builder.append(synthetic.pathway)
                if builder.count == rowsPerCommit {
                    summary.rowsStored += try store.append(builder.takeBatch(), to: PathwaySchema.tableName,
                                                           note: "generated, seed \(options.seed)").rowsAdded
                }
            }
            summary.rows += 1
            if summary.rows & 0xFFFF == 0 { progress?.update(summary.rows) }
        }
        if let store, builder.count > 0 {
            summary.rowsStored += try store.append(builder.takeBatch(), to: PathwaySchema.tableName,
                                                   note: "generated, seed \(options.seed)").rowsAdded
        }
        if let csv { summary.files.append((csv.path, csv.rows, try csv.finish())) }
        if let rawStage {
            try rawStage.submit(block)
            let (files, defects) = try rawStage.finish()
            summary.files += files
            summary.defects = defects
        }
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

/// Writes the raw certifier files on a thread of its own, block by block and in order, while the
/// generator goes on: the raw formatting costs as much as generating, and the machine has two cores.
///
/// Thread confinement: after `init`, the writers, the manifest and the defect stream are touched
/// only by blocks on `queue` (serial), which is why the class can be `@unchecked Sendable`.
final class RawOutputStage: @unchecked Sendable {
    static let blockSize = 16_384
    private let queue = DispatchQueue(label: "parcours.generate.raw")
    /// At most this many blocks wait: memory stays bounded if the raw side is slower.
    private let slots = DispatchSemaphore(value: 4)
    private let writers: [String: RawFileWriter]
    private let manifest: DefectManifest
    private let defectRate: Double
    /// Defects draw from their own stream so the pathways are the same with or without raw files.
    private var defectRNG: SplitMix64
    private var failure: BenchError?

    init(directory: String, options: GeneratorOptions) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        manifest = try DefectManifest(path: directory + "/defects.csv")
        var writers: [String: RawFileWriter] = [:]
        for style in RawFileStyle.all {
            let writer = try RawFileWriter(style: style, path: directory + "/\(style.name).csv")
            for certifier in style.certifiers { writers[certifier.rawValue] = writer }
        }
        self.writers = writers
        defectRate = options.defectRate
        defectRNG = SplitMix64(seed: options.seed ^ 0x5EED_DEFE_C7ED)
    }

    func submit(_ block: [SyntheticPathway]) throws(BenchError) {
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do throws(BenchError) {
                for synthetic in block {
                    guard let writer = writers[synthetic.pathway.certifier] else { continue }
                    let defect = SampleGenerator.drawDefect(synthetic.pathway, defectRate, &defectRNG)
                    try writer.write(synthetic, defect: defect, manifest: manifest)
                }
            } catch {
                failure = error
            }
        }
    }

    /// Waits for the queued blocks, flushes every file; returns them and the defect counts.
    func finish() throws(BenchError) -> (files: [(path: String, rows: Int, bytes: Int)], defects: [RawDefect: Int]) {
        let result: Result<(files: [(path: String, rows: Int, bytes: Int)], defects: [RawDefect: Int]), BenchError> = queue.sync {
            if let failure { return .failure(failure) }
            do throws(BenchError) {
                var files: [(path: String, rows: Int, bytes: Int)] = []
                var seen = Set<String>()
                for writer in writers.values where seen.insert(writer.path).inserted {
                    files.append((writer.path, writer.rows, try writer.finish()))
                }
                try manifest.finish()
                return .success((files, manifest.counts))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
