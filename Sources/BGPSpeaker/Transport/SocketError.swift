/// A failed socket operation: which system call (or transport step) failed, and the `errno` it reported.
///
/// Callers branch on ``errno`` (`error.errno == .connectionRefused`); ``operation`` names the call
/// for logs, e.g. `connect`, `setsockopt(TCP_MD5SIG)` or `accept4`. Steps that fail without a system
/// call reuse the closest `errno`: a connect timeout is ``Errno/timedOut``, a cancelled connect
/// ``Errno/canceled``, a bad argument ``Errno/invalidArgument``.
public struct SocketError: Error, Sendable, Hashable {
    /// The system call or step that failed, as the C name (`connect`, `setsockopt(IP_MINTTL)`).
    public var operation: String
    /// What the kernel (or the transport) reported.
    public var errno: Errno

    /// Creates an error for `operation` failing with `errno`.
    public init(_ operation: String, errno: Errno) {
        self.operation = operation
        self.errno = errno
    }

    /// The error for `operation` from the calling thread's current `errno`; read it right after the call.
    @inline(never)
    internal static func fromCurrentErrno(_ operation: String) -> SocketError {
        SocketError(operation, errno: .current)
    }
}

extension SocketError: CustomStringConvertible {
    /// `connect: ECONNREFUSED (Connection refused)`.
    public var description: String { "\(self.operation): \(self.errno)" }
}
