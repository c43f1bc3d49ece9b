// Text to typed values with ValidationIssues: asplain/asdot ASNs, addresses, prefixes, choices.

import ConnectionParameters
import NetworkPrimitives
import Testing

@Suite("ConfigParsing")
struct ConfigParsingTests {
    @Test("ASN text in asplain or asdot", arguments: [
        ("65001", UInt32(65001)), ("1.10", 65546), ("123.456", 8_061_384), ("4294967295", 4_294_967_295),
    ])
    func asnParsesAsplainAndAsdot(text: String, value: UInt32) throws {
        #expect(try ConfigParsing.asn(text, at: "a").get().rawValue == value)
    }

    @Test("ASN text out of range", arguments: ["0", "4294967296", "65536.1", "0.0"])
    func asnOutOfRange(text: String) {
        guard case .failure(let issue) = ConfigParsing.asn(text, at: "gw.asn") else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(issue.code == .asnOutOfRange)
        #expect(issue.field == "gw.asn")
        #expect(issue.value == text)
        #expect(issue.severity == .error)
    }

    @Test("ASN text that is not a number", arguments: ["", "AS65001", "1.2.3", "-1", "065001", " 1"])
    func asnInvalid(text: String) {
        guard case .failure(let issue) = ConfigParsing.asn(text, at: "gw.asn") else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(issue.code == .asnInvalid)
        #expect(!issue.message.isEmpty)
    }

    @Test func addressAndPrefix() throws {
        #expect(try ConfigParsing.address("203.0.113.1", at: "a").get() == IPv4Address(203, 0, 113, 1))
        #expect(try ConfigParsing.prefix("169.254.10.0/30", at: "p").get().length == 30)
        guard case .failure(let bad) = ConfigParsing.address("203.0.113", at: "gw.ip_address") else {
            Issue.record("parsed")
            return
        }
        #expect(bad.code == .addressInvalid)
        #expect(bad.field == "gw.ip_address")
        guard case .failure(let hostBits) = ConfigParsing.prefix("169.254.10.1/30", at: "c") else {
            Issue.record("parsed")
            return
        }
        #expect(hostBits.code == .prefixInvalid)
        #expect(hostBits.value == "169.254.10.1/30")
    }

    @Test func choices() throws {
        #expect(try ConfigParsing.choice(EncryptionAlgorithm.self, "aes128", at: "e").get() == .aes)
        #expect(try ConfigParsing.choice(PFSGroup.self, "disabled", at: "p").get() == .disabled)
        guard case .failure(let issue) = ConfigParsing.choice(IKEVersion.self, "ikev3", at: "k.ike_version") else {
            Issue.record("parsed")
            return
        }
        #expect(issue.code == .choiceInvalid)
        #expect(issue.field == "k.ike_version")
        #expect(issue.message == "'ikev3' is not one of ikev1|ikev2")
    }
}
