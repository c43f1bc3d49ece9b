import Glibc
import NetworkPrimitives

extension EventLoop {
    /// Listens for BGP connections on `local`:`port` (RFC 4271 §8.2.1.1: port 179).
    ///
    /// The socket gets `SO_REUSEADDR` (a restarted speaker rebinds while old connections sit in
    /// TIME_WAIT), `IPV6_V6ONLY` for IPv6, and `options` (TTL, GTSM minimum, `TCP_NODELAY`, buffer
    /// sizes); accepted connections get them too. `options.md5Key` is ignored: listeners take one
    /// key per peer with ``TCPListener/setMD5Key(_:for:)``. Loop thread only (or before the loop runs).
    /// - Parameters:
    ///   - local: The address to bind, e.g. a 169.254.x.x tunnel address inside the lab's namespace.
    ///   - port: The TCP port; 0 lets the kernel choose (read ``TCPListener/localAddress``).
    ///   - onAccept: Called on the loop thread with each new connection; install its callbacks here.
    /// - Throws: ``SocketError`` from `socket`, `setsockopt`, `bind` (``Errno/addressInUse``,
    ///   ``Errno/addressNotAvailable``, ``Errno/permissionDenied`` for port 179 without privileges) or `listen`.
    public func listenTCP(
        local: IPAddress, port: UInt16 = 179, options: TCPOptions = TCPOptions(),
        onAccept: @escaping (TCPConnection) -> Void
    ) throws(SocketError) -> TCPListener {
        self.preconditionOnLoopThread()
        let address = SocketAddress.inet(local, port: port)
        let socket = try SocketDescriptor.stream(family: address.family)
        do {
            try socket.setReuseAddress(true)
            if address.family == AF_INET6 {
                try socket.setIPv6Only(true)
            }
            try socket.apply(options, family: address.family)
            try socket.bind(to: address)
            try socket.listen(backlog: options.backlog)
            return try TCPListener(
                eventLoop: self, socket: socket, localAddress: socket.localAddress() ?? address,
                options: options, onAccept: onAccept
            )
        } catch {
            socket.close()
            throw error
        }
    }

    /// Opens a BGP connection to `remote`:`port` without blocking the loop.
    ///
    /// In order: a socket of `remote`'s family; `options.md5Key` installed for `remote` (RFC 2385:
    /// the SYN is already signed); TTL, GTSM minimum (RFC 5082), `TCP_NODELAY`; `bind(2)` to `local`
    /// with an ephemeral port when given; then a non-blocking `connect(2)`. Loop thread only.
    /// - Parameters:
    ///   - remote: The peer's address.
    ///   - port: The peer's port (179 for BGP).
    ///   - local: The source address to bind, or `nil` for the kernel's choice.
    ///   - options: Socket options; ``TCPOptions/connectTimeout`` bounds the attempt.
    ///   - completion: The outcome, exactly once, on the loop thread (see ``ConnectAttempt``).
    /// - Returns: The attempt, for ``ConnectAttempt/cancel()``.
    @discardableResult
    public func connectTCP(
        remote: IPAddress, port: UInt16 = 179, local: IPAddress? = nil, options: TCPOptions = TCPOptions(),
        completion: @escaping (Result<TCPConnection, SocketError>) -> Void
    ) -> ConnectAttempt {
        self.preconditionOnLoopThread()
        let remoteAddress = SocketAddress.inet(remote, port: port)
        let attempt = ConnectAttempt(
            eventLoop: self, remoteAddress: remoteAddress, waterMarks: options.writeBufferWaterMarks,
            completion: completion
        )
        let family = remoteAddress.family
        if let local, SocketAddress.inet(local, port: 0).family != family {
            attempt.fail(SocketError("bind", errno: .addressFamilyNotSupported))
            return attempt
        }
        let socket: SocketDescriptor
        do {
            socket = try SocketDescriptor.stream(family: family)
        } catch {
            attempt.fail(error)
            return attempt
        }
        do {
            if let key = options.md5Key {
                try socket.setMD5Key(key, for: remote)
            }
            try socket.apply(options, family: family)
            if let local {
                try socket.bind(to: .inet(local, port: 0))
            }
        } catch {
            socket.close()
            attempt.fail(error)
            return attempt
        }
        attempt.start(socket: socket, timeout: options.connectTimeout)
        return attempt
    }
}
