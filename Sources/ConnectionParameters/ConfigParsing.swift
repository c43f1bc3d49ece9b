// Text to typed values, with refusals reported as ValidationIssues (for loaders of topology files).

import NetworkPrimitives

/// Parses configuration text into the typed values used by the config objects, turning a refusal
/// into a ``ValidationIssue`` at the given field, so a loader can collect every problem.
public enum ConfigParsing {
    /// Parses an ASN in asplain or asdot (`65001`, `1.10` = 65546; seed "Local ASN": `123.456` =
    /// 8061384) with `ASNumber(parsing:)`. Too large or 0 gives `asn_out_of_range`; anything else
    /// unparsable gives `asn_invalid`.
    public static func asn(_ text: String, at field: String) -> Result<ASNumber, ValidationIssue> {
        do throws(ASNumberParseError) {
            return .success(try ASNumber(parsing: text))
        } catch {
            let code: ValidationCode
            switch error.code {
            case .outOfRange, .zero, .halfOutOfRange: code = .asnOutOfRange
            default: code = .asnInvalid
            }
            return .failure(ValidationIssue(code: code, field: field, value: text, message: error.reason))
        }
    }

    /// Parses a strict dotted-quad IPv4 address; a refusal gives `address_invalid`.
    public static func address(_ text: String, at field: String) -> Result<IPv4Address, ValidationIssue> {
        do throws(AddressParseError) {
            return .success(try IPv4Address(parsing: text))
        } catch {
            return .failure(ValidationIssue(code: .addressInvalid, field: field, value: text, message: error.reason))
        }
    }

    /// Parses strict CIDR notation (host bits refused); a refusal gives `prefix_invalid`.
    public static func prefix(_ text: String, at field: String) -> Result<IPv4Prefix, ValidationIssue> {
        do throws(AddressParseError) {
            return .success(try IPv4Prefix(parsing: text))
        } catch {
            return .failure(ValidationIssue(code: .prefixInvalid, field: field, value: text, message: error.reason))
        }
    }

    /// Parses a choice by its API spelling (any letter case; aliases per type); a refusal gives
    /// `choice_invalid` with the allowed spellings.
    public static func choice<Choice: ConfigChoice>(
        _ type: Choice.Type, _ text: String, at field: String
    ) -> Result<Choice, ValidationIssue> {
        if let value = Choice(configText: text) { return .success(value) }
        return .failure(ValidationIssue(
            code: .choiceInvalid, field: field, value: text,
            message: "'\(text)' is not one of \(Choice.spellings)"))
    }
}
