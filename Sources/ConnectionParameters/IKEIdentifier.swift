// LocalId / RemoteId rules (seed "LocalId", "RemoteId"; reference §7).

import NetworkPrimitives

/// The rules for an IKE identity (`tunnel_ike_config.local_id` / `remote_id`, API `LocalId` /
/// `RemoteId`): an IPv4 address or an FQDN, at most 100 characters, no white space.
///
/// With an FQDN the seed recommends aggressive mode, and the peer's configured ID must equal it.
public enum IKEIdentifier {
    /// The longest identity, 100 characters (reference §7).
    public static let maximumLength = 100

    /// What an identity text is.
    public enum Kind: Sendable, Hashable {
        /// A strict dotted-quad IPv4 address.
        case address(IPv4Address)
        /// A fully qualified domain name such as `example.aliyun.com`.
        case fqdn
        /// Neither.
        case invalid
    }

    /// Classifies `text` as an address, an FQDN (RFC 1123 host-name labels) or neither.
    public static func kind(of text: String) -> Kind {
        if let address = IPv4Address(text) { return .address(address) }
        return TextRules.isFQDN(text) ? .fqdn : .invalid
    }

    /// Checks one identity. White space gives `identifier_has_space` (and no further checks);
    /// an empty text or one over 100 characters gives `identifier_length`; otherwise a text that is
    /// not an IPv4 address or an FQDN gives `identifier_invalid`, and an FQDN with IKEv1 main mode
    /// gives the warning `identifier_fqdn_main_mode`.
    public static func validate(
        _ identifier: String, at field: String, version: IKEVersion, mode: IKEMode
    ) -> [ValidationIssue] {
        if let space = TextRules.firstDisallowed(in: identifier, where: { !TextRules.isSpace($0) }) {
            return [ValidationIssue(
                code: .identifierHasSpace, field: field, value: identifier,
                message: "'\(identifier)' has \(TextRules.describe(space.scalar)) at position \(space.offset + 1);"
                    + " an IKE identity must not contain spaces")]
        }
        let length = identifier.count
        guard (1...maximumLength).contains(length) else {
            return [ValidationIssue(
                code: .identifierLength, field: field, value: identifier,
                message: length == 0
                    ? "an IKE identity must not be empty (leave it out to use the default)"
                    : "'\(identifier.prefix(20))…' has \(length) characters; an IKE identity has at most"
                        + " \(maximumLength)")]
        }
        switch kind(of: identifier) {
        case .address:
            return []
        case .invalid:
            return [ValidationIssue(
                code: .identifierInvalid, field: field, value: identifier,
                message: "'\(identifier)' is neither an IPv4 address nor a fully qualified domain name")]
        case .fqdn:
            guard version == .ikev1, mode == .main else { return [] }
            return [ValidationIssue(
                code: .identifierFQDNMainMode, field: field, value: identifier,
                message: "'\(identifier)' is an FQDN; with an FQDN identity the vendor recommends"
                    + " aggressive mode, not main")]
        }
    }
}
