// The seams: every libc call BGPSpeaker makes goes through one `system_*` function in this file
// (swift-system's `Internals/Syscalls.swift`), so the rest of the module never names a libc symbol
// and a test double could replace this one file.
//
// Glibc's Swift module map does not include <sys/epoll.h> or <sys/eventfd.h>, nor the GNU
// `accept4(2)`. Rather than add a C target, those few functions are resolved once with `dlsym` and
// called through `@convention(c)` pointers, which is the C ABI exactly (unlike `@_silgen_name`).
// They are plain libc entry points that set `errno` like every other call here.

import Glibc

// MARK: - Errors and the clock

/// The calling thread's `errno`.
@inline(__always)
internal func system_errno() -> CInt { errno }

/// `strerror(3)`: glibc returns a static string for every known value.
internal func system_strerror(_ code: CInt) -> String {
    guard let text = strerror(code) else { return "Unknown error \(code)" }
    return String(cString: text)
}

/// `clock_gettime(CLOCK_MONOTONIC)` in nanoseconds.
internal func system_monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    _ = clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
}

/// `pthread_self()` as a number; 0 is never a valid thread.
internal func system_currentThread() -> UInt { UInt(bitPattern: Int(bitPattern: pthread_self())) }

// MARK: - Descriptors

internal func system_close(_ fd: CInt) -> CInt { Glibc.close(fd) }

internal func system_read(_ fd: CInt, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    Glibc.read(fd, buffer, count)
}

internal func system_write(_ fd: CInt, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.write(fd, buffer, count)
}

// MARK: - Sockets

internal func system_socket(_ domain: CInt, _ type: CInt, _ protocol: CInt) -> CInt {
    Glibc.socket(domain, type, `protocol`)
}

internal func system_bind(_ fd: CInt, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> CInt {
    Glibc.bind(fd, address, length)
}

internal func system_listen(_ fd: CInt, _ backlog: CInt) -> CInt { Glibc.listen(fd, backlog) }

internal func system_accept4(
    _ fd: CInt, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?, _ flags: CInt
) -> CInt {
    LinuxFunctions.shared.accept4(fd, address, length, flags)
}

internal func system_connect(_ fd: CInt, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> CInt {
    Glibc.connect(fd, address, length)
}

internal func system_send(_ fd: CInt, _ buffer: UnsafeRawPointer?, _ count: Int, _ flags: CInt) -> Int {
    Glibc.send(fd, buffer, count, flags)
}

internal func system_recv(_ fd: CInt, _ buffer: UnsafeMutableRawPointer?, _ count: Int, _ flags: CInt) -> Int {
    Glibc.recv(fd, buffer, count, flags)
}

internal func system_shutdown(_ fd: CInt, _ how: CInt) -> CInt { Glibc.shutdown(fd, how) }

internal func system_setsockopt(
    _ fd: CInt, _ level: CInt, _ name: CInt, _ value: UnsafeRawPointer?, _ length: socklen_t
) -> CInt {
    Glibc.setsockopt(fd, level, name, value, length)
}

internal func system_getsockopt(
    _ fd: CInt, _ level: CInt, _ name: CInt, _ value: UnsafeMutableRawPointer?, _ length: UnsafeMutablePointer<socklen_t>?
) -> CInt {
    Glibc.getsockopt(fd, level, name, value, length)
}

internal func system_getsockname(
    _ fd: CInt, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?
) -> CInt {
    Glibc.getsockname(fd, address, length)
}

internal func system_getpeername(
    _ fd: CInt, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?
) -> CInt {
    Glibc.getpeername(fd, address, length)
}

// MARK: - Files (the Unix control socket's node)

internal func system_unlink(_ path: UnsafePointer<CChar>) -> CInt { Glibc.unlink(path) }

internal func system_chmod(_ path: UnsafePointer<CChar>, _ mode: mode_t) -> CInt { Glibc.chmod(path, mode) }

internal func system_rename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> CInt {
    Glibc.rename(from, to)
}

internal func system_lstat(_ path: UnsafePointer<CChar>, _ result: UnsafeMutablePointer<stat>) -> CInt {
    Glibc.lstat(path, result)
}

internal func system_getpid() -> CInt { Glibc.getpid() }

// MARK: - epoll(7), eventfd(2) and accept4(2), resolved at run time

/// The libc functions that Glibc's module map leaves out, looked up once per process.
private struct LinuxFunctions: @unchecked Sendable {
    // @unchecked: C function pointers are immutable code addresses, safe to share.
    typealias EpollCreate1 = @convention(c) (CInt) -> CInt
    typealias EpollCtl = @convention(c) (CInt, CInt, CInt, UnsafeMutableRawPointer?) -> CInt
    typealias EpollWait = @convention(c) (CInt, UnsafeMutableRawPointer?, CInt, CInt) -> CInt
    typealias EventFD = @convention(c) (CUnsignedInt, CInt) -> CInt
    typealias Accept4 = @convention(c) (
        CInt, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, CInt
    ) -> CInt

    let epollCreate1: EpollCreate1
    let epollCtl: EpollCtl
    let epollWait: EpollWait
    let eventfd: EventFD
    let accept4: Accept4

    static let shared = LinuxFunctions()

    private init() {
        let libc = dlopen(nil, RTLD_NOW)
        func resolve<F>(_ name: String, as type: F.Type) -> F {
            guard let symbol = dlsym(libc, name) else {
                fatalError("BGPSpeaker needs Linux's \(name)(2), which this libc does not export")
            }
            return unsafeBitCast(symbol, to: type)
        }
        self.epollCreate1 = resolve("epoll_create1", as: EpollCreate1.self)
        self.epollCtl = resolve("epoll_ctl", as: EpollCtl.self)
        self.epollWait = resolve("epoll_wait", as: EpollWait.self)
        self.eventfd = resolve("eventfd", as: EventFD.self)
        self.accept4 = resolve("accept4", as: Accept4.self)
    }
}

internal func system_epoll_create1(_ flags: CInt) -> CInt { LinuxFunctions.shared.epollCreate1(flags) }

internal func system_epoll_ctl(_ epfd: CInt, _ op: CInt, _ fd: CInt, _ event: UnsafeMutableRawPointer?) -> CInt {
    LinuxFunctions.shared.epollCtl(epfd, op, fd, event)
}

internal func system_epoll_wait(
    _ epfd: CInt, _ events: UnsafeMutableRawPointer?, _ maxEvents: CInt, _ timeoutMilliseconds: CInt
) -> CInt {
    LinuxFunctions.shared.epollWait(epfd, events, maxEvents, timeoutMilliseconds)
}

internal func system_eventfd(_ initialValue: CUnsignedInt, _ flags: CInt) -> CInt {
    LinuxFunctions.shared.eventfd(initialValue, flags)
}
