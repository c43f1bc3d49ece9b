/// A ROUTE-REFRESH message (RFC 2918) with the RFC 7313 subtypes.
public struct RouteRefreshMessage: Sendable, Hashable {
    public var family: AddressFamily
    public var subtype: Subtype

    /// The Message Subtype octet (RFC 7313 §3.2), formerly Reserved.
    public enum Subtype: UInt8, Sendable, Hashable {
        /// 0: a normal route refresh request.
        case normal = 0
        /// 1: Beginning of Route Refresh.
        case beginningOfRefresh = 1
        /// 2: End of Route Refresh.
        case endOfRefresh = 2
    }

    public init(family: AddressFamily, subtype: Subtype = .normal) {
        self.family = family
        self.subtype = subtype
    }

    /// Decodes the 4-octet body. RFC 7313 §5: a wrong length is ROUTE-REFRESH Message Error /
    /// Invalid Message Length with the whole message as data; an unknown subtype is ignored (`nil`).
    public static func decode(_ body: inout ByteReader, wholeMessage: [UInt8]) throws(BGPDecodeError) -> RouteRefreshMessage? {
        guard body.remaining == 4, let afi = body.readUInt16(), let rawSubtype = body.readUInt8(),
              let safi = body.readUInt8()
        else {
            throw BGPDecodeError(
                .malformedRouteRefresh,
                NotificationMessage(code: .routeRefreshMessageError,
                                    subcode: RouteRefreshErrorSubcode.invalidMessageLength, data: wholeMessage),
                "ROUTE-REFRESH body has \(body.remaining) octets; expected 4")
        }
        guard let subtype = Subtype(rawValue: rawSubtype) else { return nil }
        return RouteRefreshMessage(family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)),
                                   subtype: subtype)
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(family.afi.rawValue)
        writer.write(subtype.rawValue)
        writer.write(family.safi.rawValue)
    }
}
