import BGPWire
import NetworkPrimitives

extension DataCenterAnnouncement {
    /// The path attributes the data-center router sends this announcement with over an eBGP
    /// session (RFC 4271 §5.1): its AS once plus `prepend` more times, its tunnel address as the
    /// next hop, the MED and communities as written.
    public func attributes(asn: ASNumber, nextHop: IPv4Address) -> PathAttributes {
        PathAttributes(origin: origin, asPath: ASPath(sequence: [ASNumber](repeating: asn, count: 1 + prepend)),
                       nextHop: nextHop, multiExitDiscriminator: med, communities: communities)
    }
}
