import NetworkPrimitives

/// A listening TCP socket (BGP's passive side, RFC 4271 §8.2.1.1: port 179 by default), created by
/// ``EventLoop/listenTCP(local:port:options:onAccept:)``.
///
/// Each accepted connection gets the listener's ``TCPOptions`` (TTL, GTSM minimum, `TCP_NODELAY`,
/// water marks) and is handed to `onAccept` on the loop thread. RFC 2385 keys are per peer address
/// (``setMD5Key(_:for:)``): the kernel checks a SYN from a keyed peer against its key and drops it
/// when the signature is missing or wrong, and the accepted socket inherits the key.
///
/// Loop thread only (or before the loop runs). ``close()`` stops accepting; connections already
/// accepted stay open.
public final class TCPListener {
    /// The loop the listener belongs to.
    public let eventLoop: EventLoop
    /// The bound address; its port is the kernel's choice when 0 was asked for.
    public let localAddress: SocketAddress
    /// Called when `accept4(2)` or setting up an accepted socket fails (``Errno/tooManyOpenFiles``,
    /// ...); the listener keeps listening.
    public var onAcceptError: ((SocketError) -> Void)?

    private let socket: SocketDescriptor
    private let family: CInt
    private let options: TCPOptions
    /// Dropped on close, releasing whatever the owner's closure captured.
    private var onAccept: ((TCPConnection) -> Void)?
    private var registration: Registration
    private var isClosed = false

    internal init(
        eventLoop: EventLoop, socket: SocketDescriptor, localAddress: SocketAddress, options: TCPOptions,
        onAccept: @escaping (TCPConnection) -> Void
    ) throws(SocketError) {
        self.eventLoop = eventLoop
        self.socket = socket
        self.localAddress = localAddress
        self.family = localAddress.family
        self.options = options
        self.onAccept = onAccept
        self.registration = .placeholder(descriptor: socket.rawValue)
        self.registration = try eventLoop.register(self, descriptor: socket.rawValue, interest: .readable)
    }

    /// Whether the listener still accepts connections.
    public var isOpen: Bool {
        self.eventLoop.preconditionOnLoopThread()
        return !self.isClosed
    }

    /// Installs the RFC 2385 key for connections from `peer` (replacing any earlier key for it).
    /// Set it before the peer connects: the key guards the SYN itself.
    /// - Throws: ``SocketError`` `setsockopt(TCP_MD5SIG)`; ``Errno/protocolOptionNotAvailable`` when
    ///   the kernel was built without `CONFIG_TCP_MD5SIG`, ``Errno/invalidArgument`` for a peer of the
    ///   other address family.
    public func setMD5Key(_ key: TCPMD5Key, for peer: IPAddress) throws(SocketError) {
        self.eventLoop.preconditionOnLoopThread()
        try self.socket.setMD5Key(key, for: peer)
    }

    /// Removes the RFC 2385 key for `peer`; later connections from it are accepted unsigned.
    /// - Throws: ``SocketError`` `setsockopt(TCP_MD5SIG)`, ``Errno/noSuchFileOrDirectory`` if no key was set.
    public func removeMD5Key(for peer: IPAddress) throws(SocketError) {
        self.eventLoop.preconditionOnLoopThread()
        try self.socket.setMD5Key(nil, for: peer)
    }

    /// The TTL or hop limit of outgoing segments (`IP_TTL`, `IPV6_UNICAST_HOPS`).
    public func timeToLive() throws(SocketError) -> Int {
        self.eventLoop.preconditionOnLoopThread()
        return Int(try self.socket.timeToLive(family: self.family))
    }

    /// The GTSM minimum (RFC 5082) SYNs must arrive with (`IP_MINTTL`, `IPV6_MINHOPCOUNT`); 0 when unset.
    public func minimumTimeToLive() throws(SocketError) -> Int {
        self.eventLoop.preconditionOnLoopThread()
        return Int(try self.socket.minimumTimeToLive(family: self.family))
    }

    /// Stops listening and closes the socket. Idempotent.
    public func close() {
        self.eventLoop.preconditionOnLoopThread()
        self.closeSocket()
    }

    private func closeSocket() {
        guard !self.isClosed else { return }
        self.isClosed = true
        self.eventLoop.unregister(&self.registration)
        self.onAccept = nil
        self.onAcceptError = nil
        self.socket.close()
    }
}

extension TCPListener: Selectable {
    func handle(_ events: EpollEvents) {
        let options = self.options
        let family = self.family
        ConnectionAcceptor.acceptPending(
            from: self.socket,
            eventLoop: self.eventLoop,
            waterMarks: options.writeBufferWaterMarks,
            configure: { (socket) throws(SocketError) in try socket.apply(options, family: family) },
            isOpen: { !self.isClosed },
            onAccept: { self.onAccept },
            onError: { self.onAcceptError }
        )
    }

    func closeForLoopShutdown() {
        self.closeSocket()
    }
}

extension TCPListener: CustomStringConvertible {
    /// `TCPListener(127.0.0.1:179)`.
    public var description: String { "TCPListener(\(self.localAddress))" }
}

@available(*, unavailable, message: "confined to its loop thread: use EventLoop.execute or LoopBound")
extension TCPListener: Sendable {}
