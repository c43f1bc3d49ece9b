// Typed field access over parsed JSON: every problem is collected (never thrown) with its path,
// line:column and code, and reported in file order.

import Testing
import NetworkPrimitives
@testable import Topology

private func node(_ text: String) throws -> JSONNode {
    try JSONParser.parse(text)
}

private func loc(_ line: Int, _ column: Int) -> Topology.SourceLocation {
    Topology.SourceLocation(line: line, column: column)
}

private enum RoutingMode: String, CaseIterable {
    case staticRoutes = "static"
    case bgp
}

@Suite("JSONReader")
struct JSONReaderTests {
    @Test("present fields are read with their types; absent ones give nil or the default")
    func typedFields() throws {
        let issues = IssueCollector()
        let reader = JSONReader(
            try node(#"{"name": "hz", "asn": 65001, "ratio": 0.5, "up": false, "mode": "bgp", "tags": ["a", "b"]}"#),
            issues: issues)
        #expect(reader.string("name", required: true) == "hz")
        #expect(reader.uint32("asn") == 65001)
        #expect(reader.int("asn", in: 1...65535) == 65001)
        #expect(reader.integer("asn", as: UInt16.self) == 65001)
        #expect(reader.double("ratio") == 0.5)
        #expect(reader.double("asn") == 65001)
        #expect(reader.bool("up") == false)
        #expect(reader.choice("mode", as: RoutingMode.self) == .bgp)
        #expect(reader.strings("tags") == ["a", "b"])
        #expect(reader.string("absent") == nil)
        #expect(reader.uint32("local_asn", default: 45104) == 45104)
        #expect(reader.string("absent", default: "x") == "x")
        #expect(reader.bool("absent", default: true) == true)
        #expect(reader.int("absent", default: 7) == 7)
        #expect(reader.double("absent", default: 1.5) == 1.5)
        #expect(reader.choice("absent", default: RoutingMode.staticRoutes) == .staticRoutes)
        #expect(reader.objects("absent") == nil)
        #expect(reader.contains("name"))
        #expect(!reader.contains("absent"))
        #expect(reader.keys == ["name", "asn", "ratio", "up", "mode", "tags"])
        #expect(reader.path(of: "name") == "name")
        reader.rejectUnknownFields(allowed: ["name", "asn", "ratio", "up", "mode", "tags"])
        #expect(issues.isEmpty)
    }

    @Test("a required field that is absent is reported at the enclosing object")
    func missingField() throws {
        let issues = IssueCollector()
        let root = JSONReader(try node("{\n  \"connections\": [\n    {\"local_asn\": 1}\n  ]\n}"), issues: issues)
        let connection = try #require(root.objects("connections")?.first)
        #expect(connection.path == "connections[0]")
        #expect(connection.location == loc(3, 5))
        #expect(connection.string("name", required: true) == nil)
        #expect(connection.string("optional") == nil)
        #expect(issues.issues.map(\.description) == [
            "3:5 connections[0].name: missing_field: required field 'name' is missing",
        ])
    }

    @Test("an unknown field is reported at its key, with a close known name suggested")
    func unknownField() throws {
        let issues = IssueCollector()
        let reader = JSONReader(
            try node(#"{"name": "a", "lokal_asn": 1, "Local-ASN": 2, "colour": "red", "zzz": 0}"#),
            path: "connections[0]", issues: issues)
        reader.rejectUnknownFields(allowed: ["name", "local_asn", "color"])
        #expect(issues.issues.map(\.description) == [
            "1:15 connections[0].lokal_asn: unknown_field: unknown field 'lokal_asn'; did you mean 'local_asn'?",
            "1:31 connections[0].Local-ASN: unknown_field: unknown field 'Local-ASN'; did you mean 'local_asn'?",
            "1:47 connections[0].colour: unknown_field: unknown field 'colour'; did you mean 'color'?",
            "1:64 connections[0].zzz: unknown_field: unknown field 'zzz'",
        ])
        #expect(issues.issues.allSatisfy { $0.code == .unknownField })
    }

    @Test("suggestions need a close name: at most a third of the longer name, 1 to 3 edits")
    func suggestions() {
        #expect(EditDistance.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(EditDistance.distance(Array("bpg"), Array("bgp")) == 1)
        #expect(EditDistance.distance(Array("ca"), Array("abc")) == 3)
        #expect(EditDistance.distance([], Array("abc")) == 3)
        #expect(EditDistance.suggestion(for: "nam", among: ["name", "asn"]) == "name")
        #expect(EditDistance.suggestion(for: "as", among: ["name", "asn"]) == "asn")
        #expect(EditDistance.suggestion(for: "x", among: ["name", "asn"]) == nil)
        #expect(EditDistance.suggestion(for: "tunnel_option_specification", among: ["tunnel_options_specification"])
            == "tunnel_options_specification")
        #expect(EditDistance.suggestion(for: "ab", among: ["ac", "ad"]) == "ac")
    }

    @Test("a value of the wrong JSON type is reported at the value, null included")
    func wrongType() throws {
        let issues = IssueCollector()
        let reader = JSONReader(
            try node(#"{"name": 12, "up": "yes", "asn": "65001", "peer": null, "list": {}, "sub": [], "ratio": true}"#),
            issues: issues)
        #expect(reader.string("name") == nil)
        #expect(reader.bool("up", default: false) == nil)
        #expect(reader.uint32("asn") == nil)
        #expect(reader.string("peer") == nil)
        #expect(reader.objects("list") == nil)
        #expect(reader.object("sub") == nil)
        #expect(reader.double("ratio") == nil)
        #expect(issues.issues.map(\.description) == [
            "1:10 name: wrong_type: expected a string, found a number",
            "1:20 up: wrong_type: expected a boolean, found a string",
            "1:34 asn: wrong_type: expected an integer, found a string",
            "1:51 peer: wrong_type: expected a string, found null",
            "1:65 list: wrong_type: expected an array, found an object",
            "1:76 sub: wrong_type: expected an object, found an array",
            "1:89 ratio: wrong_type: expected a number, found a boolean",
        ])
    }

    @Test("integers: a fraction or exponent is the wrong type; too big or outside the range is out of range")
    func integers() throws {
        let issues = IssueCollector()
        let reader = JSONReader(
            try node(#"{"a": 1.0, "b": 1e3, "c": 4294967296, "d": -1, "e": 70000, "f": 0, "g": -0, "h": 1e400}"#),
            issues: issues)
        #expect(reader.uint32("a") == nil)
        #expect(reader.int("b") == nil)
        #expect(reader.uint32("c") == nil)
        #expect(reader.uint32("d") == nil)
        #expect(reader.int("e", in: 1...65535, default: 90) == nil)
        #expect(reader.uint32("f", in: 1...UInt32.max, required: true) == nil)
        #expect(reader.uint32("g") == 0)
        #expect(reader.double("h") == nil)
        #expect(issues.issues.map(\.description) == [
            "1:7 a: wrong_type: expected an integer, found 1.0 (write integers without a fraction or exponent)",
            "1:17 b: wrong_type: expected an integer, found 1e3 (write integers without a fraction or exponent)",
            "1:27 c: out_of_range: 4294967296 is out of range 0...4294967295",
            "1:44 d: out_of_range: -1 is out of range 0...4294967295",
            "1:53 e: out_of_range: 70000 is out of range 1...65535",
            "1:65 f: out_of_range: 0 is out of range 1...4294967295",
            "1:82 h: out_of_range: 1e400 is too large for a double-precision number",
        ])
    }

    @Test("custom values: a parse closure's rejection, or a thrown parse error, is an invalid_value at the value")
    func customValues() throws {
        let issues = IssueCollector()
        let reader = JSONReader(
            try node(#"{"cidr": "10.0.0.300/8", "good": "192.168.0.0/16", "mode": "bpg", "hold": 2, "asn": "x"}"#),
            issues: issues)
        #expect(reader.string("cidr", as: { try IPv4Prefix(parsing: $0) }) == nil)
        #expect(reader.string("good", as: { try IPv4Prefix(parsing: $0) }) == IPv4Prefix("192.168.0.0/16"))
        #expect(reader.choice("mode", as: RoutingMode.self, required: true) == nil)
        let hold = reader.value("hold", default: 90) { node, _ in
            let seconds = try JSONReader.integerValue(node, as: Int.self)
            guard seconds == 0 || seconds >= 3 else { throw ValueRejection.invalid("a hold time is 0 or at least 3 seconds") }
            return seconds
        }
        #expect(hold == nil)
        let asn: ASNumber? = reader.value("asn", required: true) { node, _ throws(ValueRejection) in
            guard let text = node.value.stringValue else { throw .wrongType(expected: "an AS number", found: node) }
            guard let asn = ASNumber(text) else { throw .invalid("'\(text)' is not an AS number") }
            return asn
        }
        #expect(asn == nil)
        // Any other error thrown by a closure becomes an invalid_value with its description.
        let good = reader.value("good") { node, _ in try IPv4Prefix(parsing: try JSONReader.stringValue(node)) }
        #expect(good == IPv4Prefix("192.168.0.0/16"))
        let sum = reader.array("absent") { node, _ in try JSONReader.integerValue(node, as: Int.self) }
        #expect(sum == nil)
        let described = issues.issues.map(\.description)
        #expect(described.count == 4)
        #expect(described[0].hasPrefix("1:10 cidr: invalid_value: ") && described[0].contains("300"), "\(described[0])")
        #expect(described[1] == "1:60 mode: invalid_value: 'bpg' is not one of 'static', 'bgp'; did you mean 'bgp'?")
        #expect(described[2] == "1:75 hold: invalid_value: a hold time is 0 or at least 3 seconds")
        #expect(described[3] == "1:85 asn: invalid_value: 'x' is not an AS number")
    }

    @Test("arrays of objects: one reader per object; other elements are reported at their own path")
    func arraysOfObjects() throws {
        let issues = IssueCollector()
        let text = """
            {"tunnels": [
              {"id": 1},
              7,
              {"id": "two"},
              {"id": 3, "routes": ["10.0.0.0/8", 5, "bad"]}
            ]}
            """
        let reader = JSONReader(try node(text), issues: issues)
        let tunnels = try #require(reader.objects("tunnels", required: true))
        #expect(tunnels.map(\.path) == ["tunnels[0]", "tunnels[2]", "tunnels[3]"])
        #expect(tunnels.map { $0.int("id") } == [1, nil, 3])
        #expect(tunnels[2].strings("routes", as: { try IPv4Prefix(parsing: $0) }) == [IPv4Prefix("10.0.0.0/8")!])
        let described = issues.issues.map(\.description)
        #expect(described.count == 4, "\(described)")
        #expect(described[0] == "3:3 tunnels[1]: wrong_type: expected an object, found a number")
        #expect(described[1] == "4:10 tunnels[2].id: wrong_type: expected an integer, found a string")
        #expect(described[2] == "5:38 tunnels[3].routes[1]: wrong_type: expected a string, found a number")
        #expect(described[3].hasPrefix("5:41 tunnels[3].routes[2]: invalid_value: "))
        #expect(issues.issues.last?.path == "tunnels[3].routes[2]")
    }

    @Test("every problem of a document is collected at once and listed in file order")
    func allIssuesInFileOrder() throws {
        let text = """
            {
              "connections": [
                {
                  "name": 42,
                  "tunnel_options_specification": [
                    {"tunnel_bgp_config": {"local_asn": 4294967296, "bgp_enabled": true}},
                    {"tunnel_bgp_config": {"lokal_asn": 65001}}
                  ]
                }
              ],
              "region": "cn-hangzhou",
              "extra": true
            }
            """
        let issues = IssueCollector()
        let root = JSONReader(try node(text), issues: issues)
        // Schema code reads in its own order; the report still comes out in file order.
        root.rejectUnknownFields(allowed: ["connections", "region"])
        _ = root.string("region", required: true)
        for connection in root.objects("connections", required: true) ?? [] {
            for tunnel in connection.objects("tunnel_options_specification", required: true) ?? [] {
                if let bgp = tunnel.object("tunnel_bgp_config", required: true) {
                    _ = bgp.uint32("local_asn", required: true)
                    _ = bgp.bool("bgp_enabled", default: false)
                    bgp.rejectUnknownFields(allowed: ["local_asn", "bgp_enabled"])
                }
            }
            _ = connection.string("name", required: true)
            connection.rejectUnknownFields(allowed: ["name", "tunnel_options_specification"])
        }
        #expect(issues.issues.map(\.description) == [
            "4:15 connections[0].name: wrong_type: expected a string, found a number",
            "6:45 connections[0].tunnel_options_specification[0].tunnel_bgp_config.local_asn: out_of_range: 4294967296 is out of range 0...4294967295",
            "7:31 connections[0].tunnel_options_specification[1].tunnel_bgp_config.local_asn: missing_field: required field 'local_asn' is missing",
            "7:32 connections[0].tunnel_options_specification[1].tunnel_bgp_config.lokal_asn: unknown_field: unknown field 'lokal_asn'; did you mean 'local_asn'?",
            "12:3 extra: unknown_field: unknown field 'extra'",
        ])
        #expect(issues.count == 5)
        #expect(issues.recorded.first?.code == .unknownField)
    }

    @Test("a reader over a non-object reports it once and reads nothing")
    func readerOverNonObject() throws {
        let issues = IssueCollector()
        let reader = JSONReader(try node("[1, 2]"), issues: issues)
        #expect(reader.object == nil)
        #expect(reader.string("name", required: true) == nil)
        #expect(reader.uint32("asn", default: 1) == nil)
        reader.rejectUnknownFields(allowed: [])
        #expect(reader.keys.isEmpty)
        #expect(issues.issues.map(\.description) == ["1:1 wrong_type: expected an object, found an array"])
    }

    @Test("schema code can report its own checks at a field or at the object")
    func reportedChecks() throws {
        let issues = IssueCollector()
        let reader = JSONReader(try node(#"{"tunnels": [{}, {}, {}]}"#), path: "connections[1]", issues: issues)
        reader.report(.invalidValue, field: "tunnels", "a dual-tunnel connection has exactly 2 tunnels, found 3")
        reader.report(.missingField, field: "name", "a connection needs a name")
        reader.report(.invalidValue, "the connection is incomplete")
        #expect(issues.issues.map(\.description) == [
            "1:1 connections[1].name: missing_field: a connection needs a name",
            "1:1 connections[1]: invalid_value: the connection is incomplete",
            "1:13 connections[1].tunnels: invalid_value: a dual-tunnel connection has exactly 2 tunnels, found 3",
        ])
    }

    @Test("arrays of scalars: each element is parsed by the closure and reported at its own path")
    func arraysOfScalars() throws {
        let issues = IssueCollector()
        let reader = JSONReader(try node(#"{"asns": [65001, "65002", 4200000000, 1.5, 0]}"#), issues: issues)
        let asns = reader.array("asns", required: true) { node, _ in
            let value = try JSONReader.integerValue(node, as: UInt32.self)
            guard value != 0 else { throw ValueRejection.invalid("AS 0 is reserved (RFC 7607)") }
            return ASNumber(rawValue: value)
        }
        #expect(asns == [65001, 4_200_000_000])
        #expect(reader.array("missing", required: true) { node, _ in node } == nil)
        #expect(issues.issues.map(\.description) == [
            "1:1 missing: missing_field: required field 'missing' is missing",
            "1:18 asns[1]: wrong_type: expected an integer, found a string",
            "1:39 asns[3]: wrong_type: expected an integer, found 1.5 (write integers without a fraction or exponent)",
            "1:44 asns[4]: invalid_value: AS 0 is reserved (RFC 7607)",
        ])
    }

    @Test("the collector keeps one copy of a repeated issue and sorts issues without a location last")
    func collector() throws {
        let issues = IssueCollector()
        let reader = JSONReader(try node(#"{"a": "x"}"#), issues: issues)
        _ = reader.int("a")
        _ = reader.int("a")
        issues.record(.documentTooLarge, path: "", location: nil, "too big")
        issues.record(.syntaxError, path: "", location: loc(1, 1), "first")
        issues.record(.syntaxError, path: "", location: loc(1, 1), "second")
        #expect(issues.count == 4)
        #expect(issues.issues.map(\.message) == ["first", "second", "expected an integer, found a string", "too big"])
    }

    @Test("loading flow: a parse issue lands in the same collector as schema issues")
    func parseIssueInCollector() {
        let issues = IssueCollector()
        do {
            let root = try JSONParser.parse(#"{"a": 1,, "b": 2}"#)
            _ = JSONReader(root, issues: issues)
        } catch {
            issues.record(error)
        }
        #expect(issues.issues.map(\.description) == ["1:9 syntax_error: expected a double-quoted key, found ','"])
    }
}
