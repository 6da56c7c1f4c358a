/// One data provider's line in the report's data-quality annex: what `parcours quality` reports of
/// its files for the published year — files, lines read, stored and rejected, files delivered
/// late, the main reasons for rejecting lines. Built by the caller from the ingest's ledger (the
/// indicator layer knows nothing of ingest); a reason never quotes a value, only what was wrong.
public struct ProviderQuality: Sendable, Equatable {
    public struct Reason: Sendable, Equatable {
        public let text: String
        public let count: Int

        public init(text: String, count: Int) {
            self.text = text
            self.count = count
        }
    }

    public let provider: String
    public let files: Int
    public let rowsRead: Int
    public let rowsStored: Int
    public let rowsRejected: Int
    public let lateFiles: Int
    /// The most frequent reasons, most frequent first (at most `reasonsShown`).
    public let reasons: [Reason]

    public static let reasonsShown = 3

    public init(provider: String, files: Int, rowsRead: Int, rowsStored: Int, rowsRejected: Int, lateFiles: Int, reasons: [Reason]) {
        self.provider = provider
        self.files = files
        self.rowsRead = rowsRead
        self.rowsStored = rowsStored
        self.rowsRejected = rowsRejected
        self.lateFiles = lateFiles
        self.reasons = Array(reasons.prefix(ProviderQuality.reasonsShown))
    }
}
