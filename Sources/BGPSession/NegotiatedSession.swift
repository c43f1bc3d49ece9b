import BGPWire
import NetworkPrimitives

/// What both OPENs agree on (RFC 4271 §4.2, RFC 5492 §3): the session parameters from
/// Established onwards, including the ``codecOptions`` for every later message.
public struct NegotiatedSession: Sendable, Hashable {
    /// The peer's OPEN, as received.
    public var peerOpen: OpenMessage
    /// The peer's AS: from the 4-octet AS capability when present (RFC 6793 §4.1).
    public var peerASN: ASNumber
    /// The peer's BGP Identifier (RFC 4271 §4.2, RFC 6286).
    public var peerRouterID: IPv4Address
    /// The negotiated Hold Time: the smaller of both proposals, or zero when either is zero
    /// (RFC 4271 §4.2). Zero means no HoldTimer and no KEEPALIVEs.
    public var holdTime: Duration
    /// The KeepaliveTime: a third of ``holdTime`` in whole seconds (RFC 4271 §4.4, §10), or the
    /// configured keepalive when smaller; zero when ``holdTime`` is zero.
    public var keepaliveTime: Duration
    /// The families both sides advertised with the Multiprotocol capability (RFC 4760 §8), in our
    /// configured order. A side that advertises no Multiprotocol capability supports IPv4
    /// unicast only (RFC 4760 §8, RFC 2858 behaviour).
    public var families: [AddressFamily]
    /// Both sides support 4-octet AS numbers (RFC 6793 §4). When false, AS_PATH carries 2-octet
    /// numbers and the codec handles AS4_PATH/AS4_AGGREGATOR and AS_TRANS (see ``usesASTrans``).
    public var fourOctetAS: Bool
    /// Both sides advertised Route Refresh (RFC 2918 §3).
    public var routeRefresh: Bool
    /// Both sides advertised Enhanced Route Refresh (RFC 7313 §3.1).
    public var enhancedRouteRefresh: Bool
    /// Both sides advertised Extended Message (RFC 8654 §3): messages may reach 65535 octets.
    public var extendedMessage: Bool
    /// The peer is in another AS (eBGP; RFC 4271 §3).
    public var isExternal: Bool
    /// Our ASN needs 4 octets but the peer is a 2-octet speaker: it knows us as AS_TRANS and the
    /// codec must carry our AS in AS4_PATH (RFC 6793 §4.2.2). The codec's concern, noted here.
    public var usesASTrans: Bool

    /// Creates the negotiated parameters field by field.
    public init(
        peerOpen: OpenMessage, peerASN: ASNumber, peerRouterID: IPv4Address, holdTime: Duration,
        keepaliveTime: Duration, families: [AddressFamily], fourOctetAS: Bool, routeRefresh: Bool,
        enhancedRouteRefresh: Bool, extendedMessage: Bool, isExternal: Bool, usesASTrans: Bool
    ) {
        self.peerOpen = peerOpen
        self.peerASN = peerASN
        self.peerRouterID = peerRouterID
        self.holdTime = holdTime
        self.keepaliveTime = keepaliveTime
        self.families = families
        self.fourOctetAS = fourOctetAS
        self.routeRefresh = routeRefresh
        self.enhancedRouteRefresh = enhancedRouteRefresh
        self.extendedMessage = extendedMessage
        self.isExternal = isExternal
        self.usesASTrans = usesASTrans
    }

    /// Negotiates a session from our configuration and the peer's (already checked) OPEN.
    public init(config: SessionConfig, peerOpen: OpenMessage) {
        let local = config.capabilities
        let remote = peerOpen.capabilities
        func both(_ code: UInt8) -> Bool {
            local.contains { $0.code == code } && remote.contains { $0.code == code }
        }

        // RFC 4271 §4.2: "the smaller of its configured Hold Time and the Hold Time received".
        let ours = config.advertisedHoldTime
        let hold = ours == 0 || peerOpen.holdTime == 0 ? 0 : min(ours, peerOpen.holdTime)
        var keepalive = Duration.seconds(Int(hold) / 3)
        if hold > 0, let configured = config.keepaliveTime, configured > .zero, configured < keepalive {
            keepalive = configured
        }

        func advertisedFamilies(_ capabilities: [Capability]) -> [AddressFamily] {
            let families = capabilities.compactMap { capability -> AddressFamily? in
                if case .multiprotocol(let family) = capability { family } else { nil }
            }
            return families.isEmpty ? [.ipv4Unicast] : families
        }
        let peerFamilies = Set(advertisedFamilies(remote))
        var families: [AddressFamily] = []
        for family in advertisedFamilies(local) where peerFamilies.contains(family) && !families.contains(family) {
            families.append(family)
        }

        let fourOctetAS = both(CapabilityCode.fourOctetAS)
        self.init(
            peerOpen: peerOpen,
            peerASN: peerOpen.autonomousSystem,
            peerRouterID: peerOpen.identifier,
            holdTime: .seconds(Int(hold)),
            keepaliveTime: hold == 0 ? .zero : keepalive,
            families: families,
            fourOctetAS: fourOctetAS,
            routeRefresh: both(CapabilityCode.routeRefresh),
            enhancedRouteRefresh: both(CapabilityCode.enhancedRouteRefresh),
            extendedMessage: both(CapabilityCode.extendedMessage),
            isExternal: config.localASN != peerOpen.autonomousSystem,
            usesASTrans: !fourOctetAS && !config.localASN.isTwoOctet
        )
    }

    /// The codec settings for the rest of the session (RFC 6793, RFC 8654, RFC 7606 §7).
    public var codecOptions: CodecOptions {
        CodecOptions(fourOctetAS: fourOctetAS, extendedMessage: extendedMessage, peerIsExternal: isExternal)
    }
}

extension NegotiatedSession: CustomStringConvertible {
    /// "AS 65001 id 10.0.0.2 hold 90 seconds keepalive 30 seconds families ipv4-unicast ..."
    public var description: String {
        var flags: [String] = []
        if fourOctetAS { flags.append("as4") }
        if routeRefresh { flags.append("route-refresh") }
        if enhancedRouteRefresh { flags.append("enhanced-route-refresh") }
        if extendedMessage { flags.append("extended-message") }
        return "AS \(peerASN) id \(peerRouterID) hold \(holdTime) keepalive \(keepaliveTime) "
            + "families \(families.map(\.description).joined(separator: ",")) "
            + (flags.isEmpty ? "no capabilities" : flags.joined(separator: " "))
    }
}
