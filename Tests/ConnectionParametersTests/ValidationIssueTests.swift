// ValidationIssue and ValidationCode: the stable codes, severities and the printed form.

import ConnectionParameters
import Testing

@Suite("ValidationIssue")
struct ValidationIssueTests {
    @Test func descriptionIsFieldCodeMessage() {
        let issue = ValidationIssue(
            code: .nameInvalid, field: "connections[0].name", value: "http://x",
            message: "'http://x' must not start with http:// or https://")
        #expect(issue.description
                == "connections[0].name: name_invalid: 'http://x' must not start with http:// or https://")
        #expect(issue.severity == .error)
        #expect(issue.isError)
    }

    @Test func warningsAreMarkedInTheDescription() {
        let issue = ValidationIssue(code: .algorithmNotRecommended, field: "a.ike_enc_alg", value: "des", message: "m")
        #expect(issue.severity == .warning)
        #expect(!issue.isError)
        #expect(issue.description == "a.ike_enc_alg: algorithm_not_recommended (warning): m")
    }

    @Test func emptyFieldIsLeftOut() {
        let issue = ValidationIssue(code: .tunnelCount, field: "", value: "1", message: "m")
        #expect(issue.description == "tunnel_count: m")
    }

    @Test func severityCanBeOverridden() {
        let issue = ValidationIssue(code: .pskLength, field: "f", value: "", message: "m", severity: .warning)
        #expect(issue.severity == .warning)
    }

    @Test func onlyNotRecommendedAndNoEffectCodesAreWarnings() {
        let warnings = Set(ValidationCode.allCases.filter { $0.defaultSeverity == .warning })
        #expect(warnings == [
            .asnSpecialPurpose, .asnNotPrivate, .bgpConfigUnused, .customerGatewayASNDiffers,
            .identifierFQDNMainMode, .algorithmNotRecommended, .subnetDuplicate,
        ])
    }

    @Test func codesAreUniqueSnakeCase() {
        let raw = ValidationCode.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        for code in raw {
            let snake = code.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
            }
            #expect(snake, "\(code) is not snake_case")
        }
        #expect(ValidationCode.tunnelCIDRNotSlash30.description == "tunnel_cidr_not_slash30")
    }

    @Test func briefCodesKeepTheirSpelling() {
        let expected = [
            "customer_gateway_ip_reserved", "asn_out_of_range", "asn_reserved_45104", "psk_invalid_character",
            "psk_length", "tunnel_cidr_not_slash30", "tunnel_cidr_outside_link_local", "tunnel_cidr_reserved",
            "tunnel_cidrs_equal", "local_bgp_ip_outside_cidr", "local_bgp_ip_not_usable", "lifetime_out_of_range",
            "identifier_has_space", "multiple_cidrs_need_ikev2", "tunnel_count", "bgp_config_missing",
            "local_asn_differs", "customer_gateway_asn_missing", "name_invalid", "auth_key_invalid",
        ]
        for code in expected {
            #expect(ValidationCode(rawValue: code) != nil, "missing \(code)")
        }
    }

    @Test func containsErrorsIgnoresWarnings() {
        let warning = ValidationIssue(code: .subnetDuplicate, field: "f", value: "v", message: "m")
        let error = ValidationIssue(code: .tunnelCount, field: "f", value: "v", message: "m")
        #expect(![warning].containsErrors)
        #expect([warning, error].containsErrors)
        #expect(![ValidationIssue]().containsErrors)
    }

    @Test func issueIsThrowable() {
        let issue = ValidationIssue(code: .tunnelCount, field: "f", value: "v", message: "m")
        #expect(throws: ValidationIssue.self) { throw issue }
    }
}
