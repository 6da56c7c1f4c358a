// swift-tools-version: 6.1
// Parcours: a columnar analytics engine for VAE candidate pathways.
//
// Module order (one way): Storage <- Query <- Indicators; Parquet <- Query; Storage <- Ingest; Spreadsheet <- Ingest; the CLI and Bench on top;
// Support (progress display, seeded random numbers) beneath whatever needs it.
import PackageDescription

/// The instruction set the Swift code is compiled for. On x86-64 the baseline is Nehalem's, i.e.
/// x86-64-v2 (SSE4.2 and POPCNT: every x86-64 server since 2009, ClickHouse's baseline too). Without
/// it `nonzeroBitCount` is a dozen instructions instead of one and vector loops lack unsigned min/max.
/// `PARCOURS_TARGET_CPU` overrides it with an LLVM CPU name (`x86-64` for a pre-2009 processor).
let targetCPU: [SwiftSetting] = {
    #if arch(x86_64)
    let cpu = Context.environment["PARCOURS_TARGET_CPU"] ?? "nehalem"
    return [.unsafeFlags(["-target-cpu", cpu])]
    #else
    return []
    #endif
}()

let package = Package(
    name: "Parcours",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parcours", targets: ["parcours"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "Query", targets: ["Query"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Indicators", targets: ["Indicators"]),
        .library(name: "Bench", targets: ["Bench"]),
        .library(name: "Support", targets: ["Support"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 of source files and key fingerprints; the reference HMAC-SHA256 of the pseudonym
        // (the per-row HMAC runs on CSHA256 and is checked against it).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // What every layer may use: the progress display of long runs, seeded random numbers.
        .target(name: "Support", swiftSettings: targetCPU),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        // Selection and null-expansion kernels (AVX-512 chosen at run time, portable otherwise).
        .target(name: "CVectorKernels"),
        .target(name: "Storage", dependencies: ["CSQLite", "CLZ4", "CVectorKernels", "Support"], swiftSettings: targetCPU),
        // mallopt: the query engine keeps freed decode buffers in the heap (see AllocatorTuning).
        .systemLibrary(name: "CMalloc"),
        // pthread_getattr_np: whether the caller's stack holds the deepest statement (QueryThread).
        .systemLibrary(name: "CThreadStack"),
        // zstd for Parquet pages.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // Parquet files written from columns: Thrift footer, pages, dictionaries, statistics, zstd.
        // Knows nothing of SQL; Query hands it vectors.
        .target(name: "Parquet", dependencies: ["CZstd"], swiftSettings: targetCPU),
        .target(name: "Query", dependencies: ["Storage", "Support", "Parquet", "CMalloc", "CThreadStack", "CVectorKernels",
                                             .product(name: "Crypto", package: "swift-crypto")], swiftSettings: targetCPU),
        // The annual indicator set: SQL files (resources), suppression, publication.
        .target(name: "Indicators", dependencies: ["Query", "Storage", "Support", "CXlsxWriter"], resources: [.copy("SQL"), .copy("Nomenclature")], swiftSettings: targetCPU),
        // SHA-256 blocks for the per-row HMAC (no allocation; the processor's SHA extensions).
        .target(name: "CSHA256"),
        // Vector masks of a CSV's delimiters, line feeds and quotes (inlined into the scanner).
        .target(name: "CByteScan"),
        // Inflate (raw DEFLATE) for the entries of a spreadsheet archive.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Office Open XML workbooks (.xlsx) read as streams of rows: the archive, a streaming XML
        // tokenizer, the workbook's sheets, styles and shared strings. Knows nothing of VAE.
        .target(name: "Spreadsheet", dependencies: ["CZlib"], swiftSettings: targetCPU),
        // Writes .xlsx workbooks (the generator's certifier spreadsheets).
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "Ingest", dependencies: ["Storage", "Support", "Spreadsheet", "CSHA256", "CByteScan", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: targetCPU),
        .target(name: "Bench", dependencies: ["Storage", "Query", "Ingest", "Indicators", "Support", "CSQLite", "CXlsxWriter"], swiftSettings: targetCPU),
        .executableTarget(
            name: "parcours",
            dependencies: [
                "Storage", "Query", "Ingest", "Indicators", "Bench", "Support",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: targetCPU
        ),
        // A writer that commits numbered batches forever; the crash test kills it at random moments.
        .executableTarget(name: "parcours-crash-writer", dependencies: ["Storage", "StorageTestSupport"], path: "Tests/CrashWriter"),
        // What the crash tests and their child processes share.
        .target(name: "StorageTestSupport", dependencies: ["Storage"], path: "Tests/StorageTestSupport"),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Bench", "Support", "StorageTestSupport", "parcours-crash-writer", "CVectorKernels"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Ingest", "Storage", "StorageTestSupport", "parcours"]),
        // The tables of the query test records: written into stores by the tests, dumped for DuckDB
        // by `parcours-record-tables` when scripts/record-query-tests records the expected rows.
        .target(name: "QueryRecordTables", dependencies: ["Query", "Storage", "Ingest", "Bench", "Support"], path: "Tests/QueryRecordTables"),
        .executableTarget(name: "parcours-record-tables", dependencies: ["QueryRecordTables"], path: "Tests/RecordTablesTool"),
        .testTarget(name: "QueryTests", dependencies: [
            "Query", "Storage", "Bench", "Support", "CSQLite", "StorageTestSupport", "QueryRecordTables", "parcours",
        ], exclude: ["Records"]),
        .testTarget(name: "IndicatorTests", dependencies: ["Indicators", "Query", "Storage", "Ingest", "Bench", "Support", "StorageTestSupport", "parcours"],
                    exclude: ["Browser"]),
        // Workbooks written with libxlsxwriter, for the spreadsheet and ingest tests.
        .target(name: "SpreadsheetTestSupport", dependencies: ["CXlsxWriter", "CZlib"], path: "Tests/SpreadsheetTestSupport"),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "SpreadsheetTestSupport", "CZlib"], exclude: ["Workbooks"]),
        .testTarget(name: "IngestTests", dependencies: [
            "Ingest", "Spreadsheet", "SpreadsheetTestSupport", "Bench", "Storage", "StorageTestSupport", "Support", "parcours", "CSHA256", .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["Fixtures"]),
    ]
)
