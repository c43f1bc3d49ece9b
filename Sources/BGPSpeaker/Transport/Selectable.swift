/// Something the event loop watches: a listener, a connection or a connect in progress.
///
/// The loop keeps a strong reference from registration until ``EventLoop/unregister(_:)``, so an owner
/// may drop its own reference to an open connection without closing it.
internal protocol Selectable: AnyObject {
    /// Readiness reported by `epoll_wait` for this registration's token; on the loop thread.
    func handle(_ events: EpollEvents)

    /// The loop is ending (``EventLoop/run()`` is returning): close the descriptor and release
    /// resources without calling the owner back.
    func closeForLoopShutdown()
}

/// One descriptor's place in the loop's epoll set: its token and the events it currently waits for.
internal struct Registration {
    let token: UInt64
    let descriptor: CInt
    /// What epoll reports for this descriptor; empty means it is out of the epoll set altogether
    /// (so a paused, hung-up socket cannot spin the loop with `EPOLLHUP`).
    fileprivate(set) var interest: EpollEvents = []
    fileprivate(set) var isActive: Bool

    fileprivate init(token: UInt64, descriptor: CInt) {
        self.token = token
        self.descriptor = descriptor
        self.isActive = true
    }

    /// An inactive stand-in, so a handler can finish initialising before it registers itself.
    static func placeholder(descriptor: CInt) -> Registration {
        var registration = Registration(token: 0, descriptor: descriptor)
        registration.isActive = false
        return registration
    }
}

extension EventLoop {
    /// Adds `handler` for `descriptor`, waiting for `interest`.
    func register(
        _ handler: any Selectable, descriptor: CInt, interest: EpollEvents
    ) throws(SocketError) -> Registration {
        self.preconditionOnLoopThread()
        var registration = Registration(token: self.makeToken(), descriptor: descriptor)
        try self.setInterest(interest, of: &registration)
        self.registrations[registration.token] = handler
        return registration
    }

    /// Changes what epoll reports for `registration` (a no-op when unchanged or unregistered).
    func setInterest(_ interest: EpollEvents, of registration: inout Registration) throws(SocketError) {
        guard registration.isActive, interest != registration.interest else { return }
        if interest.isEmpty {
            try self.epoll.remove(registration.descriptor)
        } else if registration.interest.isEmpty {
            try self.epoll.add(registration.descriptor, events: interest, token: registration.token)
        } else {
            try self.epoll.modify(registration.descriptor, events: interest, token: registration.token)
        }
        registration.interest = interest
    }

    /// Removes `registration` from the epoll set and the loop's table; call before closing the descriptor.
    func unregister(_ registration: inout Registration) {
        guard registration.isActive else { return }
        if !registration.interest.isEmpty {
            _ = try? self.epoll.remove(registration.descriptor)
        }
        registration.interest = []
        registration.isActive = false
        self.registrations.removeValue(forKey: registration.token)
    }
}
