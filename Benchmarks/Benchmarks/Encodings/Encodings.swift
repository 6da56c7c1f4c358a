// Encode and decode throughput per encoding on realistic pathway columns, in values per second
// (one benchmark iteration = one full row group of 122,880 values; throughput = values/s).
import Bench
import Benchmark
import Foundation
import Storage
import Support

let rowGroup = 122_880

/// The columns measured: what the pathways table really holds.
func realisticColumns() -> [(name: String, column: Column)] {
    var rng = SplitMix64(seed: 42)
    // Application dates over ~11 years, sorted within the row group (rows sorted by application date).
    let applicationDates = (0..<rowGroup).map { _ in Int32.random(in: 16_436...20_454, using: &rng) }.sorted()
    // Jury dates: application + a right-skewed delay, unsorted.
    let juryDates = applicationDates.map { $0 + Int32(200 + Int(pow(Double.random(in: 0...1, using: &rng), 2) * 900)) }
    let levels = (0..<rowGroup).map { _ in Int8([3, 3, 3, 4, 4, 5, 6, 7][Int.random(in: 0..<8, using: &rng)]) }
    let pseudonyms = (0..<rowGroup).map { _ in Int64(bitPattern: rng.next()) }
    let certifierNames = ["EDUC_NAT", "SANTE_SOCIAL", "TRAVAIL", "SUP", "CNAM", "AGRI", "BRANCHE", "OTHER"]
    let certifiers = StringColumn((0..<rowGroup).map { _ in certifierNames[min(Int(-log(Double.random(in: 0.0001...1, using: &rng)) * 1.5), 7)] })
    let departments = StringColumn((0..<rowGroup).map { _ in String(format: "%02d", Int.random(in: 1...95, using: &rng)) })
    return [
        ("application_date (sorted dates)", Column(.date(applicationDates))),
        ("jury_date (dates)", Column(.date(juryDates))),
        ("level (small codes)", Column(.int8(levels))),
        ("candidate_id (64-bit pseudonyms)", Column(.int64(pseudonyms))),
        ("certifier (8 strings)", Column(.string(certifiers))),
        ("department (95 strings)", Column(.string(departments))),
    ]
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput], timeUnits: .microseconds, scalingFactor: .one,
        maxDuration: .seconds(1), maxIterations: 2_000)
    for (name, column) in realisticColumns() {
        for encoding in EncodingKind.applicable(to: column.type) {
            let policy = EncodingPolicy(forcedEncoding: encoding, forcedLZ4: false)
            let encoded = ColumnChunkCodec.encode(column, policy: policy)
            // Only measure encodings that apply (a forced constant falls back on varied data).
            guard encoded.descriptor.encoding == encoding else { continue }
            let bytesPerValue = Double(encoded.bytes.count) / Double(rowGroup)
            let label = "\(encoding) \(name) [\(String(format: "%.3f", bytesPerValue)) B/value]"
            Benchmark("encode \(label)", configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(ColumnChunkCodec.encode(column, policy: policy))
                }
            }
            Benchmark("decode \(label)", configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try ColumnChunkCodec.decode(encoded))
                }
            }
        }
    }
}
