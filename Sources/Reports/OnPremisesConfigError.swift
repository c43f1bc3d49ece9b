// Why an on-premises configuration cannot be built.

/// Why ``OnPremisesConfig/init(document:connectionID:)`` refuses: a stable ``code``, the field at
/// fault, its value and a message that names the rule.
///
/// The topology loader already refuses most of these; the builder checks them again so that a
/// document assembled in code cannot produce a configuration that would not work.
public struct OnPremisesConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The connection ID names no connection of the topology.
        case unknownConnection = "unknown_connection"
        /// A tunnel's `customer_gateway_id` names no customer gateway.
        case unknownCustomerGateway = "unknown_customer_gateway"
        /// BGP is on but a tunnel has no `tunnel_bgp_config` (API: required with `EnableTunnelsBgp`,
        /// reference §3).
        case bgpConfigMissing = "bgp_config_missing"
        /// BGP is on and the two tunnels' customer gateways have different ASNs: one router has one
        /// AS (seed S18: "the ASN of the tunnels must be the same").
        case customerGatewayASNDiffers = "customer_gateway_asn_differs"
        /// BGP is on and neither the customer gateways nor the `data_centers` entry give an ASN.
        case asnMissing = "customer_gateway_asn_missing"
        /// A value the writer cannot put into the configuration safely (a line break, a `.` in a
        /// section name, a quote, a brace...): see ``OnPremisesConfig/checkWritable()``.
        case unsafeValue = "unsafe_value"
    }

    /// What went wrong.
    public var code: Code
    /// Where: a topology path such as `vco-dc1.tunnel_options_specification[tunnel_index=2].customer_gateway_id`,
    /// or `CONNECTION` for the command-line argument.
    public var field: String
    /// The value at fault.
    public var value: String
    /// A sentence naming the rule.
    public var message: String

    /// Creates an error.
    public init(code: Code, field: String, value: String, message: String) {
        self.code = code
        self.field = field
        self.value = value
        self.message = message
    }

    /// `field: message [code]`.
    public var description: String { "\(field): \(message) [\(code.rawValue)]" }
}
