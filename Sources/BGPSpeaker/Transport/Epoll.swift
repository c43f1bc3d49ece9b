import Glibc

/// The readiness bits of `epoll(7)` the loop uses (`EPOLLIN`, ... from <sys/epoll.h>, which Glibc's
/// module map does not import; the values are the kernel ABI).
internal struct EpollEvents: OptionSet, Hashable {
    let rawValue: UInt32

    /// Data (or a connection, or end of stream) can be read. The C constant is `EPOLLIN`.
    static let readable = EpollEvents(rawValue: 0x001)
    /// The send buffer has room, or a non-blocking connect finished. The C constant is `EPOLLOUT`.
    static let writable = EpollEvents(rawValue: 0x004)
    /// An error is pending (`SO_ERROR`); always reported. The C constant is `EPOLLERR`.
    static let error = EpollEvents(rawValue: 0x008)
    /// Both directions are shut; always reported. The C constant is `EPOLLHUP`.
    static let hangup = EpollEvents(rawValue: 0x010)
}

/// An `epoll(7)` instance in level-triggered mode: each registration carries a 64-bit token that
/// comes back with its events, so a descriptor number reused within one batch is never confused
/// with the socket that had it before.
internal struct Epoll {
    private static let controlAdd: CInt = 1 // EPOLL_CTL_ADD
    private static let controlDelete: CInt = 2 // EPOLL_CTL_DEL
    private static let controlModify: CInt = 3 // EPOLL_CTL_MOD

    /// `struct epoll_event` is `__attribute__((packed))` on x86-64 (12 bytes), naturally aligned
    /// elsewhere (16 bytes); `data` follows the 32-bit `events`.
    #if arch(x86_64)
    private static let eventStride = 12
    private static let dataOffset = 4
    #else
    private static let eventStride = 16
    private static let dataOffset = 8
    #endif

    let descriptor: CInt

    /// `epoll_create1(EPOLL_CLOEXEC)`.
    init() throws(SocketError) {
        self.descriptor = try syscall("epoll_create1") { system_epoll_create1(O_CLOEXEC) }
    }

    func add(_ fd: CInt, events: EpollEvents, token: UInt64) throws(SocketError) {
        try self.control(Epoll.controlAdd, fd, events: events, token: token, operation: "epoll_ctl(ADD)")
    }

    func modify(_ fd: CInt, events: EpollEvents, token: UInt64) throws(SocketError) {
        try self.control(Epoll.controlModify, fd, events: events, token: token, operation: "epoll_ctl(MOD)")
    }

    func remove(_ fd: CInt) throws(SocketError) {
        try self.control(Epoll.controlDelete, fd, events: [], token: 0, operation: "epoll_ctl(DEL)")
    }

    private func control(
        _ op: CInt, _ fd: CInt, events: EpollEvents, token: UInt64, operation: String
    ) throws(SocketError) {
        var event = (UInt64(0), UInt64(0))
        try withUnsafeMutableBytes(of: &event) { (raw) throws(SocketError) in
            raw.storeBytes(of: events.rawValue, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: Epoll.dataOffset, as: UInt64.self)
            _ = try syscall(operation) { system_epoll_ctl(self.descriptor, op, fd, raw.baseAddress) }
        }
    }

    /// `epoll_wait(2)`: waits up to `timeoutMilliseconds` (-1: forever, 0: poll) and calls `body` for
    /// each ready registration. An interrupted wait reports nothing.
    func wait(
        into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: CInt,
        _ body: (UInt64, EpollEvents) -> Void
    ) throws(SocketError) {
        let capacity = CInt(buffer.count / Epoll.eventStride)
        let count: CInt
        do {
            count = try syscall("epoll_wait", retryOnInterrupt: false) {
                system_epoll_wait(self.descriptor, buffer.baseAddress, capacity, timeoutMilliseconds)
            }
        } catch where error.errno == .interrupted {
            return
        }
        for index in 0 ..< Int(count) {
            let base = index * Epoll.eventStride
            let events = buffer.loadUnaligned(fromByteOffset: base, as: UInt32.self)
            let token = buffer.loadUnaligned(fromByteOffset: base + Epoll.dataOffset, as: UInt64.self)
            body(token, EpollEvents(rawValue: events))
        }
    }

    /// Bytes for `count` events in ``wait(into:timeoutMilliseconds:_:)``.
    static func bufferSize(events count: Int) -> Int { count * Epoll.eventStride }

    func close() {
        _ = system_close(self.descriptor)
    }
}
