// What every verb shares at the edge: the exit status after the output is written, short usage
// errors, "did you mean" for names given on the command line, and reading a file or stdin.

import Foundation
import Synchronization
import Reports
import Topology
#if canImport(Glibc)
import Glibc
#endif

/// The version `transit-bgp --version` prints.
let transitBGPVersion = "0.17.0"

/// The first error writing standard output met (an `errno`), 0 while every write succeeded.
let standardOutputError = Atomic<Int32>(0)

/// Writes all of `bytes` to descriptor `fd`; the `errno` of a failed write, or 0.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return 0
}

/// The verbs' `print`: standard output, unbuffered (a long-running `speak` shows each line at once),
/// with the first write error kept for ``finish(_:)``.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    writeOutput(Array(text.utf8))
}

/// Writes `bytes` to standard output, unbuffered, keeping the first write error for ``finish(_:)``.
func writeOutput(_ bytes: [UInt8]) {
    guard standardOutputError.load(ordering: .relaxed) == 0 else { return }
    let error = writeAll(1, bytes)
    if error != 0 { standardOutputError.store(error, ordering: .relaxed) }
}

/// Exits with `status`, or with 1 and a message when the output could not be written (a full disk,
/// a closed descriptor...). A reader that went away (EPIPE) is not an error of ours: the status stays.
func finish(_ status: Int32) -> Never {
    let error = standardOutputError.load(ordering: .relaxed)
    if error != 0 && error != EPIPE {
        printError("transit-bgp: cannot write the output: \(String(cString: strerror(error)))")
        exit(1)
    }
    exit(status)
}

/// Prints `transit-bgp VERB: MESSAGE` and where to find the full usage; returns 2 (a usage error).
func usageFailure(_ verb: String, _ message: String) -> Int32 {
    printError("transit-bgp \(verb): \(message)\nsee 'transit-bgp \(verb) --help'")
    return 2
}

/// `known: a, b, c` and, when `name` looks like a misspelling of one of them, `; did you mean 'b'?`.
func knownNames(_ name: String, among candidates: [String]) -> String {
    var text = "known: " + (candidates.isEmpty ? "none" : candidates.joined(separator: ", "))
    if let suggestion = EditDistance.suggestion(for: name, among: candidates) { text += "; did you mean '\(suggestion)'?" }
    return text
}

/// The bytes of `path`, or of standard input when `path` is `-`; `nil` (after a message) when it
/// cannot be read.
func readInput(_ path: String) -> [UInt8]? {
    if path == "-" {
        return Array(FileHandle.standardInput.readDataToEndOfFile())
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        printError("transit-bgp: cannot read '\(path)'")
        return nil
    }
    return Array(data)
}

/// Decimal seconds (`30`, `95.5`): digits with at most one `.`; `nil` for anything else (`0x10`,
/// `1e3`, `inf`, `-5`, which `Double(_:)` would take).
func decimalSeconds(_ text: String) -> Double? {
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
    return Double(text)
}

/// The value of `--at`: decimal seconds from the start of the run, 0...86400, to the millisecond;
/// `nil` for anything else. Every verb that takes `--at` reads it here.
func runTime(_ text: String) -> Duration? {
    guard let seconds = decimalSeconds(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 else { return nil }
    return .milliseconds(Int64((seconds * 1000).rounded()))
}

/// Why `--at` could not be read: the usage message every verb prints for it.
struct RunTimeError: Error {
    var message: String
}

/// Takes `--at`'s value from the front of `rest` (the option itself already taken) and reads it with
/// ``runTime(_:)``.
func takeRunTime<Rest: RangeReplaceableCollection<String>>(_ rest: inout Rest) -> Result<Duration, RunTimeError> {
    guard let text = rest.first else { return .failure(RunTimeError(message: "--at needs a time in seconds")) }
    rest.removeFirst()
    guard let time = runTime(text) else {
        return .failure(RunTimeError(
            message: "--at '\(text)': expected decimal seconds from the start of the run, 0...86400 (such as 30 or 95.5)"))
    }
    return .success(time)
}
