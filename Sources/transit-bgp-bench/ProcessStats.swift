import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resident memory and CPU time of this process, from /proc/self (Linux).
enum ProcessStats {
    /// Returns freed heap memory to the system (glibc `malloc_trim(0)`), so that a following
    /// resident-set reading counts live memory, not memory freed earlier and reused silently.
    static func trimHeap() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    /// Current resident set size in bytes (VmRSS).
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return (digits.first ?? 0) * 1024
        }
        return 0
    }
}
