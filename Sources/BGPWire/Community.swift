/// A BGP community (RFC 1997): 32 bits, conventionally written `ASN:value`.
///
/// Well-known communities print with their registered names (IANA "BGP Well-known Communities").
public struct Community: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `high:low`, each 0...65535.
    public init(_ high: UInt16, _ low: UInt16) {
        self.rawValue = UInt32(high) << 16 | UInt32(low)
    }

    /// The high 16 bits (by convention an ASN).
    public var high: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    /// The low 16 bits.
    public var low: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// RFC 8326.
    public static let gracefulShutdown = Community(rawValue: 0xFFFF_0000)
    /// RFC 7611.
    public static let acceptOwn = Community(rawValue: 0xFFFF_0001)
    /// RFC 9494.
    public static let llgrStale = Community(rawValue: 0xFFFF_0006)
    /// RFC 9494.
    public static let noLLGR = Community(rawValue: 0xFFFF_0007)
    /// RFC 7999.
    public static let blackhole = Community(rawValue: 0xFFFF_029A)
    /// RFC 1997: do not advertise outside the AS (or confederation).
    public static let noExport = Community(rawValue: 0xFFFF_FF01)
    /// RFC 1997: do not advertise to any peer.
    public static let noAdvertise = Community(rawValue: 0xFFFF_FF02)
    /// RFC 1997: do not advertise to external peers, even within a confederation.
    public static let noExportSubconfed = Community(rawValue: 0xFFFF_FF03)
    /// RFC 3765.
    public static let noPeer = Community(rawValue: 0xFFFF_FF04)

    static let names: [(Community, String)] = [
        (.gracefulShutdown, "graceful-shutdown"), (.acceptOwn, "accept-own"), (.llgrStale, "llgr-stale"),
        (.noLLGR, "no-llgr"), (.blackhole, "blackhole"), (.noExport, "no-export"),
        (.noAdvertise, "no-advertise"), (.noExportSubconfed, "local-AS"), (.noPeer, "no-peer"),
    ]

    /// The registered name of a well-known community, if any.
    public var wellKnownName: String? { Community.names.first { $0.0 == self }?.1 }

    /// Parses `65535:65510` or a well-known name (`no-export`); `nil` when neither.
    public init?(_ text: String) {
        if let named = Community.names.first(where: { $0.1 == text }) {
            self = named.0
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let high = UInt16(parts[0]), let low = UInt16(parts[1]) else { return nil }
        self.init(high, low)
    }
}

extension Community: Comparable {
    public static func < (lhs: Community, rhs: Community) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Community: CustomStringConvertible {
    public var description: String { wellKnownName ?? "\(high):\(low)" }
}
