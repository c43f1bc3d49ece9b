/// A non-blocking `connect(2)` in progress (BGP's active side, RFC 4271 §8.2.1.1), returned by
/// ``EventLoop/connectTCP(remote:port:local:options:completion:)`` and ``EventLoop/connectUnix(path:writeBufferWaterMarks:completion:)``.
///
/// The completion runs exactly once on the loop thread, never inside the call that started the
/// connect: with the established ``TCPConnection`` once the socket is writable and `SO_ERROR` is 0;
/// with the `SO_ERROR` value as `SocketError("connect", errno:)` (e.g. ``Errno/connectionRefused``);
/// with ``Errno/timedOut`` when ``TCPOptions/connectTimeout`` passes first; or with
/// ``Errno/canceled`` after ``cancel()``. Setup failures (socket options, `bind(2)` of the source
/// address) arrive the same way, naming the failing call. Loop thread only.
public final class ConnectAttempt {
    /// The loop the attempt belongs to.
    public let eventLoop: EventLoop
    /// Where the attempt connects to.
    public let remoteAddress: SocketAddress

    private var socket: SocketDescriptor?
    private var registration: Registration
    private var timeoutTimer: TimerID?
    private var completion: ((Result<TCPConnection, SocketError>) -> Void)?
    private let waterMarks: WriteBufferWaterMarks

    internal init(
        eventLoop: EventLoop, remoteAddress: SocketAddress, waterMarks: WriteBufferWaterMarks,
        completion: @escaping (Result<TCPConnection, SocketError>) -> Void
    ) {
        self.eventLoop = eventLoop
        self.remoteAddress = remoteAddress
        self.waterMarks = waterMarks
        self.completion = completion
        self.registration = .placeholder(descriptor: -1)
    }

    /// Whether the completion is still to come.
    public var isPending: Bool {
        self.eventLoop.preconditionOnLoopThread()
        return self.completion != nil
    }

    /// Abandons the attempt: the socket is closed and the completion reports ``Errno/canceled``.
    /// A no-op once the completion has been scheduled.
    public func cancel() {
        self.eventLoop.preconditionOnLoopThread()
        self.complete(.failure(SocketError("connect", errno: .canceled)))
    }

    /// Starts connecting `socket`, already configured and bound; takes ownership of it.
    internal func start(socket: SocketDescriptor, timeout: Duration?) {
        self.socket = socket
        do {
            if try socket.connect(to: self.remoteAddress) {
                self.established()
                return
            }
            self.registration = try self.eventLoop.register(self, descriptor: socket.rawValue, interest: .writable)
        } catch {
            self.complete(.failure(error))
            return
        }
        if let timeout {
            self.timeoutTimer = self.eventLoop.scheduleTimer(after: timeout) { [weak self] in
                self?.complete(.failure(SocketError("connect", errno: .timedOut)))
            }
        }
    }

    /// Reports a failure that happened before there was a socket to connect.
    internal func fail(_ error: SocketError) {
        self.complete(.failure(error))
    }

    private func established() {
        guard let socket = self.socket, self.completion != nil else { return }
        self.releaseRegistration()
        self.socket = nil
        do {
            let unixPeer: SocketAddress? = if case .unix = self.remoteAddress { self.remoteAddress } else { nil }
            let connection = try TCPConnection(
                eventLoop: self.eventLoop, socket: socket, waterMarks: self.waterMarks, remoteAddress: unixPeer
            )
            self.complete(.success(connection))
        } catch {
            socket.close()
            self.complete(.failure(error))
        }
    }

    /// Closes whatever is left and schedules the completion (once).
    private func complete(_ result: Result<TCPConnection, SocketError>) {
        guard let completion = self.completion else { return }
        self.completion = nil
        self.releaseRegistration()
        self.socket?.close()
        self.socket = nil
        self.eventLoop.deferCallback { completion(result) }
    }

    private func releaseRegistration() {
        self.eventLoop.unregister(&self.registration)
        if let timer = self.timeoutTimer {
            self.eventLoop.cancelTimer(timer)
            self.timeoutTimer = nil
        }
    }
}

extension ConnectAttempt: Selectable {
    func handle(_ events: EpollEvents) {
        guard let socket = self.socket else { return }
        do {
            if let failure = try socket.pendingError() {
                self.complete(.failure(SocketError("connect", errno: failure)))
            } else if !events.isDisjoint(with: [.writable, .hangup]) {
                self.established()
            }
        } catch {
            self.complete(.failure(error))
        }
    }

    func closeForLoopShutdown() {
        self.completion = nil
        self.releaseRegistration()
        self.socket?.close()
        self.socket = nil
    }
}

extension ConnectAttempt: CustomStringConvertible {
    /// `ConnectAttempt(to 127.0.0.1:179)`.
    public var description: String { "ConnectAttempt(to \(self.remoteAddress))" }
}

@available(*, unavailable, message: "confined to its loop thread: use EventLoop.execute or LoopBound")
extension ConnectAttempt: Sendable {}
