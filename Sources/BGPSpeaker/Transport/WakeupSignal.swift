import Glibc

/// An `eventfd(2)` counter that wakes the loop out of `epoll_wait` when another thread enqueues work
/// or asks it to stop. Signals coalesce: any number of writes is one readable event, cleared by one read.
internal struct WakeupSignal {
    let descriptor: CInt

    /// `eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)`.
    init() throws(SocketError) {
        self.descriptor = try syscall("eventfd") { system_eventfd(0, O_NONBLOCK | O_CLOEXEC) }
    }

    /// Adds 1 to the counter; safe from any thread. A full counter (`EAGAIN`) is already signalled.
    func signal() {
        var one: UInt64 = 1
        _ = try? syscall("write(eventfd)") { system_write(self.descriptor, &one, MemoryLayout<UInt64>.size) }
    }

    /// Resets the counter to 0 (on the loop thread, when epoll reports it readable).
    func clear() {
        var value: UInt64 = 0
        _ = try? syscall("read(eventfd)") { system_read(self.descriptor, &value, MemoryLayout<UInt64>.size) }
    }

    func close() {
        _ = system_close(self.descriptor)
    }
}
