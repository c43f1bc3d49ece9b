// Defence in depth: the writers refuse any value they cannot write safely, even when a caller built
// the configuration without loading (and so without validating) a topology.

import CloudRouting
import ConnectionParameters
import NetworkPrimitives

extension OnPremisesConfig {
    /// Checks every text value that ``FRRConfig`` and ``StrongSwanConfig`` write, by the rule of the
    /// place it goes to. Typed values (addresses, prefixes, ASNs, enums, integers) cannot break a
    /// line and are not checked.
    ///
    /// - `connection_id`, `customer_gateway_id`: ``ResourceIdentifier``'s rule (they become section,
    ///   route-map and comment text; a `.` would open a swanctl sub-section, a line break a new
    ///   FRR statement);
    /// - `hostname`: 1–63 ASCII letters, digits and `-` (RFC 1123 §2.1 label);
    /// - `interface_name`: 1–15 ASCII letters and digits (Linux `IFNAMSIZ`);
    /// - `local_id`, `remote_id`: an IPv4 address or an FQDN of at most 100 characters
    ///   (``IKEIdentifier``), written unquoted;
    /// - `psk`: no control character (written as a quoted swanctl string with `\` and `"` escaped);
    /// - `auth_key`: 1–64 printable ASCII characters without space or `?` (FRR's `password WORD`).
    /// - Throws: ``OnPremisesConfigError`` with code `unsafe_value`, naming the field, the value and the rule.
    public func checkWritable() throws(OnPremisesConfigError) {
        try Self.require(ResourceIdentifier.problem(connectionID), field: "connection_id", value: connectionID,
                         rule: "an ID has \(ResourceIdentifier.rule)")
        try Self.require(Self.hostnameProblem(hostname), field: "hostname", value: hostname,
                         rule: "a host name has 1 to 63 ASCII letters, digits and '-'")
        for tunnel in tunnels {
            let prefix = "tunnel[\(tunnel.index)]."
            try Self.require(ResourceIdentifier.problem(tunnel.customerGatewayID), field: prefix + "customer_gateway_id",
                             value: tunnel.customerGatewayID, rule: "an ID has \(ResourceIdentifier.rule)")
            try Self.require(Self.interfaceProblem(tunnel.interfaceName), field: prefix + "interface_name",
                             value: tunnel.interfaceName, rule: "an interface name has 1 to 15 ASCII letters and digits")
            try Self.require(Self.identityProblem(tunnel.localID), field: prefix + "local_id", value: tunnel.localID,
                             rule: "an IKE identity is an IPv4 address or an FQDN of at most 100 characters")
            if let remote = tunnel.remoteID {
                try Self.require(Self.identityProblem(remote), field: prefix + "remote_id", value: remote,
                                 rule: "an IKE identity is an IPv4 address or an FQDN of at most 100 characters")
            }
            try Self.require(Self.controlProblem(tunnel.settings.psk), field: prefix + "psk", value: tunnel.settings.psk,
                             rule: "a pre-shared key has no control characters")
            if let password = tunnel.bgp?.password {
                try Self.require(Self.passwordProblem(password), field: prefix + "auth_key", value: password,
                                 rule: "a BGP authentication key has 1 to 64 printable ASCII characters without space or '?'")
            }
        }
    }

    private static func require(_ problem: String?, field: String, value: String, rule: String) throws(OnPremisesConfigError) {
        guard let problem else { return }
        throw OnPremisesConfigError(
            code: .unsafeValue, field: field, value: value,
            message: "cannot be written into the configuration: \(problem) (\(rule))")
    }

    private static func describe(_ scalar: Unicode.Scalar, at offset: Int) -> String {
        let printable = (0x21...0x7E).contains(scalar.value)
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let name = printable ? "'\(Character(scalar))'" : "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return "\(name) at position \(offset + 1) is not allowed"
    }

    private static func firstBad(_ text: String, allowed: (Unicode.Scalar) -> Bool) -> String? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where !allowed(scalar) {
            return describe(scalar, at: offset)
        }
        return nil
    }

    private static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }

    static func hostnameProblem(_ text: String) -> String? {
        guard (1...63).contains(text.unicodeScalars.count) else { return "it has \(text.unicodeScalars.count) characters" }
        return firstBad(text) { isAlphanumeric($0) || $0 == "-" }
    }

    static func interfaceProblem(_ text: String) -> String? {
        guard (1...15).contains(text.unicodeScalars.count) else { return "it has \(text.unicodeScalars.count) characters" }
        return firstBad(text, allowed: isAlphanumeric)
    }

    static func identityProblem(_ text: String) -> String? {
        if let bad = firstBad(text, allowed: { isAlphanumeric($0) || "-_.".unicodeScalars.contains($0) }) { return bad }
        guard (1...IKEIdentifier.maximumLength).contains(text.count) else { return "it has \(text.count) characters" }
        if case .invalid = IKEIdentifier.kind(of: text) { return "it is neither an IPv4 address nor an FQDN" }
        return nil
    }

    static func controlProblem(_ text: String) -> String? {
        firstBad(text) { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) && $0 != "\u{2028}" && $0 != "\u{2029}" }
    }

    static func passwordProblem(_ text: String) -> String? {
        guard (1...64).contains(text.unicodeScalars.count) else { return "it has \(text.unicodeScalars.count) characters" }
        return firstBad(text) { (0x21...0x7E).contains($0.value) && $0 != "?" }
    }
}
