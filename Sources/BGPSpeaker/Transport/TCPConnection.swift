/// One established stream connection on an ``EventLoop``: a BGP session's TCP connection (RFC 4271
/// §8: one per peer) or a control client on a Unix-domain socket. Both kinds behave the same.
///
/// ## Callbacks
/// All callbacks run on the loop thread. Install them in the `onAccept` callback or the connect
/// completion that hands the connection over: reading starts on the next loop iteration, and bytes
/// that arrive while ``onRead`` is `nil` are dropped.
/// - ``onRead``: the bytes of one `recv(2)`, in stream order; chunk boundaries mean nothing (a BGP
///   message may be split across calls, so feed a framer).
/// - ``onInputClosed``: the peer has finished sending (end of stream). When it is `nil` the
///   connection closes itself (``close()``); set it to keep writing to a half-closed peer, e.g. to
///   answer a control client that shut down its side after the request.
/// - ``onWritable``: the write queue fell to the low mark after exceeding the high mark.
/// - ``onClose``: called exactly once when the descriptor has been closed: `nil` after ``close()``,
///   ``abort()`` or end of stream, the ``SocketError`` after a read or write failure (e.g.
///   ``Errno/connectionReset``). Never called from inside ``close()``/``abort()``/``write(_:)``
///   themselves, always later in the same loop iteration, so owners need not be re-entrant.
///
/// ## Writing and back-pressure
/// ``write(_:)`` never blocks and never refuses bytes: it sends what the kernel takes at once and
/// queues the rest, flushing when `epoll` reports the socket writable (write interest is registered
/// only while the queue is non-empty). Watch ``isWritable``: once ``pendingWriteBytes`` exceeds the
/// high mark of ``writeBufferWaterMarks`` it turns `false`, and the owner should stop generating
/// UPDATEs until ``onWritable`` fires.
///
/// ## Reading fairness
/// One wakeup reads at most 4 × 64 KiB from a connection; level-triggered epoll reports the rest
/// on the next iteration, after the other ready sockets and due timers had their turn.
///
/// ## Closing
/// ``close()`` is graceful: reading stops at once, queued bytes are still sent (a NOTIFICATION
/// written just before `close()` goes out), then the socket is closed; unread input is discarded
/// first so the kernel sends FIN rather than RST. A peer that never reads keeps a closing connection
/// open, so pair `close()` with a timer and ``abort()``. ``abort()`` closes at once and discards
/// the queue. Writes after either are ignored.
public final class TCPConnection {
    /// The loop the connection belongs to.
    public let eventLoop: EventLoop
    /// This end's address (`getsockname(2)` when the connection was established).
    public let localAddress: SocketAddress?
    /// The peer's address (`getpeername(2)`); `.unix(path: "")` for an unnamed Unix-domain client.
    public let remoteAddress: SocketAddress?

    /// Bytes received, one `recv(2)` at a time.
    public var onRead: (([UInt8]) -> Void)?
    /// The peer finished sending; `nil` means close the connection then.
    public var onInputClosed: (() -> Void)?
    /// The write queue drained to the low mark after exceeding the high mark.
    public var onWritable: (() -> Void)?
    /// The connection is closed: `nil` for an orderly close, else the error that ended it.
    public var onClose: ((SocketError?) -> Void)?

    /// The queue levels that drive ``isWritable``; changing them takes effect at the next write or flush.
    public var writeBufferWaterMarks: WriteBufferWaterMarks

    /// `false` from the moment more than the high mark is queued until the queue drains to the low mark.
    public private(set) var isWritable = true

    private enum State {
        case open
        /// ``close()`` was called; the queue is being flushed.
        case closing
        case closed
    }

    private let socket: SocketDescriptor
    private let family: CInt
    private var registration: Registration
    private var state = State.open
    private var queue = WriteQueue()
    private var inputClosed = false
    private var readingPaused = false
    /// ``shutdownWrite()`` was called; FIN goes out once the queue is empty.
    private var outputShutdownRequested = false
    private var outputShutdownDone = false

    /// Takes over an open, connected, non-blocking socket and registers it for reading.
    ///
    /// A Unix-domain socket reports the name it was bound under, which for a ``UnixListener`` is a
    /// temporary name (see there), so the listener and `connectUnix` pass the real path as `localAddress`
    /// or `remoteAddress`.
    internal init(
        eventLoop: EventLoop, socket: SocketDescriptor, waterMarks: WriteBufferWaterMarks,
        localAddress: SocketAddress? = nil, remoteAddress: SocketAddress? = nil
    ) throws(SocketError) {
        self.eventLoop = eventLoop
        self.socket = socket
        self.localAddress = localAddress ?? socket.localAddress()
        self.remoteAddress = remoteAddress ?? socket.remoteAddress()
        self.family = self.localAddress?.family ?? 0
        self.writeBufferWaterMarks = waterMarks
        self.registration = .placeholder(descriptor: socket.rawValue)
        self.registration = try eventLoop.register(self, descriptor: socket.rawValue, interest: .readable)
    }

    // MARK: State

    /// Whether the connection is open and accepting writes (not closing, not closed).
    public var isOpen: Bool {
        self.eventLoop.preconditionOnLoopThread()
        return self.state == .open && !self.outputShutdownRequested
    }

    /// Bytes accepted by ``write(_:)`` that the kernel has not taken yet.
    public var pendingWriteBytes: Int {
        self.eventLoop.preconditionOnLoopThread()
        return self.queue.byteCount
    }

    /// Whether ``pauseReading()`` is in effect.
    public var isReadingPaused: Bool {
        self.eventLoop.preconditionOnLoopThread()
        return self.readingPaused
    }

    // MARK: Writing

    /// Sends `bytes` after everything written before, queueing what the kernel cannot take now.
    /// Ignored once the connection is closing or closed, or after ``shutdownWrite()``.
    /// A send error closes the connection; ``onClose`` then reports it.
    public func write(_ bytes: [UInt8]) {
        self.eventLoop.preconditionOnLoopThread()
        guard self.state == .open, !self.outputShutdownRequested, !bytes.isEmpty else { return }
        self.queue.append(bytes)
        if self.queue.byteCount == bytes.count {
            // The queue was empty: try the socket at once rather than wait for EPOLLOUT.
            self.flush()
        } else {
            self.updateWritability()
        }
    }

    /// Sends FIN once the queued bytes are out (`shutdown(SHUT_WR)`); reading continues.
    public func shutdownWrite() {
        self.eventLoop.preconditionOnLoopThread()
        guard self.state == .open, !self.outputShutdownRequested else { return }
        self.outputShutdownRequested = true
        self.flush()
    }

    // MARK: Reading

    /// Stops reading (the kernel's receive window then throttles the peer) until ``resumeReading()``.
    public func pauseReading() {
        self.eventLoop.preconditionOnLoopThread()
        self.readingPaused = true
        self.updateInterest()
    }

    /// Resumes reading after ``pauseReading()``.
    public func resumeReading() {
        self.eventLoop.preconditionOnLoopThread()
        self.readingPaused = false
        self.updateInterest()
    }

    // MARK: Closing

    /// Closes gracefully: stops reading now, sends what is queued, then closes. See "Closing" above.
    public func close() {
        self.eventLoop.preconditionOnLoopThread()
        guard self.state == .open else { return }
        self.state = .closing
        if self.queue.isEmpty {
            self.finish(error: nil)
        } else {
            self.updateInterest()
        }
    }

    /// Closes at once, discarding queued bytes.
    public func abort() {
        self.eventLoop.preconditionOnLoopThread()
        guard self.state != .closed else { return }
        self.finish(error: nil)
    }

    // MARK: Socket options

    /// The TTL (IPv4 `IP_TTL`) or hop limit (IPv6 `IPV6_UNICAST_HOPS`) of outgoing segments.
    /// - Throws: ``SocketError`` from `getsockopt(2)` (e.g. on a Unix-domain connection).
    public func timeToLive() throws(SocketError) -> Int {
        self.eventLoop.preconditionOnLoopThread()
        return Int(try self.socket.timeToLive(family: self.family))
    }

    /// The GTSM minimum (RFC 5082): `IP_MINTTL` or `IPV6_MINHOPCOUNT`; 0 when not set.
    /// - Throws: ``SocketError`` from `getsockopt(2)` (e.g. on a Unix-domain connection).
    public func minimumTimeToLive() throws(SocketError) -> Int {
        self.eventLoop.preconditionOnLoopThread()
        return Int(try self.socket.minimumTimeToLive(family: self.family))
    }

    // MARK: Internals

    private func flush() {
        guard self.state != .closed else { return }
        do {
            let drained = try self.queue.flush(to: self.socket)
            if drained && self.outputShutdownRequested && !self.outputShutdownDone {
                self.outputShutdownDone = true
                try self.socket.shutdownWrite()
            }
        } catch {
            self.finish(error: error)
            return
        }
        if self.state == .closing && self.queue.isEmpty {
            self.finish(error: nil)
            return
        }
        self.updateInterest()
        self.updateWritability()
    }

    private func updateWritability() {
        let marks = self.writeBufferWaterMarks
        if self.isWritable {
            if self.queue.byteCount > marks.high {
                self.isWritable = false
            }
        } else if self.queue.byteCount <= marks.low {
            self.isWritable = true
            self.onWritable?()
        }
    }

    private func updateInterest() {
        guard self.state != .closed else { return }
        var interest: EpollEvents = []
        if self.state == .open && !self.inputClosed && !self.readingPaused {
            interest.insert(.readable)
        }
        if !self.queue.isEmpty {
            interest.insert(.writable)
        }
        do {
            try self.eventLoop.setInterest(interest, of: &self.registration)
        } catch {
            self.finish(error: error)
        }
    }

    private func readAvailable() {
        let buffer = self.eventLoop.readBuffer
        for _ in 0 ..< EventLoop.maximumReadsPerWakeup {
            guard self.state == .open, !self.readingPaused, !self.inputClosed else { return }
            let count: Int
            do {
                guard let received = try self.socket.receive(into: buffer) else { return }
                count = received
            } catch {
                self.finish(error: error)
                return
            }
            if count == 0 {
                self.inputClosed = true
                self.updateInterest()
                if let onInputClosed = self.onInputClosed {
                    onInputClosed()
                } else {
                    self.close()
                }
                return
            }
            self.onRead?(Array(UnsafeRawBufferPointer(rebasing: buffer[..<count])))
            if count < buffer.count { return }
        }
    }

    /// Discards unread input (bounded) so that `close(2)` sends FIN, not RST (RFC 9293 §3.6.1 lets
    /// a stack reset a connection closed with data unread, and Linux does).
    private func discardUnreadInput() {
        let buffer = self.eventLoop.readBuffer
        for _ in 0 ..< 16 {
            guard let count = try? self.socket.receive(into: buffer), count > 0 else { return }
        }
    }

    private func finish(error: SocketError?) {
        guard self.state != .closed else { return }
        self.state = .closed
        self.queue.removeAll()
        self.eventLoop.unregister(&self.registration)
        if error == nil {
            self.discardUnreadInput()
        }
        self.socket.close()
        self.eventLoop.deferCallback { [self] in
            let onClose = self.onClose
            self.dropCallbacks()
            onClose?(error)
        }
    }

    /// Releases the owner's closures, which typically capture the owner (a cycle until now).
    private func dropCallbacks() {
        self.onRead = nil
        self.onInputClosed = nil
        self.onWritable = nil
        self.onClose = nil
    }
}

extension TCPConnection: Selectable {
    func handle(_ events: EpollEvents) {
        if self.registration.interest.contains(.readable), !events.isDisjoint(with: [.readable, .hangup, .error]) {
            self.readAvailable()
        }
        if self.state != .closed, !self.queue.isEmpty, !events.isDisjoint(with: [.writable, .hangup, .error]) {
            self.flush()
        }
        if self.state != .closed, events.contains(.error) {
            // An error that neither a read nor a write surfaced (e.g. while reading is paused).
            let reported = (try? self.socket.pendingError()) ?? nil
            if let reported {
                self.finish(error: SocketError("SO_ERROR", errno: reported))
            }
        }
    }

    func closeForLoopShutdown() {
        guard self.state != .closed else { return }
        self.state = .closed
        self.queue.removeAll()
        self.eventLoop.unregister(&self.registration)
        self.socket.close()
        self.dropCallbacks()
    }
}

extension TCPConnection: CustomStringConvertible {
    /// `TCPConnection(127.0.0.1:40000 -> 127.0.0.1:179)`.
    public var description: String {
        let local = self.localAddress.map(String.init(describing:)) ?? "?"
        let remote = self.remoteAddress.map(String.init(describing:)) ?? "?"
        return "TCPConnection(\(local) -> \(remote))"
    }
}

@available(*, unavailable, message: "confined to its loop thread: use EventLoop.execute or LoopBound")
extension TCPConnection: Sendable {}
