/// Runs a libc call that returns -1 and sets `errno` on failure, retrying while it fails with `EINTR`
/// (swift-system's `valueOrErrno(retryOnInterrupt:_:)`, NIOPosix's `syscall(blocking:)`).
///
/// - Parameters:
///   - operation: The C name reported in the error (`accept4`, `setsockopt(IP_TTL)`).
///   - retryOnInterrupt: Whether `EINTR` repeats the call. `close(2)` must not be retried on Linux.
///   - call: The call itself; `errno` is read immediately after it returns -1.
/// - Throws: ``SocketError`` with the `errno` of the failed call.
@inline(__always)
internal func syscall<Result: FixedWidthInteger>(
    _ operation: @autoclosure () -> String,
    retryOnInterrupt: Bool = true,
    _ call: () -> Result
) throws(SocketError) -> Result {
    while true {
        let result = call()
        if result != -1 { return result }
        let errno = Errno.current
        if retryOnInterrupt && errno == .interrupted { continue }
        throw SocketError(operation(), errno: errno)
    }
}
