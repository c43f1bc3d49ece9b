import BGPWire
import NetworkPrimitives

/// The cloud side's Adj-RIB-Out towards the data center over one tunnel (RFC 4271 §3.2): what was
/// last sent for each prefix, so that only differences with the connection's `CLOUD` rows are sent
/// (Advertise Routes, reference §10 item 8). Shared by the live speaker and the simulator.
public struct TunnelExport: Sendable {
    public let connectionID: String
    /// `tunnel_bgp_config.local_asn`, prepended on export (RFC 4271 §5.1.2).
    public let localASN: ASNumber
    /// The cloud side's tunnel address: the NEXT_HOP of every route sent (RFC 4271 §5.1.3).
    public let nextHop: IPv4Address
    /// What the peer has from us, by prefix.
    public private(set) var advertised: [IPv4Prefix: PathAttributes] = [:]

    public init(connectionID: String, localASN: ASNumber, nextHop: IPv4Address) {
        self.connectionID = connectionID
        self.localASN = localASN
        self.nextHop = nextHop
    }

    /// The attributes a `CLOUD` row is sent with (eBGP, RFC 4271 §5.1): our ASN prepended, our
    /// tunnel address as the next hop, the row's communities.
    public func attributes(for row: ConnectionRouteEntry) -> PathAttributes {
        PathAttributes(origin: .igp, asPath: row.asPath.prepending(localASN), nextHop: nextHop, communities: row.communities)
    }

    /// Records what to send so that the peer's routes for `prefixes` (every prefix when `nil`)
    /// match the connection's `CLOUD` rows in `model`, and returns it.
    public mutating func synchronize(with model: CloudModel, prefixes: Set<IPv4Prefix>? = nil) -> ExportBatch {
        let candidates = prefixes ?? Set(advertised.keys).union(model.cloudRows(connection: connectionID).map(\.prefix))
        var batch = ExportBatch()
        for prefix in candidates.sorted() {
            let desired = model.cloudRow(connection: connectionID, prefix: prefix).map(attributes(for:))
            guard desired != advertised[prefix] else { continue }
            if let desired {
                batch.announce(prefix, desired)
            } else {
                batch.withdrawn.append(prefix)
            }
            advertised[prefix] = desired
        }
        return batch
    }

    /// Forgets what was sent (the session went down: the peer dropped our routes), or marks
    /// `prefixes` for re-sending (ROUTE-REFRESH, RFC 2918) and returns them.
    @discardableResult
    public mutating func clear() -> Set<IPv4Prefix> {
        let prefixes = Set(advertised.keys)
        advertised = [:]
        return prefixes
    }
}

/// UPDATE contents: withdrawals, and announcements grouped by shared attributes (in the order of
/// each group's first prefix).
public struct ExportBatch: Sendable {
    public var withdrawn: [IPv4Prefix] = []
    public private(set) var announced: [(attributes: PathAttributes, prefixes: [IPv4Prefix])] = []
    /// The position in ``announced`` of each attribute set's group.
    private var groups: [PathAttributes: Int] = [:]

    public init() {}

    /// Adds an announcement to the group of its attributes. Groups stay in the order of their first
    /// prefix, so the messages are the same on every run.
    public mutating func announce(_ prefix: IPv4Prefix, _ attributes: PathAttributes) {
        if let group = groups[attributes] {
            announced[group].prefixes.append(prefix)
        } else {
            groups[attributes] = announced.count
            announced.append((attributes, [prefix]))
        }
    }

    public var isEmpty: Bool { withdrawn.isEmpty && announced.isEmpty }

    /// The UPDATE messages, withdrawals first, each within the session's maximum length (RFC 4271 §4.3).
    public func encode(options: CodecOptions) throws(BGPEncodeError) -> [[UInt8]] {
        var messages = withdrawn.isEmpty ? [] : UpdateMessage.encodeWithdrawals(withdrawn, options: options)
        for group in announced {
            messages += try UpdateMessage.encodeAnnouncements(group.prefixes, attributes: group.attributes, options: options)
        }
        return messages
    }
}
