import Foundation

/// A child process started with posix_spawn, its standard output and error captured through pipes.
/// Used by the crash tests instead of Foundation's `Process`, whose Linux implementation brings
/// threads and signal handling of its own into a test that kills children on purpose.
public final class ChildProcess {
    public let pid: pid_t
    private let output: Int32
    private let errors: Int32

    public init(_ executable: String, _ arguments: [String]) throws {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, outPipe[0])
        posix_spawn_file_actions_addclose(&actions, errPipe[0])
        // A clean signal state: the test runner may block or ignore signals (SIGINT among them),
        // and a child inherits both; one that must react to Ctrl-C would never see it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL)
        }
        pid = child
        output = outPipe[0]
        errors = errPipe[0]
    }

    deinit {
        close(output)
        close(errors)
    }

    /// SIGKILL, then reap the child.
    public func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    /// Waits for the child to exit on its own; its exit status (or 128 + signal).
    public func waitForExit() -> Int32 {
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Reads standard output and error as the child writes them (a child that prints more than a
    /// pipe holds would otherwise block forever), until both close; then waits for it to exit.
    /// Its exit status (or 128 + signal), output and errors.
    public func collect() -> (status: Int32, output: String, errors: String) {
        var collected: [[UInt8]] = [[], []]
        var descriptors = [pollfd(fd: output, events: Int16(POLLIN), revents: 0), pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
        var open = [true, true]
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while open.contains(true) {
            for index in 0..<2 { descriptors[index].fd = open[index] ? (index == 0 ? output : errors) : -1 }
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            for index in 0..<2 where open[index] && descriptors[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(descriptors[index].fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { open[index] = false } else { collected[index].append(contentsOf: chunk[0..<count]) }
            }
        }
        return (waitForExit(), String(decoding: collected[0], as: UTF8.self), String(decoding: collected[1], as: UTF8.self))
    }

    /// Reads standard error until it holds `marker` (or closes): what was read. The rest stays
    /// in the pipe for `collect`. For a child that writes little on standard output meanwhile.
    public func readErrors(until marker: String) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while !String(decoding: bytes, as: UTF8.self).contains(marker) {
            let count = read(errors, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Everything the child wrote to standard output / error (call after it has exited; for a
    /// child that may print more than a pipe holds, use `collect`).
    public func readOutput() -> String { Self.readAll(output) }
    public func readErrors() -> String { Self.readAll(errors) }

    private static func readAll(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
