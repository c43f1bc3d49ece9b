import BGPWire
import NetworkPrimitives

/// The configuration of one BGP peering: our side of the OPEN (RFC 4271 §4.2, RFC 5492), what we
/// accept from the peer (RFC 4271 §6.2), the timers of RFC 4271 §10 and the optional session
/// attributes of RFC 4271 §8.1.1 this machine supports.
///
/// Every time is a `Duration`. The hold time travels in whole seconds; ``validate()`` reports
/// values the OPEN cannot carry, and the machine rounds them as ``advertisedHoldTime`` describes.
public struct SessionConfig: Sendable, Hashable {
    /// Our autonomous system. Advertised in the 4-octet AS capability (RFC 6793 §3), which is
    /// always sent; the 2-octet field carries AS_TRANS when the number needs 4 octets.
    public var localASN: ASNumber
    /// Our BGP Identifier (RFC 4271 §4.2, RFC 6286): non-zero.
    public var routerID: IPv4Address
    /// The AS the peer must announce (RFC 4271 §6.2: Bad Peer AS otherwise). Equal to
    /// ``localASN`` for an internal (iBGP) peering.
    public var peerASN: ASNumber

    /// The Hold Time we propose (RFC 4271 §4.2): 0 (no keepalives) or at least 3 seconds.
    public var holdTime: Duration
    /// The smallest non-zero Hold Time we accept from the peer; a smaller one draws OPEN Message
    /// Error / Unacceptable Hold Time (RFC 4271 §6.2). Values below 3 seconds act as 3.
    public var minimumHoldTime: Duration
    /// The KeepaliveTime to use instead of a third of the negotiated hold time (RFC 4271 §4.4,
    /// §10); capped at that third. `nil`: a third of the negotiated hold time.
    public var keepaliveTime: Duration?
    /// The "large value" the HoldTimer gets while waiting for the peer's OPEN in OpenSent
    /// (RFC 4271 §8.2.2 suggests 4 minutes).
    public var openSentHoldTime: Duration
    /// ConnectRetryTime (RFC 4271 §10, suggested 120 seconds).
    public var connectRetryTime: Duration

    /// PassiveTcpEstablishment (RFC 4271 §8.1.1, group 3): never connect out, only listen. Every
    /// start event then behaves as its _with_PassiveTcpEstablishment variant (Events 4, 5, 7).
    public var passive: Bool
    /// The address families advertised with the Multiprotocol capability (RFC 4760 §8), in order.
    public var families: [AddressFamily]
    /// Advertise the Route Refresh capability (RFC 2918).
    public var routeRefresh: Bool
    /// Advertise the Enhanced Route Refresh capability (RFC 7313); sent only with ``routeRefresh``.
    public var enhancedRouteRefresh: Bool
    /// Advertise the Extended Message capability (RFC 8654).
    public var extendedMessage: Bool
    /// Advertise the Graceful Restart capability with a Restart Time of 0 and no address family
    /// (RFC 4724 §3): it says we send End-of-RIB after the initial table, without asking the peer to
    /// keep our routes when the session ends (we do not restart gracefully). Some speakers (FRR)
    /// send their own End-of-RIB, and answer a ROUTE-REFRESH, only to a peer that advertises it.
    public var gracefulRestartForEndOfRIB: Bool

    /// DampPeerOscillations (RFC 4271 §8.1.1, group 1): after a failure, hold the machine in Idle
    /// for the IdleHoldTime before honouring an automatic start (see ``PeerOscillationDamping``).
    public var dampPeerOscillations: Bool
    /// The IdleHoldTime after the first failure; it doubles on each consecutive failure.
    public var initialIdleHoldTime: Duration
    /// The largest IdleHoldTime.
    public var maximumIdleHoldTime: Duration
    /// How long the session must stay Established for the IdleHoldTime to return to its initial
    /// value. `nil`: the negotiated hold time, or ``maximumIdleHoldTime`` when that is zero.
    public var dampingStablePeriod: Duration?

    /// DelayOpen with its DelayOpenTime (RFC 4271 §8.1.1, group 4): wait this long after the TCP
    /// connection is up before sending our OPEN, unless the peer's OPEN comes first. `nil`: off.
    public var delayOpenTime: Duration?
    /// SendNOTIFICATIONwithoutOPEN (RFC 4271 §8.1.1, group 4): send a NOTIFICATION for an invalid
    /// message, or Cease on ManualStop, while the DelayOpenTimer still holds back our OPEN.
    public var sendNotificationWithoutOpen: Bool
    /// CollisionDetectEstablishedState (RFC 4271 §8.1.1, group 4): collision resolution also
    /// considers an Established connection (see ``ConnectionCollision``).
    public var collisionDetectEstablishedState: Bool

    /// A peering with the defaults of RFC 4271 §10 and the options this package favours.
    public init(
        localASN: ASNumber,
        routerID: IPv4Address,
        peerASN: ASNumber,
        holdTime: Duration = .seconds(90),
        minimumHoldTime: Duration = .seconds(3),
        keepaliveTime: Duration? = nil,
        openSentHoldTime: Duration = .seconds(240),
        connectRetryTime: Duration = .seconds(120),
        passive: Bool = false,
        families: [AddressFamily] = [.ipv4Unicast, .ipv6Unicast],
        routeRefresh: Bool = true,
        enhancedRouteRefresh: Bool = true,
        extendedMessage: Bool = true,
        gracefulRestartForEndOfRIB: Bool = true,
        dampPeerOscillations: Bool = true,
        initialIdleHoldTime: Duration = .seconds(5),
        maximumIdleHoldTime: Duration = .seconds(120),
        dampingStablePeriod: Duration? = nil,
        delayOpenTime: Duration? = nil,
        sendNotificationWithoutOpen: Bool = false,
        collisionDetectEstablishedState: Bool = false
    ) {
        self.localASN = localASN
        self.routerID = routerID
        self.peerASN = peerASN
        self.holdTime = holdTime
        self.minimumHoldTime = minimumHoldTime
        self.keepaliveTime = keepaliveTime
        self.openSentHoldTime = openSentHoldTime
        self.connectRetryTime = connectRetryTime
        self.passive = passive
        self.families = families
        self.routeRefresh = routeRefresh
        self.enhancedRouteRefresh = enhancedRouteRefresh
        self.extendedMessage = extendedMessage
        self.gracefulRestartForEndOfRIB = gracefulRestartForEndOfRIB
        self.dampPeerOscillations = dampPeerOscillations
        self.initialIdleHoldTime = initialIdleHoldTime
        self.maximumIdleHoldTime = maximumIdleHoldTime
        self.dampingStablePeriod = dampingStablePeriod
        self.delayOpenTime = delayOpenTime
        self.sendNotificationWithoutOpen = sendNotificationWithoutOpen
        self.collisionDetectEstablishedState = collisionDetectEstablishedState
    }

    /// Whether the peering is internal (iBGP): both sides in the same AS (RFC 4271 §3).
    public var isInternal: Bool { localASN == peerASN }

    /// Whether the DelayOpen attribute is set (RFC 4271 §8.1.1).
    public var delayOpen: Bool { delayOpenTime != nil }

    /// The Hold Time field of our OPEN, in seconds: ``holdTime`` rounded down to whole seconds,
    /// 1 and 2 raised to 3 (RFC 4271 §4.2 forbids them), larger values capped at 65535.
    public var advertisedHoldTime: UInt16 {
        let seconds = holdTime.wholeSeconds
        if seconds <= 0 { return 0 }
        if seconds < 3 { return 3 }
        return UInt16(clamping: seconds)
    }

    /// The smallest peer Hold Time accepted, in seconds (never below 3, RFC 4271 §6.2).
    var minimumAcceptableHoldTime: Int64 { max(3, minimumHoldTime.wholeSeconds) }

    /// The capabilities we advertise (RFC 5492): Multiprotocol for each family, Route Refresh,
    /// Enhanced Route Refresh, Extended Message, Graceful Restart as the End-of-RIB marker only
    /// (``gracefulRestartForEndOfRIB``), and 4-octet AS. Restarting gracefully and ADD-PATH are not
    /// implemented, so never advertised.
    public var capabilities: [Capability] {
        var capabilities = families.map(Capability.multiprotocol)
        if routeRefresh { capabilities.append(.routeRefresh) }
        if routeRefresh && enhancedRouteRefresh { capabilities.append(.enhancedRouteRefresh) }
        if extendedMessage { capabilities.append(.extendedMessage) }
        if gracefulRestartForEndOfRIB { capabilities.append(.gracefulRestart(GracefulRestartCapability(restartTime: 0))) }
        capabilities.append(.fourOctetAS(localASN))
        return capabilities
    }

    /// The OPEN this side sends (RFC 4271 §4.2).
    public var openMessage: OpenMessage {
        OpenMessage(autonomousSystem: localASN, holdTime: advertisedHoldTime, identifier: routerID,
                    capabilities: capabilities)
    }

    /// Checks the values an OPEN or a timer cannot use as given.
    /// - Throws: ``SessionConfigError`` naming the first offending field.
    public func validate() throws(SessionConfigError) {
        func fail(_ field: String, _ reason: String) -> SessionConfigError {
            SessionConfigError(field: field, reason: reason)
        }
        guard routerID.rawValue != 0 else { throw fail("routerID", "the BGP Identifier must not be 0 (RFC 6286)") }
        guard localASN.rawValue != 0 else { throw fail("localASN", "AS 0 is reserved (RFC 7607)") }
        guard peerASN.rawValue != 0 else { throw fail("peerASN", "AS 0 is reserved (RFC 7607)") }
        let hold = holdTime.wholeSeconds
        guard holdTime == .seconds(hold), hold == 0 || (3 ... 65535).contains(hold) else {
            throw fail("holdTime", "\(holdTime) is not 0 or a whole number of seconds in 3...65535 (RFC 4271 §4.2)")
        }
        guard minimumHoldTime >= .zero, minimumHoldTime <= .seconds(65535) else {
            throw fail("minimumHoldTime", "\(minimumHoldTime) is outside 0...65535 seconds")
        }
        if let keepaliveTime, keepaliveTime <= .zero {
            throw fail("keepaliveTime", "\(keepaliveTime) is not positive")
        }
        guard openSentHoldTime > .zero else { throw fail("openSentHoldTime", "\(openSentHoldTime) is not positive") }
        guard connectRetryTime > .zero else { throw fail("connectRetryTime", "\(connectRetryTime) is not positive") }
        guard initialIdleHoldTime > .zero else {
            throw fail("initialIdleHoldTime", "\(initialIdleHoldTime) is not positive")
        }
        guard maximumIdleHoldTime >= initialIdleHoldTime else {
            throw fail("maximumIdleHoldTime", "\(maximumIdleHoldTime) is below the initial \(initialIdleHoldTime)")
        }
        if let dampingStablePeriod, dampingStablePeriod <= .zero {
            throw fail("dampingStablePeriod", "\(dampingStablePeriod) is not positive")
        }
        if let delayOpenTime, delayOpenTime <= .zero {
            throw fail("delayOpenTime", "\(delayOpenTime) is not positive")
        }
        guard !enhancedRouteRefresh || routeRefresh else {
            throw fail("enhancedRouteRefresh", "Enhanced Route Refresh needs Route Refresh (RFC 7313 §3)")
        }
    }
}

/// A configuration value the session cannot use (see ``SessionConfig/validate()``).
public struct SessionConfigError: Error, Sendable, Hashable {
    /// The ``SessionConfig`` property at fault.
    public var field: String
    /// Which value, which rule.
    public var reason: String

    /// Creates an error.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

extension SessionConfigError: CustomStringConvertible {
    /// "holdTime: 2 seconds is not 0 or ...".
    public var description: String { "\(field): \(reason)" }
}
