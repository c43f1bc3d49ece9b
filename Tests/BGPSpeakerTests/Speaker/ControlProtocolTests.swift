// The control socket's request line (issue 15 #7): any UTF-8 text arrives exactly.

import Testing
@testable import BGPSpeaker

@Suite struct ControlProtocolTests {
    @Test(arguments: [
        ["shutdown", "vco-dc1/1", "a  b"],
        ["shutdown", "vco-dc1/1", "maintenance — ü 日本 \"quoted\" back\\slash\nnew line"],
        ["show", "sessions", "json"],
    ])
    func wordsSurviveTheRequestLine(_ words: [String]) throws {
        let line = ControlClient.requestLine(words)
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" })
        let bytes = Array(line.utf8.dropLast())
        #expect(try CloudSpeaker.requestWords(bytes).get() == words)
    }

    @Test func typedWordsStillWork() throws {
        #expect(try CloudSpeaker.requestWords(Array("show sessions json".utf8)).get() == ["show", "sessions", "json"])
    }

    @Test(arguments: [
        ("[1, 2]", "item 0 is a number, expected a string"),
        ("[\"a\", [\"b\"]]", "item 1 is an array, expected a string"),
        ("[\"unterminated", "not a JSON array of strings"),
    ])
    func badRequestsSayWhy(_ line: String, _ reason: String) {
        guard case .failure(let error) = CloudSpeaker.requestWords(Array(line.utf8)) else {
            Issue.record("\(line) was accepted")
            return
        }
        #expect(error.message.contains(reason), "\(error.message)")
    }
}
