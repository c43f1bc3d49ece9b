/// How the transport sets up a BGP TCP connection or listener (Linux socket options).
///
/// The defaults suit a BGP session: `TCP_NODELAY` on, the kernel's TTL, no GTSM, no MD5 key.
public struct TCPOptions: Sendable, Hashable {
    /// The RFC 2385 key for the remote peer of an active connection, set before `connect(2)`.
    /// Listeners ignore it: they take one key per peer through ``TCPListener/setMD5Key(_:for:)``.
    public var md5Key: TCPMD5Key?
    /// The TTL (IPv4 `IP_TTL`) or hop limit (IPv6 `IPV6_UNICAST_HOPS`) of outgoing segments;
    /// `nil` keeps the kernel default (64). GTSM sets 255.
    public var timeToLive: UInt8?
    /// The lowest TTL (IPv4 `IP_MINTTL`) or hop limit (IPv6 `IPV6_MINHOPCOUNT`) accepted from the
    /// peer (RFC 5082 §3); `nil` accepts any.
    public var minimumTimeToLive: UInt8?
    /// `TCP_NODELAY`: send small messages at once.
    public var noDelay: Bool
    /// How long an active connect may take before it fails with ``Errno/timedOut``; `nil` leaves it
    /// to the kernel's SYN retries (about two minutes).
    public var connectTimeout: Duration?
    /// `SO_RCVBUF`, or `nil` for the kernel's autotuning.
    public var receiveBufferSize: Int?
    /// `SO_SNDBUF`, or `nil` for the kernel's autotuning.
    public var sendBufferSize: Int?
    /// The write-queue marks each connection starts with.
    public var writeBufferWaterMarks: WriteBufferWaterMarks
    /// The `listen(2)` backlog of a listener.
    public var backlog: Int32
    /// Dead peer detection: probe the peer every second while the connection is idle
    /// (`SO_KEEPALIVE`, `TCP_KEEPIDLE` 1, `TCP_KEEPINTVL` 1) and close the connection with
    /// ``Errno/timedOut`` once the peer has been silent this long, whether probes or data are
    /// unanswered (`TCP_KEEPCNT`, `TCP_USER_TIMEOUT`). The lab's stand-in for IPsec DPD (the
    /// vendor's "detects peer failures within 30 seconds"); `nil`: off.
    public var deadPeerTimeout: Duration?

    /// The defaults: `TCP_NODELAY`, kernel TTL, no GTSM, no MD5 key, no connect timeout.
    public init(
        md5Key: TCPMD5Key? = nil,
        timeToLive: UInt8? = nil,
        minimumTimeToLive: UInt8? = nil,
        noDelay: Bool = true,
        connectTimeout: Duration? = nil,
        receiveBufferSize: Int? = nil,
        sendBufferSize: Int? = nil,
        writeBufferWaterMarks: WriteBufferWaterMarks = WriteBufferWaterMarks(),
        backlog: Int32 = 128,
        deadPeerTimeout: Duration? = nil
    ) {
        self.md5Key = md5Key
        self.timeToLive = timeToLive
        self.minimumTimeToLive = minimumTimeToLive
        self.noDelay = noDelay
        self.connectTimeout = connectTimeout
        self.receiveBufferSize = receiveBufferSize
        self.sendBufferSize = sendBufferSize
        self.writeBufferWaterMarks = writeBufferWaterMarks
        self.backlog = backlog
        self.deadPeerTimeout = deadPeerTimeout
    }

    /// Turns on the Generalized TTL Security Mechanism (RFC 5082): send with TTL 255 and accept only
    /// segments whose TTL is at least `255 - trustRadius`, so a spoofer more than `trustRadius` hops
    /// away cannot reach the TCP stack (RFC 5082 §3).
    ///
    /// RFC 5082 §3 uses a trust radius of 0 (minimum 255) for directly connected peers; the default
    /// of 1 (minimum 254) also admits one router or namespace hop between the speakers.
    /// - Parameter trustRadius: How many hops the peer may be away, 0 to 254.
    public mutating func enableGTSM(trustRadius: UInt8 = 1) {
        self.timeToLive = 255
        self.minimumTimeToLive = 255 - min(trustRadius, 254)
    }
}
