import CZstd

/// Compresses page bodies with the file's codec. One per encoding thread: zstd's context is
/// reused from page to page (a fresh one per page costs more than compressing a small page).
final class PageCompressor {
    let compression: ParquetCompression
    private let context: OpaquePointer?

    init(_ compression: ParquetCompression) {
        self.compression = compression
        if case .zstd = compression { context = ZSTD_createCCtx() } else { context = nil }
    }

    deinit {
        if let context { ZSTD_freeCCtx(context) }
    }

    /// `body` compressed, appended to `output`; returns the compressed size.
    func compress(_ body: [UInt8], into output: inout [UInt8]) throws(ParquetError) -> Int {
        switch compression {
        case .uncompressed:
            output.append(contentsOf: body)
            return body.count
        case .zstd(let level):
            guard let context else { throw .compression("zstd could not allocate its context") }
            let bound = ZSTD_compressBound(body.count)
            let start = output.count
            output.reserveCapacity(start + bound)
            var written = 0
            var failure: String?
            output.append(contentsOf: repeatElement(0, count: bound))
            output.withUnsafeMutableBytes { target in
                body.withUnsafeBytes { source in
                    guard let base = target.baseAddress else { failure = "no output buffer"; return }
                    let result = ZSTD_compressCCtx(context, base + start, bound, source.baseAddress, source.count, level)
                    if ZSTD_isError(result) != 0 {
                        failure = String(cString: ZSTD_getErrorName(result))
                    } else {
                        written = result
                    }
                }
            }
            output.removeLast(bound - written)
            if let failure { throw .compression(failure) }
            return written
        }
    }
}
