import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Reports
import Testing
import Topology

/// Issue 17: a downloaded configuration is exactly what the topology describes, or an error.
///
/// Every text field that reaches `frr.conf` or `swanctl.conf` is tried with the characters those
/// files give a meaning to. The loader refuses them (`id_invalid`, `name_control_character`, the
/// identity and key rules), and the writers refuse them again when a caller skips the loader
/// (`unsafe_value`, naming the field and the value).
@Suite struct ConfigInjectionTests {
    /// Characters that end a statement, open a section or a comment, or quote, in FRR or swanctl.
    static let hostile = ["\n", "\r", ".", "\"", "'", "{", "}", "#", "!", " ", "=", "\t", "\u{2028}", "/", "$", "\\"]

    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func codes(_ text: String) -> [(code: String, path: String)] {
        do {
            _ = try TopologyLoader.load(text)
            return []
        } catch {
            return error.issues.filter { $0.severity == .error }.map { ($0.code, $0.path) }
        }
    }

    // MARK: The loader

    @Test(arguments: hostile)
    func aConnectionIDWithAHostileCharacterIsRefused(character: String) throws {
        let id = "vco-dc1" + Self.jsonEscaped(character) + "x"
        let text = try OnPremisesConfigTests.text("dual-tunnel-bgp").replacingOccurrences(of: "\"vco-dc1\"", with: "\"\(id)\"")
        let found = Self.codes(text)
        #expect(found.contains { $0.code == "id_invalid" && $0.path == "ipsec_connections[0].vpn_connection_id" }, "\(found)")
    }

    @Test(arguments: hostile)
    func aCustomerGatewayIDWithAHostileCharacterIsRefused(character: String) throws {
        let id = "cgw-dc1" + Self.jsonEscaped(character) + "a"
        let text = try OnPremisesConfigTests.text("dual-tunnel-bgp").replacingOccurrences(of: "\"cgw-dc1-a\"", with: "\"\(id)\"")
        let found = Self.codes(text)
        #expect(found.contains { $0.code == "id_invalid" && $0.path == "customer_gateways[0].customer_gateway_id" }, "\(found)")
        // The reference to the refused gateway is not reported as a second, false problem.
        #expect(!found.contains { $0.code == "customer_gateway_unknown" }, "\(found)")
    }

    @Test func transitRouterTableAndAttachmentIDsFollowTheRule() throws {
        let text = try OnPremisesConfigTests.text("dual-tunnel-bgp")
            .replacingOccurrences(of: "\"tr-demo\"", with: "\"tr demo\"")
            .replacingOccurrences(of: "\"vtb-default\"", with: "\"vtb.default\"")
            .replacingOccurrences(of: "\"tr-attach-vpc-db\"", with: "\"tr-attach-vpc-db\\n\"")
        let found = Self.codes(text)
        #expect(found.contains { $0.code == "id_invalid" && $0.path == "transit_router.transit_router_id" }, "\(found)")
        #expect(found.contains { $0.code == "id_invalid" && $0.path == "transit_router.route_tables[0].transit_router_route_table_id" }, "\(found)")
        #expect(found.contains { $0.code == "id_invalid" && $0.path == "transit_router.vpc_attachments[1].transit_router_attachment_id" }, "\(found)")
    }

    @Test func namesWithALineBreakAreRefused() throws {
        let text = try OnPremisesConfigTests.text("dual-tunnel-bgp")
            .replacingOccurrences(of: "\"dc1-dual-tunnel\"", with: "\"dc1\\nrouter bgp 1\"")
            .replacingOccurrences(of: "\"name\": \"dc1\"", with: "\"name\": \"dc1\\nx\"")
        let found = Self.codes(text)
        #expect(found.contains { $0.code == "name_control_character" && $0.path == "ipsec_connections[0].vpn_attachment_name" }, "\(found)")
        #expect(found.contains { $0.code == "name_control_character" && $0.path == "data_centers[0].name" }, "\(found)")
    }

    @Test func identitiesAndKeysWithHostileCharactersAreRefused() throws {
        for character in ["\n", "\"", "{", "#", " "] {
            let escaped = Self.jsonEscaped(character)
            let text = try OnPremisesConfigTests.text("dual-tunnel-bgp")
                .replacingOccurrences(of: "\"psk\": \"tunnel1-Secret\"",
                                      with: "\"psk\": \"tunnel1-Secret\", \"local_id\": \"a\(escaped)b.example\", \"remote_id\": \"c\(escaped)d.example\"")
                .replacingOccurrences(of: "\"psk\": \"tunnel2-Secret\"", with: "\"psk\": \"t\(escaped)2\"")
                .replacingOccurrences(of: "\"asn\": \"65001\"}", with: "\"asn\": \"65001\", \"auth_key\": \"k\(escaped)1\"}")
            let paths = Set(Self.codes(text).map(\.path))
            for field in ["ipsec_connections[0].tunnel_options_specification[0].tunnel_ike_config.local_id",
                          "ipsec_connections[0].tunnel_options_specification[0].tunnel_ike_config.remote_id",
                          "ipsec_connections[0].tunnel_options_specification[1].tunnel_ike_config.psk",
                          "customer_gateways[0].auth_key", "customer_gateways[1].auth_key"] {
                // '#' and '{' are legal key characters (the writer quotes the PSK), and so is '"' in a
                // BGP key (printable ASCII: FRR takes it in `password WORD`).
                if ["#", "{"].contains(character) && (field.hasSuffix("psk") || field.hasSuffix("auth_key")) { continue }
                if character == "\"" && field.hasSuffix("auth_key") { continue }
                #expect(paths.contains(field), "\(field) with \(character.debugDescription): \(paths.sorted())")
            }
        }
    }

    // MARK: The writers, when a caller skips the loader

    static func config() throws -> OnPremisesConfig {
        try OnPremisesConfig(document: OnPremisesConfigTests.load("dual-tunnel-bgp"), connectionID: "vco-dc1")
    }

    /// Expects both writers to refuse `config` with `unsafe_value` on `field`, value `value`.
    static func expectRefused(_ config: OnPremisesConfig, field: String, value: String, formats: [OnPremisesConfigFormat] = OnPremisesConfigFormat.allCases) {
        for format in formats {
            #expect {
                _ = try config.rendered(as: format)
            } throws: { error in
                guard let error = error as? OnPremisesConfigError else { return false }
                return error.code == .unsafeValue && error.field == field && error.value == value
                    && error.description.contains(field)
            }
        }
    }

    @Test(arguments: hostile)
    func theWritersRefuseAHostileConnectionID(character: String) throws {
        var config = try Self.config()
        config.connectionID = "vco-dc1" + character + "neighbor 192.0.2.1 remote-as 666"
        Self.expectRefused(config, field: "connection_id", value: config.connectionID)
    }

    @Test(arguments: hostile)
    func theWritersRefuseAHostileCustomerGatewayID(character: String) throws {
        var config = try Self.config()
        config.tunnels[1].customerGatewayID = "cgw" + character + "x"
        Self.expectRefused(config, field: "tunnel[2].customer_gateway_id", value: config.tunnels[1].customerGatewayID)
    }

    @Test(arguments: hostile)
    func theWritersRefuseAHostileHostnameAndInterface(character: String) throws {
        var config = try Self.config()
        config.hostname = "dc1" + character + "x"
        Self.expectRefused(config, field: "hostname", value: config.hostname)
        config = try Self.config()
        config.tunnels[0].interfaceName = "xfrm" + character
        Self.expectRefused(config, field: "tunnel[1].interface_name", value: config.tunnels[0].interfaceName)
    }

    @Test(arguments: hostile)
    func theWritersRefuseHostileIdentities(character: String) throws {
        var config = try Self.config()
        config.tunnels[0].localID = "dc" + character + "example.com"
        // '.' and '/'... : "dc.example.com" is an FQDN and safe; every other character is refused.
        if character == "." { #expect(throws: Never.self) { _ = try config.rendered(as: .strongSwan) }; return }
        Self.expectRefused(config, field: "tunnel[1].local_id", value: config.tunnels[0].localID)
        config = try Self.config()
        config.tunnels[1].remoteID = "}" + character
        Self.expectRefused(config, field: "tunnel[2].remote_id", value: "}" + character)
    }

    @Test func theWritersRefuseControlCharactersInKeysAndEscapeTheRest() throws {
        var config = try Self.config()
        config.tunnels[0].settings.psk = "abc\ndef"
        Self.expectRefused(config, field: "tunnel[1].psk", value: "abc\ndef")
        config = try Self.config()
        config.tunnels[0].bgp?.password = "pass word"
        Self.expectRefused(config, field: "tunnel[1].auth_key", value: "pass word")
        config.tunnels[0].bgp?.password = "pass\nneighbor 1.2.3.4 remote-as 1"
        Self.expectRefused(config, field: "tunnel[1].auth_key", value: "pass\nneighbor 1.2.3.4 remote-as 1")

        // A key with quotes, backslashes, braces and '#' is written inside one quoted string.
        config = try Self.config()
        config.tunnels[0].settings.psk = #"a"b\c}{#d"#
        let swan = try config.rendered(as: .strongSwan)
        #expect(swan.contains(#"secret = "a\"b\\c}{#d""#))
        #expect(swan.split(separator: "\n").filter { $0.contains("secret =") }.count == 2)
    }

    @Test func aSafeConfigurationHasOneStatementPerValue() throws {
        let frr = try Self.config().rendered(as: .frr)
        // Exactly the two cloud neighbors, nothing smuggled in.
        #expect(frr.split(separator: "\n").filter { $0.contains("remote-as") }.count == 2)
    }
}
