// parcours-crash-writer STORE (an existing store with the table `batches`)
//
// Commits numbered batches to STORE forever, printing "committed BATCH" after each append returns.
// The crash test kills it with SIGKILL at random moments, then checks that the store opens,
// verifies, and holds exactly the batches whose commit returned (plus, at most, the one in flight).
// Batch k holds `CrashWorkload.size(of: k)` rows whose `batch` column is k.
import Storage
import StorageTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered: a line must be out of the process before the next commit starts.
func emit(_ line: String, to descriptor: Int32) {
    var text = line + "\n"
    text.withUTF8 { _ = write(descriptor, $0.baseAddress, $0.count) }
}

guard CommandLine.arguments.count == 2 else {
    emit("usage: parcours-crash-writer STORE", to: 2)
    exit(2)
}
let path = CommandLine.arguments[1]
do {
    // Small row groups so a commit writes several segment files: more places to be killed in.
    let options = StoreOptions(rowGroupSize: 700)
    let store = try Store.open(at: path, forWriting: true, options: options)
    var batch = try store.log().filter { $0.operation == "append" }.count
    while true {
        try store.append(CrashWorkload.batch(batch), to: "batches")
        emit("committed \(batch)", to: 1)
        batch += 1
    }
} catch {
    emit("crash-writer: \(error)", to: 2)
    exit(1)
}
