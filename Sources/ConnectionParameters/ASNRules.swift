// ASN checks shared by the customer gateway and the tunnels' local ASN (seed "Local ASN";
// reference §3).

import NetworkPrimitives

/// The ASN rules common to both ends of a tunnel.
enum ASNRules {
    /// The Alibaba Cloud side's default ASN, 45104 (seed "Local ASN"; reference §3). A customer
    /// gateway may not use it.
    static let alibabaDefault = ASNumber(rawValue: 45104)

    /// `asn_out_of_range` for 0 (valid: 1–4294967295) and the warning `asn_special_purpose` for
    /// AS_TRANS, 65535, 4294967295 and the documentation ranges.
    static func common(_ asn: ASNumber, at field: String) -> [ValidationIssue] {
        if asn.rawValue == 0 {
            return [ValidationIssue(
                code: .asnOutOfRange, field: field, value: asn.asplain,
                message: "AS 0 is outside 1 to 4294967295")]
        }
        if asn.isReserved {
            return [ValidationIssue(
                code: .asnSpecialPurpose, field: field, value: asn.asplain,
                message: "AS \(asn.asplain) is reserved (AS_TRANS, RFC 7300 last ASNs or RFC 5398"
                    + " documentation); BGP peers may refuse it")]
        }
        return []
    }
}
