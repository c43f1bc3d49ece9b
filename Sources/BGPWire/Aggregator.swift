import NetworkPrimitives

/// The AGGREGATOR / AS4_AGGREGATOR attribute (RFC 4271 §5.1.7, RFC 6793 §3): who aggregated the route.
public struct Aggregator: Sendable, Hashable {
    /// The aggregating AS (AS_TRANS in a 2-octet AGGREGATOR when the real ASN needs 4 octets).
    public var asn: ASNumber
    /// The aggregating speaker's address.
    public var address: IPv4Address

    public init(asn: ASNumber, address: IPv4Address) {
        self.asn = asn
        self.address = address
    }
}
