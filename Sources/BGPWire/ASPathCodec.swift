import NetworkPrimitives

/// Reads and writes AS_PATH / AS4_PATH segments (RFC 4271 §4.3, RFC 6793 §3, RFC 5065 §3).
public enum ASPathCodec {
    /// The most ASes one segment holds on the wire (its length is one octet).
    public static let maxSegmentLength = 255

    /// Why an AS path is malformed (RFC 7606 §7.2, RFC 7607).
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case unknownSegmentType(UInt8)
        case emptySegment
        case segmentOverrun(declared: Int, available: Int)
        case trailingOctet
        case asZero
        case confederationFromExternalPeer

        public var description: String {
            switch self {
            case .unknownSegmentType(let t): "segment type \(t) is not 1...4"
            case .emptySegment: "a segment has length 0"
            case .segmentOverrun(let d, let a): "a segment declares \(d) octets but \(a) remain"
            case .trailingOctet: "one octet is left after the last segment"
            case .asZero: "it contains AS 0 (RFC 7607)"
            case .confederationFromExternalPeer: "an external peer sent confederation segments (RFC 5065 §5.3)"
            }
        }
    }

    /// Decodes the segments filling `reader`.
    public static func decode(
        _ reader: inout ByteReader, asnSize: Int, allowConfederation: Bool
    ) -> Result<ASPath, Problem> {
        // Fast path: the whole attribute is one AS_SEQUENCE.
        if let type = reader.peekUInt8(), type == ASPathSegmentType.asSequence.rawValue,
           let count = reader.peekUInt8(at: 1), count > 0, reader.remaining == 2 + Int(count) * asnSize {
            _ = reader.skip(2)
            var sawZero = false
            var asns: [ASNumber] = []
            asns.reserveCapacity(Int(count))
            for _ in 0 ..< Int(count) {
                let raw = asnSize == 4 ? reader.readUInt32() ?? 0 : UInt32(reader.readUInt16() ?? 0)
                sawZero = sawZero || raw == 0
                asns.append(ASNumber(rawValue: raw))
            }
            return sawZero ? .failure(.asZero) : .success(ASPath(sequence: asns))
        }
        var segments: [ASPathSegment] = []
        while !reader.isAtEnd {
            guard let rawType = reader.readUInt8(), let count = reader.readUInt8() else {
                return .failure(.trailingOctet)
            }
            guard let type = ASPathSegmentType(rawValue: rawType) else {
                return .failure(.unknownSegmentType(rawType))
            }
            guard count > 0 else { return .failure(.emptySegment) }
            guard reader.remaining >= Int(count) * asnSize else {
                return .failure(.segmentOverrun(declared: Int(count) * asnSize, available: reader.remaining))
            }
            if type.isConfederation && !allowConfederation { return .failure(.confederationFromExternalPeer) }
            var asns: [ASNumber] = []
            asns.reserveCapacity(Int(count))
            for _ in 0 ..< count {
                let raw = asnSize == 4 ? reader.readUInt32() ?? 0 : UInt32(reader.readUInt16() ?? 0)
                guard raw != 0 else { return .failure(.asZero) }
                asns.append(ASNumber(rawValue: raw))
            }
            // Adjacent sequences split only by the 255-AS limit are one logical segment.
            if type == .asSequence, let last = segments.last, last.type == .asSequence,
               last.asns.count % maxSegmentLength == 0 {
                segments[segments.count - 1].asns += asns
            } else {
                segments.append(ASPathSegment(type: type, asns: asns))
            }
        }
        return .success(ASPath(segments: segments))
    }

    /// The encoded size of `path`, splitting segments longer than 255 ASes.
    public static func encodedSize(_ path: ASPath, asnSize: Int) -> Int {
        path.segments.reduce(0) { total, segment in
            let chunks = max(1, (segment.asns.count + maxSegmentLength - 1) / maxSegmentLength)
            return total + 2 * chunks + segment.asns.count * asnSize
        }
    }

    /// Writes `path`. With 2-octet ASNs, a number that needs 4 octets is written as AS_TRANS
    /// (RFC 6793 §4.2.2).
    public static func encode(_ path: ASPath, asnSize: Int, into writer: inout ByteWriter) {
        for segment in path.segments {
            var start = 0
            repeat {
                let end = min(start + maxSegmentLength, segment.asns.count)
                writer.write(segment.type.rawValue)
                writer.write(UInt8(end - start))
                for asn in segment.asns[start ..< end] {
                    if asnSize == 4 { writer.write(asn.rawValue) } else { writer.write(asn.twoOctetValue) }
                }
                start = end
            } while start < segment.asns.count
        }
    }
}
