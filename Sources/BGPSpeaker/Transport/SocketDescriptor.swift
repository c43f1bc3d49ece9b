import Glibc

/// An open non-blocking stream socket: a typed wrapper around the file descriptor number
/// (swift-system's `FileDescriptor`). Types live here, the option verbs in
/// `SocketDescriptor+Options.swift`.
///
/// A value type with no ownership: whoever opened it closes it once with ``close()``.
internal struct SocketDescriptor: RawRepresentable, Hashable, Sendable {
    /// The C file descriptor.
    let rawValue: CInt

    init(rawValue: CInt) {
        self.rawValue = rawValue
    }

    /// `socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)`.
    static func stream(family: CInt) throws(SocketError) -> SocketDescriptor {
        let type = CInt(SOCK_STREAM.rawValue) | CInt(SOCK_NONBLOCK.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        let fd = try syscall("socket") { system_socket(family, type, 0) }
        return SocketDescriptor(rawValue: fd)
    }

    /// `bind(2)`.
    func bind(to address: SocketAddress) throws(SocketError) {
        let storage = try address.storage()
        try storage.withSockAddr { (pointer, length) throws(SocketError) in
            _ = try syscall("bind") { system_bind(self.rawValue, pointer, length) }
        }
    }

    /// `listen(2)`.
    func listen(backlog: CInt) throws(SocketError) {
        _ = try syscall("listen") { system_listen(self.rawValue, backlog) }
    }

    /// `accept4(2)` with `SOCK_NONBLOCK | SOCK_CLOEXEC`; `nil` when no connection is waiting.
    func accept() throws(SocketError) -> SocketDescriptor? {
        let flags = CInt(SOCK_NONBLOCK.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        do {
            let fd = try syscall("accept4") { system_accept4(self.rawValue, nil, nil, flags) }
            return SocketDescriptor(rawValue: fd)
        } catch where error.errno == .wouldBlock {
            return nil
        }
    }

    /// Starts a non-blocking `connect(2)`: `true` when it completed at once, `false` when it is in
    /// progress (`EINPROGRESS`; wait for writability, then read ``pendingError()``).
    func connect(to address: SocketAddress) throws(SocketError) -> Bool {
        let storage = try address.storage()
        return try storage.withSockAddr { (pointer, length) throws(SocketError) -> Bool in
            do throws(SocketError) {
                _ = try syscall("connect") { system_connect(self.rawValue, pointer, length) }
                return true
            } catch where error.errno == .inProgress {
                return false
            }
        }
    }

    /// `getsockopt(SOL_SOCKET, SO_ERROR)`: the outcome of a finished non-blocking connect, or `nil`.
    func pendingError() throws(SocketError) -> Errno? {
        let value = try self.integerOption(level: SOL_SOCKET, name: SO_ERROR, operation: "getsockopt(SO_ERROR)")
        return value == 0 ? nil : Errno(rawValue: value)
    }

    /// `getsockname(2)`.
    func localAddress() -> SocketAddress? {
        Self.address { system_getsockname(self.rawValue, $0, $1) }
    }

    /// `getpeername(2)`.
    func remoteAddress() -> SocketAddress? {
        Self.address { system_getpeername(self.rawValue, $0, $1) }
    }

    private static func address(
        _ call: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> CInt
    ) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { call($0, &length) }
        }
        guard result == 0 else { return nil }
        return SocketAddress(storage: storage, length: length)
    }

    /// `recv(2)` into `buffer`: the byte count (0 at end of stream), or `nil` when nothing is waiting.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        do {
            return try syscall("recv") { system_recv(self.rawValue, buffer.baseAddress, buffer.count, 0) }
        } catch where error.errno == .wouldBlock {
            return nil
        }
    }

    /// `send(2)` with `MSG_NOSIGNAL` (a gone peer is `EPIPE`, never `SIGPIPE`): the bytes taken, or
    /// 0 when the socket buffer is full.
    func send(_ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        do {
            return try syscall("send") {
                system_send(self.rawValue, bytes.baseAddress, bytes.count, CInt(MSG_NOSIGNAL))
            }
        } catch where error.errno == .wouldBlock {
            return 0
        }
    }

    /// `shutdown(SHUT_WR)`: sends FIN after the data already written.
    func shutdownWrite() throws(SocketError) {
        _ = try syscall("shutdown") { system_shutdown(self.rawValue, CInt(SHUT_WR)) }
    }

    /// `close(2)`, never retried (on Linux the descriptor is gone even when `EINTR` is reported).
    func close() {
        _ = system_close(self.rawValue)
    }
}
