#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large array of plain values in memory mapped for it, asking the kernel for 2 MB pages
/// (Linux's `MADV_HUGEPAGE`; where transparent huge pages are "madvise" only, as on this
/// project's servers, an ordinary allocation never gets them).
///
/// Why: the hash set of a raw file's pathway keys is a few hundred megabytes probed at random.
/// With 4 KB pages nearly every probe also misses the TLB and the first touch of each page is a
/// fault; with 2 MB pages both mostly disappear. Falls back to ordinary pages when refused.
///
/// Invariant: `buffer` holds `count` initialised values until the object is freed.
final class HugePageBuffer<Element: BitwiseCopyable> {
    let buffer: UnsafeMutableBufferPointer<Element>
    private let mappedBytes: Int

    init(repeating value: Element, count: Int) {
        let hugePage = 2 << 20
        let bytes = max(MemoryLayout<Element>.stride * count, 1)
        mappedBytes = (bytes + hugePage - 1) / hugePage * hugePage
        #if os(Linux)
        let address = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let address, address != MAP_FAILED else { fatalError("out of memory: mapping \(mappedBytes) bytes") }
        _ = madvise(address, mappedBytes, MADV_HUGEPAGE)  // refused where huge pages are off: ordinary pages then
        #else
        let address = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0)
        guard let address, address != MAP_FAILED else { fatalError("out of memory: mapping \(mappedBytes) bytes") }
        #endif
        buffer = UnsafeMutableBufferPointer(start: address.bindMemory(to: Element.self, capacity: count), count: count)
        buffer.initialize(repeating: value)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(buffer.baseAddress!), mappedBytes)
    }
}
