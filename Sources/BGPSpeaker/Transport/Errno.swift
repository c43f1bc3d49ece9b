import Glibc

/// A POSIX error number (`errno(3)`), with Swift names for the values the transport meets.
///
/// Compare against the named constants (`error.errno == .connectionRefused`); the raw value is the
/// kernel's number, so any other value round-trips too.
public struct Errno: RawRepresentable, Sendable, Hashable {
    /// The C `errno` value.
    public var rawValue: CInt

    /// Wraps a C `errno` value.
    public init(rawValue: CInt) {
        self.rawValue = rawValue
    }

    /// The calling thread's current `errno`.
    internal static var current: Errno { Errno(rawValue: system_errno()) }

    /// A system call was interrupted by a signal and should be retried. The C constant is `EINTR`.
    public static let interrupted = Errno(rawValue: EINTR)
    /// The operation would block on a non-blocking descriptor. The C constant is `EAGAIN` (= `EWOULDBLOCK`).
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    /// A non-blocking connect has started and completes later. The C constant is `EINPROGRESS`.
    public static let inProgress = Errno(rawValue: EINPROGRESS)
    /// Nothing listens at the remote address (a RST answered the SYN). The C constant is `ECONNREFUSED`.
    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)
    /// The peer reset the connection. The C constant is `ECONNRESET`.
    public static let connectionReset = Errno(rawValue: ECONNRESET)
    /// A connection was aborted before it was accepted. The C constant is `ECONNABORTED`.
    public static let connectionAborted = Errno(rawValue: ECONNABORTED)
    /// Writing to a connection whose peer has gone. The C constant is `EPIPE`.
    public static let brokenPipe = Errno(rawValue: EPIPE)
    /// The operation did not complete in time (also used for the connect timeout). The C constant is `ETIMEDOUT`.
    public static let timedOut = Errno(rawValue: ETIMEDOUT)
    /// The operation was cancelled by its owner. The C constant is `ECANCELED`.
    public static let canceled = Errno(rawValue: ECANCELED)
    /// The local address and port are taken. The C constant is `EADDRINUSE`.
    public static let addressInUse = Errno(rawValue: EADDRINUSE)
    /// The local address is not configured on this host. The C constant is `EADDRNOTAVAIL`.
    public static let addressNotAvailable = Errno(rawValue: EADDRNOTAVAIL)
    /// The address family does not match the socket. The C constant is `EAFNOSUPPORT`.
    public static let addressFamilyNotSupported = Errno(rawValue: EAFNOSUPPORT)
    /// The host cannot be reached. The C constant is `EHOSTUNREACH`.
    public static let hostUnreachable = Errno(rawValue: EHOSTUNREACH)
    /// The network cannot be reached. The C constant is `ENETUNREACH`.
    public static let networkUnreachable = Errno(rawValue: ENETUNREACH)
    /// The socket is not connected. The C constant is `ENOTCONN`.
    public static let notConnected = Errno(rawValue: ENOTCONN)
    /// An argument was invalid. The C constant is `EINVAL`.
    public static let invalidArgument = Errno(rawValue: EINVAL)
    /// The descriptor is not open. The C constant is `EBADF`.
    public static let badFileDescriptor = Errno(rawValue: EBADF)
    /// The kernel does not know the socket option (e.g. `TCP_MD5SIG` without `CONFIG_TCP_MD5SIG`).
    /// The C constant is `ENOPROTOOPT`.
    public static let protocolOptionNotAvailable = Errno(rawValue: ENOPROTOOPT)
    /// Permission was denied. The C constant is `EACCES`.
    public static let permissionDenied = Errno(rawValue: EACCES)
    /// The operation needs privileges the process lacks. The C constant is `EPERM`.
    public static let notPermitted = Errno(rawValue: EPERM)
    /// A file exists where one was to be created. The C constant is `EEXIST`.
    public static let fileExists = Errno(rawValue: EEXIST)
    /// No such file or directory. The C constant is `ENOENT`.
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    /// The name is too long (e.g. a Unix socket path over 107 bytes). The C constant is `ENAMETOOLONG`.
    public static let nameTooLong = Errno(rawValue: ENAMETOOLONG)
    /// The process has no descriptor left. The C constant is `EMFILE`.
    public static let tooManyOpenFiles = Errno(rawValue: EMFILE)
    /// The system has no descriptor left. The C constant is `ENFILE`.
    public static let tooManyOpenFilesInSystem = Errno(rawValue: ENFILE)
}

extension Errno: Error {}

extension Errno: CustomStringConvertible {
    /// The C constant's name and the libc message: `ECONNREFUSED (Connection refused)`.
    public var description: String {
        let message = system_strerror(self.rawValue)
        guard let name = self.symbolicName else { return "errno \(self.rawValue) (\(message))" }
        return "\(name) (\(message))"
    }

    /// The C constant's name, for the values this file names.
    public var symbolicName: String? {
        Errno.symbolicNames[self.rawValue]
    }

    private static let symbolicNames: [CInt: String] = [
        EINTR: "EINTR", EAGAIN: "EAGAIN", EINPROGRESS: "EINPROGRESS", ECONNREFUSED: "ECONNREFUSED",
        ECONNRESET: "ECONNRESET", ECONNABORTED: "ECONNABORTED", EPIPE: "EPIPE", ETIMEDOUT: "ETIMEDOUT",
        ECANCELED: "ECANCELED", EADDRINUSE: "EADDRINUSE", EADDRNOTAVAIL: "EADDRNOTAVAIL",
        EAFNOSUPPORT: "EAFNOSUPPORT", EHOSTUNREACH: "EHOSTUNREACH", ENETUNREACH: "ENETUNREACH",
        ENOTCONN: "ENOTCONN", EINVAL: "EINVAL", EBADF: "EBADF", ENOPROTOOPT: "ENOPROTOOPT",
        EACCES: "EACCES", EPERM: "EPERM", EEXIST: "EEXIST", ENOENT: "ENOENT", ENAMETOOLONG: "ENAMETOOLONG",
        EMFILE: "EMFILE", ENFILE: "ENFILE",
    ]
}
