// Shared helpers for the byte-vector, framer and round-trip tests of BGPWire.
//
// Names are deliberately specific (`wireBytes`, `SeededGenerator`, `WireVector`, `WireVectors`) so
// that they do not collide with helpers in other test files of the same module.

import Testing
import NetworkPrimitives
@testable import BGPWire

// MARK: - Hex

/// Parses hex text into bytes. Accepts `ffff 00 13 04`, `0xff, 0xff`, line breaks, commas, and
/// `//` comments to the end of a line (as in the annotated vectors of GoBGP and Holo).
func wireBytes(_ hex: String) -> [UInt8] {
    var digits: [UInt8] = []
    let scalars = Array(hex.unicodeScalars)
    var i = 0
    while i < scalars.count {
        let scalar = scalars[i]
        let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
        if scalar == "/" && next == "/" {
            while i < scalars.count && scalars[i] != "\n" { i += 1 }
            continue
        }
        if scalar == "0" && (next == "x" || next == "X") {
            i += 2
            continue
        }
        switch scalar {
        case "0" ... "9": digits.append(UInt8(scalar.value - 48))
        case "a" ... "f": digits.append(UInt8(scalar.value - 97 + 10))
        case "A" ... "F": digits.append(UInt8(scalar.value - 65 + 10))
        case " ", "\t", ",", "\r", "\n", ":": break
        default: preconditionFailure("wireBytes: unexpected character \(scalar) in \(hex)")
        }
        i += 1
    }
    precondition(digits.count % 2 == 0, "wireBytes: odd number of hex digits in \(hex)")
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

/// Lower-case hex of `bytes`, for failure messages.
func wireHex(_ bytes: [UInt8]) -> String {
    bytes.map { hexByte($0) }.joined(separator: " ")
}

// MARK: - PRNG

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny seeded generator so random tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Vectors

/// One annotated message vector, checked in both directions.
///
/// - `bytes` decode (with `options`) to `message`.
/// - `message` encodes to `canonical` when given, else to `bytes`. A vector needs `canonical` when the
///   wire form is legal but not the one the encoder writes: a capture with one capability per
///   optional parameter, an attribute sent with the Extended Length bit although short, an unknown
///   attribute that comes back with the Partial bit, and so on.
/// - `message == nil` means the decoder must ignore the message (an unknown ROUTE-REFRESH subtype).
struct WireVector: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var message: BGPMessage?
    var options: CodecOptions = .standard
    var canonical: [UInt8]? = nil

    var testDescription: String { name }
}

/// The vectors of every test file, gathered for the prefix, trailing-byte and framer tests.
enum WireVectors {
    /// The 16-octet all-ones marker (RFC 4271 §4.1).
    static let marker = [UInt8](repeating: 0xFF, count: 16)

    /// Every vector that decodes to a message (or to `nil`) without error.
    static var all: [WireVector] {
        keepalive + open + capabilityOpens + update + pathAttributes + notification + routeRefresh
    }

    /// KEEPALIVE: the header alone (RFC 4271 §4.4).
    static let keepalive: [WireVector] = [
        WireVector(name: "KEEPALIVE", bytes: marker + [
            0x00, 0x13, // Length 19
            0x04,       // Type KEEPALIVE
        ], message: .keepalive),
    ]
}

/// Decodes and re-encodes a vector, comparing both directions.
func checkWireVector(_ vector: WireVector, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let decoded = try BGPMessage.decode(bytes: vector.bytes, options: vector.options)
    #expect(decoded == vector.message, "decode \(vector.name)", sourceLocation: sourceLocation)
    guard let message = vector.message else { return }
    let expected = vector.canonical ?? vector.bytes
    let encoded = try message.encode(options: vector.options)
    #expect(encoded == expected, "encode \(vector.name):\n got  \(wireHex(encoded))\n want \(wireHex(expected))",
            sourceLocation: sourceLocation)
    if let canonical = vector.canonical {
        // The canonical form is stable: it decodes to a message that encodes back to it.
        let again = try #require(try BGPMessage.decode(bytes: canonical, options: vector.options),
                                 sourceLocation: sourceLocation)
        #expect(try again.encode(options: vector.options) == canonical, "re-encode canonical \(vector.name)",
                sourceLocation: sourceLocation)
    }
}

// MARK: - Building messages

/// A header for a message of `bodyLength` octets after the header.
func wireHeader(bodyLength: Int, type: UInt8) -> [UInt8] {
    let length = 19 + bodyLength
    return WireVectors.marker + [UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length), type]
}

/// A whole message: computed header plus `body`.
func wireMessage(type: UInt8, body: [UInt8]) -> [UInt8] {
    wireHeader(bodyLength: body.count, type: type) + body
}

/// An UPDATE with no withdrawn routes, the given path attribute field and NLRI.
func wireUpdate(attributes: [UInt8], nlri: [UInt8] = [], withdrawn: [UInt8] = []) -> [UInt8] {
    var body: [UInt8] = [UInt8(withdrawn.count >> 8), UInt8(withdrawn.count & 0xFF)]
    body += withdrawn
    body += [UInt8(attributes.count >> 8), UInt8(attributes.count & 0xFF)]
    body += attributes
    body += nlri
    return wireMessage(type: 2, body: body)
}

/// An OPEN body with the given fixed fields and optional parameter bytes (Opt Parm Len included by caller).
func wireOpen(version: UInt8 = 4, myAS: UInt16 = 65001, holdTime: UInt16 = 90,
              identifier: UInt32 = 0x0A00_0001, optionalParameters: [UInt8] = [0x00]) -> [UInt8] {
    var body: [UInt8] = [version, UInt8(myAS >> 8), UInt8(myAS & 0xFF), UInt8(holdTime >> 8), UInt8(holdTime & 0xFF)]
    body += [UInt8(identifier >> 24), UInt8((identifier >> 16) & 0xFF), UInt8((identifier >> 8) & 0xFF),
             UInt8(identifier & 0xFF)]
    body += optionalParameters
    return wireMessage(type: 1, body: body)
}

/// The error thrown by decoding `bytes`, or `nil` when decoding succeeds.
func wireDecodeError(_ bytes: [UInt8], options: CodecOptions = .standard) -> BGPDecodeError? {
    do {
        _ = try BGPMessage.decode(bytes: bytes, options: options)
        return nil
    } catch {
        return error
    }
}

/// The UPDATE `bytes` decode to; records an issue and returns `nil` for anything else.
func wireDecodeUpdate(_ bytes: [UInt8], options: CodecOptions = .standard,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> UpdateMessage? {
    guard case .update(let update)? = try BGPMessage.decode(bytes: bytes, options: options) else {
        Issue.record("not an UPDATE", sourceLocation: sourceLocation)
        return nil
    }
    return update
}

/// Shorthands for prefixes and addresses in expected values.
func wirePrefix4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ length: Int) -> IPv4Prefix {
    IPv4Prefix(masking: IPv4Address(a, b, c, d), length: length)!
}

func wirePrefix6(_ text: String, _ length: Int) -> IPv6Prefix {
    IPv6Prefix(masking: IPv6Address(text)!, length: length)!
}

func wireIPv6(_ text: String) -> IPv6Address { IPv6Address(text)! }

/// The fields in which two attribute sets differ, for failure messages.
func attributeDifferences(_ lhs: PathAttributes, _ rhs: PathAttributes) -> String {
    var out: [String] = []
    func check<T: Equatable>(_ name: String, _ a: T, _ b: T) {
        if a != b { out.append("\(name): \(a) != \(b)") }
    }
    check("origin", lhs.origin, rhs.origin)
    check("asPath", lhs.asPath?.segments.map { "\($0.type)\($0.asns.map(\.rawValue))" },
          rhs.asPath?.segments.map { "\($0.type)\($0.asns.map(\.rawValue))" })
    check("nextHop", lhs.nextHop, rhs.nextHop)
    check("med", lhs.multiExitDiscriminator, rhs.multiExitDiscriminator)
    check("localPref", lhs.localPreference, rhs.localPreference)
    check("atomic", lhs.atomicAggregate, rhs.atomicAggregate)
    check("aggregator", lhs.aggregator.map { "\($0.asn.rawValue) \($0.address)" },
          rhs.aggregator.map { "\($0.asn.rawValue) \($0.address)" })
    check("communities", lhs.communities, rhs.communities)
    check("originatorID", lhs.originatorID, rhs.originatorID)
    check("clusterList", lhs.clusterList, rhs.clusterList)
    check("extendedCommunities", lhs.extendedCommunities, rhs.extendedCommunities)
    check("as4Path", lhs.as4Path?.segments.map { "\($0.type)\($0.asns.map(\.rawValue))" },
          rhs.as4Path?.segments.map { "\($0.type)\($0.asns.map(\.rawValue))" })
    check("as4Aggregator", lhs.as4Aggregator.map { "\($0.asn.rawValue) \($0.address)" },
          rhs.as4Aggregator.map { "\($0.asn.rawValue) \($0.address)" })
    check("largeCommunities", lhs.largeCommunities, rhs.largeCommunities)
    check("onlyToCustomer", lhs.onlyToCustomer, rhs.onlyToCustomer)
    check("unrecognized", lhs.unrecognized.map { "\($0.flags.rawValue)/\($0.type)/\($0.value.count)" },
          rhs.unrecognized.map { "\($0.flags.rawValue)/\($0.type)/\($0.value.count)" })
    return out.joined(separator: "; ")
}
