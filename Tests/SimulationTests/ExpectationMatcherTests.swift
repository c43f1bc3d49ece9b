import Reports
import Simulation
import Testing
import Topology

/// Parses one JSON value (the expected side of a match).
private func json(_ text: String) throws -> JSONNode {
    try JSONParser.parse(text)
}

/// A mismatch as the tests compare it (``ExpectationMatcher/Mismatch`` has no public initializer).
private struct Difference: Hashable, CustomStringConvertible {
    var path: String
    var expected: String
    var found: String?

    init(_ mismatch: ExpectationMatcher.Mismatch) {
        self.init(mismatch.path, mismatch.expected, mismatch.found)
    }

    init(_ path: String, _ expected: String, _ found: String?) {
        self.path = path
        self.expected = expected
        self.found = found
    }

    var description: String { "\(path): \(expected) / \(found ?? "nothing")" }
}

private func mismatch(_ path: String, _ expected: String, _ found: String?) -> Difference {
    Difference(path, expected, found)
}

private func match(_ expected: String, _ actual: JSONOutput?, path: String = "x") throws -> [Difference] {
    ExpectationMatcher.mismatches(try json(expected), actual, path: path).map(Difference.init)
}

/// A row of a table in the expectation view.
private let row: JSONOutput = .object([("prefix", .string("10.0.0.0/16")), ("tunnels", .array([.int(1), .int(2)])),
                                       ("status", .string("Active")), ("reason", .null)])

@Suite("ExpectationMatcher")
struct ExpectationMatcherTests {
    // MARK: null and "*"

    @Test("null matches an absent value or null, not a present one")
    func null() throws {
        #expect(try match("null", nil).isEmpty)
        #expect(try match("null", .null).isEmpty)
        #expect(try match("null", .string("Active")) == [mismatch("x", "null", #""Active""#)])
        #expect(try match("null", .int(0)) == [mismatch("x", "null", "0")])
        #expect(try match("null", .array([])) == [mismatch("x", "null", "[]")])
        #expect(try match("null", row) == [mismatch("x", "null", row.rendered(pretty: false))])
    }

    @Test(#""*" matches any present value that is not null"#)
    func star() throws {
        #expect(try match(#""*""#, nil) == [mismatch("x", #""*""#, nil)])
        #expect(try match(#""*""#, .null) == [mismatch("x", #""*""#, "null")])
        for value: JSONOutput in [.string(""), .string("*"), .int(0), .bool(false), .array([]), .object([]), row] {
            #expect(try match(#""*""#, value).isEmpty, "\(value.rendered(pretty: false))")
        }
    }

    // MARK: Objects and arrays

    @Test("an object matches an object when every listed key matches; other keys are not checked")
    func objectPartial() throws {
        #expect(try match("{}", row).isEmpty)
        #expect(try match(#"{"status": "Active"}"#, row).isEmpty)
        #expect(try match(#"{"status": "Active", "tunnels": [1, 2], "reason": null, "med": null}"#, row).isEmpty)
        #expect(try match(#"{"status": "Standby"}"#, row) == [mismatch("x.status", #""Standby""#, #""Active""#)])
        // An absent key is "nothing"; every difference is listed, in the expectation's order.
        #expect(try match(#"{"med": 5, "status": "Standby", "prefix": "10.0.0.0/16", "reason": "*"}"#, row) == [
            mismatch("x.med", "5", nil), mismatch("x.status", #""Standby""#, #""Active""#), mismatch("x.reason", #""*""#, "null"),
        ])
        // An object does not match a scalar, nor an absent value.
        #expect(try match(#"{"status": "Active"}"#, .string("Active")) == [mismatch("x", #"{"status":"Active"}"#, #""Active""#)])
        #expect(try match(#"{"status": "Active"}"#, nil) == [mismatch("x", #"{"status":"Active"}"#, nil)])
    }

    @Test("an object matches an array when one element matches it")
    func objectAgainstArray() throws {
        let rows: JSONOutput = .array([
            .object([("tunnels", .array([.int(1)])), ("status", .string("Active"))]),
            .object([("tunnels", .array([.int(2)])), ("status", .string("Standby"))]),
        ])
        #expect(try match(#"{"status": "Standby"}"#, rows).isEmpty)
        #expect(try match(#"{"tunnels": [2], "status": "Standby"}"#, rows).isEmpty)
        // The keys must match in the same element.
        #expect(try match(#"{"tunnels": [1], "status": "Standby"}"#, rows)
                    == [mismatch("x", #"{"tunnels":[1],"status":"Standby"}"#, rows.rendered(pretty: false))])
        #expect(try match(#"{"status": "Rejected"}"#, .array([])) == [mismatch("x", #"{"status":"Rejected"}"#, "[]")])
        // The mismatch is reported at the array, not inside an element.
        #expect(try match(#"{"status": "Rejected"}"#, rows).map(\.path) == ["x"])
    }

    @Test("an array matches an array of the same length, element by element, in order")
    func arrays() throws {
        #expect(try match("[]", .array([])).isEmpty)
        #expect(try match("[1, 2]", .array([.int(1), .int(2)])).isEmpty)
        #expect(try match("[2, 1]", .array([.int(1), .int(2)])) == [mismatch("x[0]", "2", "1"), mismatch("x[1]", "1", "2")])
        #expect(try match("[1]", .array([.int(1), .int(2)])) == [mismatch("x", "[1]", "[1,2]")])
        #expect(try match("[1, 2, 3]", .array([.int(1), .int(2)])) == [mismatch("x", "[1,2,3]", "[1,2]")])
        // Elements are matched as values: partial objects, null and "*" inside arrays.
        #expect(try match(#"[{"status": "Active"}, "*"]"#, .array([row, .int(7)])).isEmpty)
        #expect(try match(#"[null]"#, .array([.null])).isEmpty)
        #expect(try match(#"["*"]"#, .array([.null])) == [mismatch("x[0]", #""*""#, "null")])
        // An array does not match an object or a scalar.
        #expect(try match("[1]", .object([("1", .int(1))])) == [mismatch("x", "[1]", #"{"1":1}"#)])
        #expect(try match("[1]", .int(1)) == [mismatch("x", "[1]", "1")])
    }

    // MARK: Scalars

    @Test("numbers match equal integers only")
    func numbers() throws {
        #expect(try match("65001", .int(65001)).isEmpty)
        #expect(try match("0", .int(0)).isEmpty)
        #expect(try match("-1", .int(-1)).isEmpty)
        #expect(try match("2", .int(3)) == [mismatch("x", "2", "3")])
        #expect(try match("2", .string("2")) == [mismatch("x", "2", #""2""#)])
        // A number written with a fraction or an exponent is not an integer: it matches nothing.
        #expect(try match("1.0", .int(1)) == [mismatch("x", "1.0", "1")])
        #expect(try match("1e2", .int(100)) == [mismatch("x", "1e2", "100")])
        #expect(try match("1.5", .int(1)) == [mismatch("x", "1.5", "1")])
    }

    @Test("strings match equal strings, exactly")
    func strings() throws {
        #expect(try match(#""Established""#, .string("Established")).isEmpty)
        #expect(try match(#""""#, .string("")).isEmpty)
        #expect(try match(#""established""#, .string("Established")) == [mismatch("x", #""established""#, #""Established""#)])
        #expect(try match(#""65001""#, .int(65001)) == [mismatch("x", #""65001""#, "65001")])
        #expect(try match(#""a\"b""#, .string("a\"b")).isEmpty)
    }

    @Test("booleans match equal booleans")
    func booleans() throws {
        #expect(try match("true", .bool(true)).isEmpty)
        #expect(try match("false", .bool(false)).isEmpty)
        #expect(try match("true", .bool(false)) == [mismatch("x", "true", "false")])
        #expect(try match("false", .string("false")) == [mismatch("x", "false", #""false""#)])
        #expect(try match("false", nil) == [mismatch("x", "false", nil)])
    }

    // MARK: Paths and text

    @Test("nested mismatches carry their JSON path, with prefixes and tunnel names quoted")
    func nestedPaths() throws {
        let view: JSONOutput = .object([
            ("tunnels", .object([("vco-dc1/1", .object([("ipsec", .string("up")), ("received", .int(2))]))])),
            ("transit_router", .object([("vtb-default", .object([("10.0.0.0/16", .array([row]))]))])),
            ("data_centers", .object([("dc1", .object([("1", .object([("10.0.0.0/16", .array([row]))]))]))])),
        ])
        let expected = """
            {"tunnels": {"vco-dc1/1": {"ipsec": "down", "received": 2}, "vco-dc1/2": {"ipsec": "up"}},
             "transit_router": {"vtb-default": {"10.0.0.0/16": [{"tunnels": [1, 3]}], "10.1.0.0/16": "*"}},
             "data_centers": {"dc1": {"1": {"10.0.0.0/16": null}}}}
            """
        #expect(try match(expected, view, path: "") == [
            mismatch(#"tunnels["vco-dc1/1"].ipsec"#, #""down""#, #""up""#),
            mismatch(#"tunnels["vco-dc1/2"]"#, #"{"ipsec":"up"}"#, nil),
            mismatch(#"transit_router.vtb-default["10.0.0.0/16"][0].tunnels[1]"#, "3", "2"),
            mismatch(#"transit_router.vtb-default["10.1.0.0/16"]"#, #""*""#, nil),
            mismatch(#"data_centers.dc1.1["10.0.0.0/16"]"#, "null", JSONOutput.array([row]).rendered(pretty: false)),
        ])
    }

    @Test("a mismatch says what was expected and what was found")
    func mismatchText() throws {
        let found = ExpectationMatcher.mismatches(try json(#"{"status": "Standby", "med": 5}"#), row, path: "transit_router.vtb-default")
        #expect(found.map(\.description) == [
            #"transit_router.vtb-default.status: expected "Standby", found "Active""#,
            "transit_router.vtb-default.med: expected 5, found nothing",
        ])
        #expect(ExpectationMatcher.mismatches(try json("null"), .array([.int(1)]), path: "x").map(\.description) == ["x: expected null, found [1]"])
    }

    // MARK: Through verify

    /// dual-tunnel-bgp with `expect` blocks, checked by ``RouteSimulation/verify(_:)``.
    private func verify(_ expect: String) throws -> [ExpectationResult] {
        RouteSimulation.verify(try Scenario().document(expect: expect)).results
    }

    @Test("verify: a wrong status fails with the path of the value")
    func wrongStatus() throws {
        let results = try verify(#"[{"at": 30, "tunnels": {"vco-dc1/1": {"ipsec": "up", "bgp": "idle"}}}]"#)
        let result = try #require(results.first)
        #expect(!result.passed && result.time == .seconds(30))
        #expect(result.mismatches.map(Difference.init) == [mismatch(#"tunnels["vco-dc1/1"].bgp"#, #""idle""#, #""established""#)])

        // A row's status: the row object matches no row of the prefix, so the path is the prefix's.
        let rows = try verify(#"[{"transit_router": {"vtb-default": {"192.168.0.0/16": {"next_hop": "tr-attach-vco-dc1", "status": "Standby"}}}}]"#)
        let rowResult = try #require(rows.first)
        #expect(rowResult.mismatches.map(\.path) == [#"transit_router.vtb-default["192.168.0.0/16"]"#])
        #expect(rowResult.mismatches.first?.expected == #"{"next_hop":"tr-attach-vco-dc1","status":"Standby"}"#)
        #expect(rowResult.mismatches.first?.found?.contains(#""status":"Active""#) == true)
        #expect(rowResult.time == .seconds(180))
    }

    @Test("verify: a prefix expected absent but present fails, with the rows found")
    func presentPrefix() throws {
        let results = try verify("""
            [{"connections": {"vco-dc1": {"bgp": {"192.168.0.0/16": null, "10.9.0.0/16": null}}},
              "data_centers": {"dc1": {"2": {"10.1.0.0/16": null}}}}]
            """)
        let result = try #require(results.first)
        #expect(result.mismatches.map(\.path) == [#"connections.vco-dc1.bgp["192.168.0.0/16"]"#, #"data_centers.dc1.2["10.1.0.0/16"]"#])
        #expect(result.mismatches.map(\.expected) == ["null", "null"])
        #expect(result.mismatches.first?.found?.hasPrefix(#"[{"prefix":"192.168.0.0/16","source":"VPN_BGP","tunnels":[1,2]"#) == true)
        #expect(result.mismatches.last?.found?.contains(#""next_hop":"169.254.20.1""#) == true)
    }

    @Test("verify: the right state at the wrong time fails; at the right time it passes")
    func wrongTime() throws {
        // The cloud side is Established at 5.015 (see TimelineTests): not at 5.014, nor at 3.
        let block = #"{"tunnels": {"vco-dc1/1": {"bgp": "established", "received": "*"}, "vco-dc1/2": {"bgp": "established"}}}"#
        let results = try verify("[\(block.dropLast()), \"at\": 5.015}, \(block.dropLast()), \"at\": 3}, \(block.dropLast()), \"at\": 5.014}]")
        #expect(results.map(\.time) == [.seconds(3), .milliseconds(5014), .milliseconds(5015)])
        #expect(results.map(\.expectation.path) == ["expect[1]", "expect[2]", "expect[0]"])
        #expect(results.map(\.passed) == [false, false, true])
        #expect(results[0].mismatches.map(Difference.init) == [
            mismatch(#"tunnels["vco-dc1/1"].bgp"#, #""established""#, #""active""#),
            mismatch(#"tunnels["vco-dc1/2"].bgp"#, #""established""#, #""active""#),
        ])
        #expect(results[1].mismatches.map(\.path) == [#"tunnels["vco-dc1/1"].bgp"#, #"tunnels["vco-dc1/2"].bgp"#])
        #expect(results[1].mismatches.map(\.found) == [#""open_sent""#, #""open_sent""#])
    }

    @Test("verify: blocks run in time order, file order for ties, blocks without at at the end")
    func verifyOrder() throws {
        let (results, simulation) = RouteSimulation.verify(try Scenario().document(
            timeline: #"[{"at": 20, "event": "tunnel_down", "connection": "vco-dc1", "tunnel": 2}]"#,
            expect: """
                [{"description": "end", "tunnels": {"vco-dc1/2": {"ipsec": "down", "reason": "administratively_down"}}},
                 {"at": 20, "description": "b", "tunnels": {"vco-dc1/2": {"ipsec": "down"}}},
                 {"at": 10, "description": "a", "tunnels": {"vco-dc1/2": {"ipsec": "up", "reason": null}}},
                 {"at": 20, "description": "c", "connections": {"vco-dc1": {"bgp": {"192.168.0.0/16": {"tunnels": [1]}}}}}]
                """))
        #expect(results.map(\.expectation.description) == ["a", "b", "c", "end"])
        #expect(results.map(\.time) == [.seconds(10), .seconds(20), .seconds(20), .seconds(200)])
        #expect(results.allSatisfy { $0.passed }, "\(results.flatMap(\.mismatches))")
        #expect(simulation.now == .seconds(200))
    }
}
