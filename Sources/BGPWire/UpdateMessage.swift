import NetworkPrimitives

/// An UPDATE message (RFC 4271 §4.3, RFC 4760): withdrawn routes, path attributes and NLRI.
///
/// A decoded UPDATE also reports the RFC 7606 outcome of any malformation that did not reset the
/// session in ``malformations``; ``treatAsWithdraw`` tells the receiver to withdraw every prefix the
/// message carried (``allAnnouncedPrefixes``) instead of installing it. Encoding ignores that field.
public struct UpdateMessage: Sendable, Hashable {
    /// IPv4 prefixes withdrawn in the Withdrawn Routes field.
    public var withdrawn: [IPv4Prefix]
    /// Path attributes other than the multiprotocol ones.
    public var attributes: PathAttributes
    /// IPv4 prefixes announced in the NLRI field.
    public var nlri: [IPv4Prefix]
    /// MP_REACH_NLRI (RFC 4760 §3).
    public var mpReach: MPReachNLRI?
    /// MP_UNREACH_NLRI (RFC 4760 §4).
    public var mpUnreach: MPUnreachNLRI?
    /// RFC 7606 outcomes found while decoding (empty for a well-formed message).
    public var malformations: [AttributeMalformation]

    public init(
        withdrawn: [IPv4Prefix] = [], attributes: PathAttributes = PathAttributes(), nlri: [IPv4Prefix] = [],
        mpReach: MPReachNLRI? = nil, mpUnreach: MPUnreachNLRI? = nil, malformations: [AttributeMalformation] = []
    ) {
        self.withdrawn = withdrawn
        self.attributes = attributes
        self.nlri = nlri
        self.mpReach = mpReach
        self.mpUnreach = mpUnreach
        self.malformations = malformations
    }

    /// The strongest RFC 7606 action among the malformations (RFC 7606 §3 a), if any.
    public var errorAction: AttributeErrorAction? { malformations.map(\.action).max() }

    /// Whether the announced prefixes must be handled as withdrawn (RFC 7606 §2 "treat-as-withdraw").
    public var treatAsWithdraw: Bool { malformations.contains { $0.action >= .treatAsWithdraw } }

    /// The address families RFC 7606 "AFI/SAFI disable" applies to.
    public var disabledFamilies: [AddressFamily] {
        malformations.compactMap { $0.action == .afiSafiDisable ? $0.addressFamily : nil }
    }

    /// Every prefix the message announces, in the NLRI field and in MP_REACH_NLRI.
    public var allAnnouncedPrefixes: [IPPrefix] {
        var result = nlri.map(IPPrefix.v4)
        switch mpReach?.prefixes {
        case .ipv4(let list): result += list.map(IPPrefix.v4)
        case .ipv6(let list): result += list.map(IPPrefix.v6)
        case .raw, .none: break
        }
        return result
    }

    /// Every prefix the message withdraws, in the Withdrawn Routes field and in MP_UNREACH_NLRI.
    public var allWithdrawnPrefixes: [IPPrefix] {
        var result = withdrawn.map(IPPrefix.v4)
        switch mpUnreach?.prefixes {
        case .ipv4(let list): result += list.map(IPPrefix.v4)
        case .ipv6(let list): result += list.map(IPPrefix.v6)
        case .raw, .none: break
        }
        return result
    }

    /// The End-of-RIB marker of a family (RFC 4724 §2): an empty UPDATE for IPv4 unicast, or an
    /// UPDATE whose only content is an empty MP_UNREACH_NLRI for any other family.
    public static func endOfRIB(_ family: AddressFamily) -> UpdateMessage {
        family == .ipv4Unicast
            ? UpdateMessage()
            : UpdateMessage(mpUnreach: MPUnreachNLRI(family: family, prefixes: .empty(for: family)))
    }

    /// The family this message marks the End-of-RIB of, or `nil` when it is not an End-of-RIB.
    public var endOfRIBFamily: AddressFamily? {
        guard withdrawn.isEmpty, nlri.isEmpty, mpReach == nil, attributes.isEmpty, malformations.isEmpty else {
            return nil
        }
        guard let unreach = mpUnreach else { return .ipv4Unicast }
        return unreach.prefixes.isEmpty ? unreach.family : nil
    }
}
