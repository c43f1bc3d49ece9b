import NetworkPrimitives

/// Reads and writes NLRI prefix lists (RFC 4271 §4.3 "length, prefix" pairs; RFC 4760 §5).
///
/// A prefix is one length octet and then the fewest octets that hold that many bits; trailing bits
/// past the length are irrelevant (RFC 4271 §4.3) and are cleared on decoding.
public enum NLRICodec {
    /// How the codec decodes the NLRI of a family.
    public enum Kind: Sendable {
        case ipv4, ipv6, raw
    }

    /// IPv4 and IPv6 unicast and multicast are parsed; other families are kept as bytes.
    public static func kind(of family: AddressFamily) -> Kind {
        guard family.safi == .unicast || family.safi == .multicast else { return .raw }
        switch family.afi {
        case .ipv4: return .ipv4
        case .ipv6: return .ipv6
        default: return .raw
        }
    }

    /// Why a prefix list could not be read (RFC 7606 §5.3 "syntactically incorrect").
    public struct SyntaxError: Error, Sendable, Hashable {
        /// The offending length octet, or -1 when a prefix runs past the field.
        public var length: Int
        public var reason: String

        @inlinable
        public init(length: Int, reason: String) {
            self.length = length
            self.reason = reason
        }
    }

    /// Reads IPv4 prefixes until the reader is exhausted.
    ///
    /// The hot loop of UPDATE decoding, in two passes over a bounded raw view of the field: the
    /// first checks every length against what is left and counts the prefixes, the second reads
    /// them into an array of exactly that size.
    /// - Throws: ``SyntaxError`` when a length exceeds 32 or a prefix overruns the field.
    @inlinable
    public static func readIPv4(_ reader: inout ByteReader) throws(SyntaxError) -> [IPv4Prefix] {
        var failure: SyntaxError?
        var result: [IPv4Prefix] = []
        reader.consume { (raw: UnsafeRawBufferPointer) -> Int in
            let end = raw.count
            var index = 0
            var count = 0
            while index < end {
                let length = Int(raw[index])
                guard length <= 32 else {
                    failure = SyntaxError(length: length, reason: "prefix length \(length) is over 32")
                    return 0
                }
                let octets = (length &+ 7) >> 3
                guard end &- index &- 1 >= octets else {
                    failure = SyntaxError(length: -1, reason: "a /\(length) prefix runs past the end of the field")
                    return 0
                }
                index &+= 1 &+ octets
                count &+= 1
            }
            guard count > 0 else { return end }
            // Growing an empty array is the specialized allocation path; the generic initializers
            // (`repeating:`, `unsafeUninitializedCapacity:`) look up array metadata at run time,
            // which costs more than decoding the prefixes.
            // Decode into a stack buffer, then one `append(contentsOf:)`: a single allocation on the
            // specialized path and one uniqueness check, instead of per-element bookkeeping.
            withUnsafeTemporaryAllocation(of: IPv4Prefix.self, capacity: count) { buffer in
                index = 0
                for slot in 0 ..< count {
                    // Every offset below was validated by the first pass.
                    let length = Int(raw[index])
                    let octets = (length &+ 7) >> 3
                    var value: UInt32 = 0
                    if end &- index &- 1 >= 4 {
                        // Four octets are inside the field: one load; the mask clears the octets
                        // past this prefix (they belong to the next one).
                        value = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: index &+ 1, as: UInt32.self))
                    } else {
                        var shift: UInt32 = 24
                        var i = index &+ 1
                        while i < index &+ 1 &+ octets {
                            value |= UInt32(raw[i]) << shift
                            shift &-= 8
                            i &+= 1
                        }
                    }
                    index &+= 1 &+ octets
                    let mask: UInt32 = length == 0 ? 0 : ~(UInt32.max >> UInt32(length))
                    buffer.initializeElement(
                        at: slot, to: IPv4Prefix(uncheckedAddress: IPv4Address(rawValue: value & mask), length: UInt8(length)))
                }
                result.append(contentsOf: UnsafeBufferPointer(buffer))
                _ = buffer.deinitialize()
            }
            return end
        }
        if let failure { throw failure }
        return result
    }

    /// Reads IPv4 prefixes until the reader is exhausted, appending to `prefixes`.
    /// - Throws: ``SyntaxError`` when a length exceeds 32 or a prefix overruns the field.
    @inlinable
    public static func readIPv4(_ reader: inout ByteReader, into prefixes: inout [IPv4Prefix]) throws(SyntaxError) {
        let list = try readIPv4(&reader)
        if prefixes.isEmpty { prefixes = list } else { prefixes += list }
    }

    /// Reads IPv6 prefixes until the reader is exhausted, appending to `prefixes`.
    /// - Throws: ``SyntaxError`` when a length exceeds 128 or a prefix overruns the field.
    public static func readIPv6(
        _ reader: inout ByteReader, into prefixes: inout [IPv6Prefix]
    ) throws(SyntaxError) {
        while let length8 = reader.readUInt8() {
            let length = Int(length8)
            guard length <= 128 else {
                throw SyntaxError(length: length, reason: "prefix length \(length) is over 128")
            }
            let octets = (length + 7) / 8
            guard let raw = reader.readBytes(octets) else {
                throw SyntaxError(length: -1, reason: "a /\(length) prefix runs past the end of the field")
            }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for (i, byte) in raw.enumerated() {
                if i < 8 { high |= UInt64(byte) << UInt64(56 - 8 * i) } else { low |= UInt64(byte) << UInt64(56 - 8 * (i - 8)) }
            }
            if let prefix = IPv6Prefix(masking: IPv6Address(high: high, low: low), length: length) {
                prefixes.append(prefix)
            }
        }
    }

    /// The encoded size of an IPv4 prefix.
    @inlinable
    public static func encodedSize(_ prefix: IPv4Prefix) -> Int { 1 + (Int(prefix.length) + 7) / 8 }

    /// The encoded size of an IPv6 prefix.
    @inlinable
    public static func encodedSize(_ prefix: IPv6Prefix) -> Int { 1 + (Int(prefix.length) + 7) / 8 }

    /// Writes one IPv4 prefix.
    @inlinable
    public static func write(_ prefix: IPv4Prefix, into writer: inout ByteWriter) {
        writer.write(prefix.length)
        let octets = (Int(prefix.length) + 7) / 8
        let value = prefix.address.rawValue
        for i in 0 ..< octets {
            writer.write(UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * i)))
        }
    }

    /// Writes one IPv6 prefix.
    public static func write(_ prefix: IPv6Prefix, into writer: inout ByteWriter) {
        writer.write(prefix.length)
        let octets = (Int(prefix.length) + 7) / 8
        for i in 0 ..< octets {
            let half = i < 8 ? prefix.address.high : prefix.address.low
            writer.write(UInt8(truncatingIfNeeded: half >> UInt64(56 - 8 * (i % 8))))
        }
    }

    /// Writes a family's prefix list.
    public static func write(_ prefixes: MPPrefixes, into writer: inout ByteWriter) {
        switch prefixes {
        case .ipv4(let list): for prefix in list { write(prefix, into: &writer) }
        case .ipv6(let list): for prefix in list { write(prefix, into: &writer) }
        case .raw(let bytes): writer.write(contentsOf: bytes)
        }
    }

    /// Reads a family's prefix list from the rest of `reader`.
    public static func read(_ reader: inout ByteReader, family: AddressFamily) throws(SyntaxError) -> MPPrefixes {
        switch kind(of: family) {
        case .ipv4:
            var list: [IPv4Prefix] = []
            try readIPv4(&reader, into: &list)
            return .ipv4(list)
        case .ipv6:
            var list: [IPv6Prefix] = []
            try readIPv6(&reader, into: &list)
            return .ipv6(list)
        case .raw:
            return .raw(reader.readRest().remainingBytes)
        }
    }
}
