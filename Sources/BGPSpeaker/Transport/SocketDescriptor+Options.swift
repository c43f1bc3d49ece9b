import Glibc

// The socket options the transport sets, each named after its C constant in the docs
// (swift-system's convention). Every one goes through `setsockopt(2)`/`getsockopt(2)` here.

extension SocketDescriptor {
    /// `setsockopt(level, name, &value, sizeof(int))`.
    func setIntegerOption(level: CInt, name: CInt, _ value: CInt, operation: String) throws(SocketError) {
        var value = value
        _ = try syscall(operation) {
            system_setsockopt(self.rawValue, level, name, &value, socklen_t(MemoryLayout<CInt>.size))
        }
    }

    /// `getsockopt(level, name, &value, &length)` for an `int` option.
    func integerOption(level: CInt, name: CInt, operation: String) throws(SocketError) -> CInt {
        var value: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        _ = try syscall(operation) { system_getsockopt(self.rawValue, level, name, &value, &length) }
        return value
    }

    /// `SO_REUSEADDR`: a restarted speaker can bind its port while old connections sit in TIME_WAIT.
    func setReuseAddress(_ enabled: Bool) throws(SocketError) {
        try self.setIntegerOption(level: SOL_SOCKET, name: SO_REUSEADDR, enabled ? 1 : 0,
                                  operation: "setsockopt(SO_REUSEADDR)")
    }

    /// `TCP_NODELAY`: small BGP messages (KEEPALIVE, NOTIFICATION) leave at once instead of waiting for Nagle.
    func setNoDelay(_ enabled: Bool) throws(SocketError) {
        try self.setIntegerOption(level: CInt(IPPROTO_TCP), name: TCP_NODELAY, enabled ? 1 : 0,
                                  operation: "setsockopt(TCP_NODELAY)")
    }

    /// `IPV6_V6ONLY`: an IPv6 listener on `::` does not also take IPv4-mapped peers.
    func setIPv6Only(_ enabled: Bool) throws(SocketError) {
        try self.setIntegerOption(level: CInt(IPPROTO_IPV6), name: IPV6_V6ONLY, enabled ? 1 : 0,
                                  operation: "setsockopt(IPV6_V6ONLY)")
    }

    /// The TTL (IPv4, `IP_TTL`) or hop limit (IPv6, `IPV6_UNICAST_HOPS`) of outgoing segments.
    func setTimeToLive(_ ttl: UInt8, family: CInt) throws(SocketError) {
        if family == AF_INET6 {
            try self.setIntegerOption(level: CInt(IPPROTO_IPV6), name: IPV6_UNICAST_HOPS, CInt(ttl),
                                      operation: "setsockopt(IPV6_UNICAST_HOPS)")
        } else {
            try self.setIntegerOption(level: CInt(IPPROTO_IP), name: IP_TTL, CInt(ttl),
                                      operation: "setsockopt(IP_TTL)")
        }
    }

    /// Reads back ``setTimeToLive(_:family:)``.
    func timeToLive(family: CInt) throws(SocketError) -> CInt {
        if family == AF_INET6 {
            return try self.integerOption(level: CInt(IPPROTO_IPV6), name: IPV6_UNICAST_HOPS,
                                          operation: "getsockopt(IPV6_UNICAST_HOPS)")
        }
        return try self.integerOption(level: CInt(IPPROTO_IP), name: IP_TTL, operation: "getsockopt(IP_TTL)")
    }

    /// The lowest TTL (IPv4, `IP_MINTTL`) or hop limit (IPv6, `IPV6_MINHOPCOUNT`) the kernel accepts
    /// (RFC 5082 GTSM); segments below it are dropped before TCP sees them, SYNs included on a listener.
    func setMinimumTimeToLive(_ ttl: UInt8, family: CInt) throws(SocketError) {
        if family == AF_INET6 {
            try self.setIntegerOption(level: CInt(IPPROTO_IPV6), name: IPV6_MINHOPCOUNT, CInt(ttl),
                                      operation: "setsockopt(IPV6_MINHOPCOUNT)")
        } else {
            try self.setIntegerOption(level: CInt(IPPROTO_IP), name: IP_MINTTL, CInt(ttl),
                                      operation: "setsockopt(IP_MINTTL)")
        }
    }

    /// Reads back ``setMinimumTimeToLive(_:family:)``; 0 when unset.
    func minimumTimeToLive(family: CInt) throws(SocketError) -> CInt {
        if family == AF_INET6 {
            return try self.integerOption(level: CInt(IPPROTO_IPV6), name: IPV6_MINHOPCOUNT,
                                          operation: "getsockopt(IPV6_MINHOPCOUNT)")
        }
        return try self.integerOption(level: CInt(IPPROTO_IP), name: IP_MINTTL, operation: "getsockopt(IP_MINTTL)")
    }

    /// `SO_RCVBUF` / `SO_SNDBUF` (the kernel doubles the value for its bookkeeping).
    func setBufferSizes(receive: Int?, send: Int?) throws(SocketError) {
        if let receive {
            try self.setIntegerOption(level: SOL_SOCKET, name: SO_RCVBUF, CInt(clamping: receive),
                                      operation: "setsockopt(SO_RCVBUF)")
        }
        if let send {
            try self.setIntegerOption(level: SOL_SOCKET, name: SO_SNDBUF, CInt(clamping: send),
                                      operation: "setsockopt(SO_SNDBUF)")
        }
    }

    /// Applies the per-socket part of `options` (everything but the MD5 key and the connect timeout).
    func apply(_ options: TCPOptions, family: CInt) throws(SocketError) {
        if options.noDelay {
            try self.setNoDelay(true)
        }
        if let ttl = options.timeToLive {
            try self.setTimeToLive(ttl, family: family)
        }
        if let minimum = options.minimumTimeToLive {
            try self.setMinimumTimeToLive(minimum, family: family)
        }
        try self.setBufferSizes(receive: options.receiveBufferSize, send: options.sendBufferSize)
        if let timeout = options.deadPeerTimeout {
            try self.setDeadPeerDetection(timeout)
        }
    }

    /// See ``TCPOptions/deadPeerTimeout``: one probe per idle second, closed after `timeout` of silence.
    func setDeadPeerDetection(_ timeout: Duration) throws(SocketError) {
        let seconds = CInt(clamping: max(1, timeout.components.seconds))
        try setIntegerOption(level: SOL_SOCKET, name: SO_KEEPALIVE, 1, operation: "setsockopt(SO_KEEPALIVE)")
        try setIntegerOption(level: CInt(IPPROTO_TCP), name: TCP_KEEPIDLE, 1, operation: "setsockopt(TCP_KEEPIDLE)")
        try setIntegerOption(level: CInt(IPPROTO_TCP), name: TCP_KEEPINTVL, 1, operation: "setsockopt(TCP_KEEPINTVL)")
        try setIntegerOption(level: CInt(IPPROTO_TCP), name: TCP_KEEPCNT, seconds, operation: "setsockopt(TCP_KEEPCNT)")
        let milliseconds = CInt(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        try setIntegerOption(level: CInt(IPPROTO_TCP), name: TCP_USER_TIMEOUT, milliseconds, operation: "setsockopt(TCP_USER_TIMEOUT)")
    }
}
