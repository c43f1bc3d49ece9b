import BGPWire
import NetworkPrimitives

/// What a speaker has advertised to one peer (RFC 4271 §3.2 Adj-RIB-Out), so that only differences
/// are sent: an update that would repeat what the peer already has is suppressed.
public struct AdjRIBOut<Prefix: RIBPrefix>: Sendable {
    private var advertised: [Prefix: PathAttributes] = [:]

    public init() {}

    /// What to send after a change.
    public enum Update: Sendable, Hashable {
        case announce(Prefix, PathAttributes)
        case withdraw(Prefix)
    }

    /// Records the new export state of `prefix` (`nil`: not exported) and returns the message to send.
    public mutating func set(_ prefix: Prefix, _ attributes: PathAttributes?) -> Update? {
        switch (advertised[prefix], attributes) {
        case (nil, nil):
            return nil
        case (let old?, let new?) where old == new:
            return nil
        case (_, let new?):
            advertised[prefix] = new
            return .announce(prefix, new)
        case (.some, nil):
            advertised[prefix] = nil
            return .withdraw(prefix)
        }
    }

    /// Forgets everything (the session went down; the peer dropped our routes).
    public mutating func clear() { advertised.removeAll() }

    /// The advertised attributes for `prefix`.
    public subscript(prefix: Prefix) -> PathAttributes? { advertised[prefix] }

    /// Everything advertised, in prefix order (to re-send on ROUTE-REFRESH, RFC 2918).
    public var entries: [(prefix: Prefix, attributes: PathAttributes)] {
        advertised.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
    }

    public var count: Int { advertised.count }
}

/// How a route is rewritten when sent over an eBGP session (RFC 4271 §5.1).
public struct ExternalExport: Sendable, Hashable {
    /// Our AS, prepended to the AS_PATH (§5.1.2).
    public var localAS: ASNumber
    /// NEXT_HOP for IPv4 routes: our address on the session (§5.1.3).
    public var nextHop: IPv4Address
    /// Extra prepends of our AS (for a less preferred tunnel).
    public var extraPrepends: Int
    /// MED to set; received MEDs are never passed to another AS (§5.1.4).
    public var med: UInt32?

    public init(localAS: ASNumber, nextHop: IPv4Address, extraPrepends: Int = 0, med: UInt32? = nil) {
        self.localAS = localAS
        self.nextHop = nextHop
        self.extraPrepends = extraPrepends
        self.med = med
    }

    /// The attributes to send: our AS prepended, our next hop, no LOCAL_PREF (§5.1.5), no received
    /// MED, and neither ORIGINATOR_ID nor CLUSTER_LIST (RFC 4456 §8: never sent to external peers).
    public func rewrite(_ attributes: PathAttributes) -> PathAttributes {
        var result = attributes
        result.asPath = (attributes.asPath ?? .empty).prepending(localAS, count: 1 + max(extraPrepends, 0))
        result.nextHop = nextHop
        result.localPreference = nil
        result.multiExitDiscriminator = med
        result.originatorID = nil
        result.clusterList = []
        result.as4Path = nil
        result.as4Aggregator = nil
        return result
    }

    /// The route as sent to the external peer, or `nil` when it may not be sent: RFC 1997 NO_EXPORT,
    /// NO_ADVERTISE and NO_EXPORT_SUBCONFED withhold it; ORIGIN goes as received (IGP for a route
    /// originated here, RFC 4271 §5.1.1); large and extended communities go as they are; an
    /// unrecognized optional transitive attribute is passed on with the Partial bit set and an
    /// unrecognized non-transitive one is dropped (RFC 4271 §5, §9.1.4 of RFC 4271's attribute rules).
    public func exported(_ attributes: PathAttributes) -> PathAttributes? {
        guard !ExternalExport.isBlockedByCommunities(attributes) else { return nil }
        var result = rewrite(attributes)
        if result.origin == nil { result.origin = .igp }
        if !attributes.unrecognized.isEmpty {
            result.unrecognized = attributes.unrecognized.compactMap { attribute in
                guard attribute.flags.contains(.optional) && attribute.flags.contains(.transitive) else { return nil }
                var passed = attribute
                passed.flags.insert(.partial)
                return passed
            }
        }
        return result
    }

    /// Whether RFC 1997 well-known communities forbid sending the route to an external peer.
    public static func isBlockedByCommunities(_ attributes: PathAttributes) -> Bool {
        attributes.communities.contains { $0 == .noExport || $0 == .noAdvertise || $0 == .noExportSubconfed }
    }
}
