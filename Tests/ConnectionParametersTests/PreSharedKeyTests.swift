// Pre-shared key rules (reference §10.9) and the deterministic default key.

import ConnectionParameters
import Testing

@Suite("PreSharedKey")
struct PreSharedKeyTests {
    let field = "t.tunnel_ike_config.psk"

    func issues(_ psk: String) -> [ConfigIssueKey] {
        ConfigFixtures.keys(IKEConfig(psk: psk).validate(at: "t.tunnel_ike_config"))
    }

    @Test func pskLengthIs1To100() {
        #expect(issues("") == [ConfigIssueKey(.pskLength, field)])
        #expect(issues(String(repeating: "a", count: 101)) == [ConfigIssueKey(.pskLength, field)])
        #expect(issues("a").isEmpty)
        #expect(issues(String(repeating: "a", count: 100)).isEmpty)
    }

    @Test func pskAcceptsEverySpecialCharacterOfTheSeed() {
        // The seed's list, verbatim: ~`!@#$%^&*()_-+={}[]\|;:',.<>/?
        #expect(issues("~`!@#$%^&*()_-+={}[]\\|;:',.<>/?").isEmpty)
        #expect(issues("Az09").isEmpty)
    }

    @Test func pskAllowsBackslashPerReference10_9() {
        #expect(issues("abc\\def").isEmpty)
        #expect(PreSharedKey.isAllowed("\\"))
    }

    @Test("psk refuses characters outside the set", arguments: [
        "has space", " lead", "trail ", "double\"quote", "中文密钥", "ключ", "tab\tx", "line\nx", "é",
    ])
    func pskInvalidCharacter(psk: String) {
        #expect(issues(psk) == [ConfigIssueKey(.pskInvalidCharacter, field)])
    }

    @Test func pskInvalidCharacterMessageNamesTheCharacter() {
        let found = PreSharedKey.validate("ab cd", at: field)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("' ' (space) at position 3") == true)
        #expect(found.first?.value == "ab cd")
        #expect(found.first?.severity == .error)
        let chinese = PreSharedKey.validate("密", at: field)
        #expect(chinese.first?.message.contains("U+5BC6") == true)
    }

    @Test func pskTooLongAndBadCharacterAreBothReported() {
        #expect(issues(String(repeating: " ", count: 101)) == [
            ConfigIssueKey(.pskLength, field), ConfigIssueKey(.pskInvalidCharacter, field),
        ])
    }

    @Test func generatedPSKIs16AllowedCharacters() {
        for seed in ["", "vco-1/tunnel1", "vco-1/tunnel2", "中文", String(repeating: "x", count: 1000)] {
            let key = PreSharedKey.generate(seed: seed)
            #expect(key.count == 16)
            #expect(PreSharedKey.validate(key, at: field).isEmpty)
            #expect(key.allSatisfy { PreSharedKey.generatedAlphabet.contains($0) })
        }
    }

    @Test func generatedPSKIsDeterministic() {
        #expect(PreSharedKey.generate(seed: "vco-1/tunnel1") == PreSharedKey.generate(seed: "vco-1/tunnel1"))
        #expect(PreSharedKey.generate(seed: "vco-1/tunnel1") != PreSharedKey.generate(seed: "vco-1/tunnel2"))
        #expect(PreSharedKey.generate(seed: "vco-1/tunnel1") != PreSharedKey.generate(seed: "vco-2/tunnel1"))
    }

    @Test func generatedPSKIsPinned() {
        // A golden value: changing the generator changes every simulation output that shows a key.
        #expect(PreSharedKey.generate(seed: "vco-1/tunnel1") == "cui6KCjugIfpDrmH")
    }

    @Test func effectivePSKPrefersTheConfiguredKey() {
        #expect(IKEConfig(psk: "mine").effectivePSK(seed: "s") == "mine")
        #expect(IKEConfig().effectivePSK(seed: "s") == PreSharedKey.generate(seed: "s"))
        #expect(PreSharedKey.defaultSeed(connectionID: "vco-1", tunnelIndex: 2) == "vco-1/tunnel2")
        let tunnel = TunnelOptions(index: 2, customerGatewayID: "cgw-1")
        #expect(tunnel.effectivePSK(connectionID: "vco-1") == PreSharedKey.generate(seed: "vco-1/tunnel2"))
    }

    @Test func generatedKeysSpreadOverTheAlphabet() {
        var seen: Set<Character> = []
        for index in 0..<200 {
            seen.formUnion(PreSharedKey.generate(seed: "vco-\(index)"))
        }
        #expect(seen.count == 62)
    }
}
