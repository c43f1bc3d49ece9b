import NetworkPrimitives

extension PathAttributes {
    /// Writes the attributes in type-code order (RFC 4271 §5: any order is allowed; ascending is
    /// conventional), each with the one-octet length unless its value exceeds 255 octets.
    ///
    /// With 2-octet ASNs (`options.fourOctetAS == false`), ASNs above 65535 are written as AS_TRANS
    /// and, unless AS4_PATH / AS4_AGGREGATOR are given, they are derived (RFC 6793 §4.2.2).
    /// Unrecognized optional transitive attributes are re-sent with the Partial bit (RFC 4271 §5).
    public func encode(into writer: inout ByteWriter, options: CodecOptions) {
        let asnSize = options.asnSize
        if let origin {
            Self.header(.transitive, AttributeType.origin, 1, &writer)
            writer.write(origin.rawValue)
        }
        if let asPath {
            Self.header(.transitive, AttributeType.asPath, ASPathCodec.encodedSize(asPath, asnSize: asnSize), &writer)
            ASPathCodec.encode(asPath, asnSize: asnSize, into: &writer)
        }
        if let nextHop {
            Self.header(.transitive, AttributeType.nextHop, 4, &writer)
            writer.write(nextHop.rawValue)
        }
        if let multiExitDiscriminator {
            Self.header(.optional, AttributeType.multiExitDiscriminator, 4, &writer)
            writer.write(multiExitDiscriminator)
        }
        if let localPreference {
            Self.header(.transitive, AttributeType.localPreference, 4, &writer)
            writer.write(localPreference)
        }
        if atomicAggregate {
            Self.header(.transitive, AttributeType.atomicAggregate, 0, &writer)
        }
        if let aggregator {
            Self.header([.optional, .transitive], AttributeType.aggregator, asnSize + 4, &writer)
            if asnSize == 4 { writer.write(aggregator.asn.rawValue) } else { writer.write(aggregator.asn.twoOctetValue) }
            writer.write(aggregator.address.rawValue)
        }
        if !communities.isEmpty {
            Self.header([.optional, .transitive], AttributeType.communities, communities.count * 4, &writer)
            for community in communities { writer.write(community.rawValue) }
        }
        if let originatorID {
            Self.header(.optional, AttributeType.originatorID, 4, &writer)
            writer.write(originatorID.rawValue)
        }
        if !clusterList.isEmpty {
            Self.header(.optional, AttributeType.clusterList, clusterList.count * 4, &writer)
            for id in clusterList { writer.write(id.rawValue) }
        }
        if !extendedCommunities.isEmpty {
            Self.header([.optional, .transitive], AttributeType.extendedCommunities, extendedCommunities.count * 8, &writer)
            for community in extendedCommunities { writer.write(community.rawValue) }
        }
        if !options.fourOctetAS {
            // RFC 6793 §4.2.2: a NEW speaker talking to an OLD one carries the true path in AS4_PATH.
            let path4 = as4Path ?? asPath.flatMap { path -> ASPath? in
                path.allASNumbers.contains { !$0.isTwoOctet }
                    ? ASPath(segments: path.segments.filter { !$0.type.isConfederation }) : nil
            }
            // An AS4_PATH left empty by dropping confederation segments is not sent: RFC 7606 §4 makes
            // a zero-length AS4_PATH a syntax error.
            if let path4, !path4.segments.isEmpty {
                Self.header([.optional, .transitive], AttributeType.as4Path, ASPathCodec.encodedSize(path4, asnSize: 4), &writer)
                ASPathCodec.encode(path4, asnSize: 4, into: &writer)
            }
            let aggregator4 = as4Aggregator ?? aggregator.flatMap { $0.asn.isTwoOctet ? nil : $0 }
            if let aggregator4 {
                Self.header([.optional, .transitive], AttributeType.as4Aggregator, 8, &writer)
                writer.write(aggregator4.asn.rawValue)
                writer.write(aggregator4.address.rawValue)
            }
        }
        if !largeCommunities.isEmpty {
            Self.header([.optional, .transitive], AttributeType.largeCommunity, largeCommunities.count * 12, &writer)
            for community in largeCommunities {
                writer.write(community.globalAdministrator)
                writer.write(community.localData1)
                writer.write(community.localData2)
            }
        }
        if let onlyToCustomer {
            Self.header([.optional, .transitive], AttributeType.onlyToCustomer, 4, &writer)
            writer.write(onlyToCustomer.rawValue)
        }
        for attribute in unrecognized {
            var flags = attribute.flags.subtracting(.extendedLength)
            if flags.contains([.optional, .transitive]) { flags.insert(.partial) }
            Self.header(flags, attribute.type, attribute.value.count, &writer)
            writer.write(contentsOf: attribute.value)
        }
    }

    /// The encoded size of the attributes, as ``encode(into:options:)`` writes them.
    public func encodedSize(options: CodecOptions) -> Int {
        var scratch = ByteWriter(capacity: 128)
        encode(into: &scratch, options: options)
        return scratch.count
    }

    /// Writes flags, type and length (extended when `length` > 255).
    @inlinable
    static func header(_ flags: AttributeFlags, _ type: UInt8, _ length: Int, _ writer: inout ByteWriter) {
        if length > 255 {
            writer.write(flags.union(.extendedLength).rawValue)
            writer.write(type)
            writer.write(UInt16(truncatingIfNeeded: length))
        } else {
            writer.write(flags.rawValue)
            writer.write(type)
            writer.write(UInt8(truncatingIfNeeded: length))
        }
    }
}

extension MPReachNLRI {
    /// Writes the attribute (RFC 4760 §3): AFI, SAFI, next hop length and value, a reserved octet, NLRI.
    public func encode(into writer: inout ByteWriter) {
        var nextHopBytes = ByteWriter(capacity: 32)
        switch nextHop {
        case .ipv4(let address): nextHopBytes.write(address.rawValue)
        case .ipv6(let global, let linkLocal):
            nextHopBytes.write(global.high)
            nextHopBytes.write(global.low)
            if let linkLocal {
                nextHopBytes.write(linkLocal.high)
                nextHopBytes.write(linkLocal.low)
            }
        case .raw(let bytes): nextHopBytes.write(contentsOf: bytes)
        }
        var body = ByteWriter(capacity: 64)
        body.write(family.afi.rawValue)
        body.write(family.safi.rawValue)
        body.write(UInt8(truncatingIfNeeded: nextHopBytes.count))
        body.write(contentsOf: nextHopBytes.bytes)
        body.write(UInt8(0))
        NLRICodec.write(prefixes, into: &body)
        PathAttributes.header(.optional, AttributeType.mpReachNLRI, body.count, &writer)
        writer.write(contentsOf: body.bytes)
    }
}

extension MPUnreachNLRI {
    /// Writes the attribute (RFC 4760 §4): AFI, SAFI, withdrawn NLRI.
    public func encode(into writer: inout ByteWriter) {
        var body = ByteWriter(capacity: 64)
        body.write(family.afi.rawValue)
        body.write(family.safi.rawValue)
        NLRICodec.write(prefixes, into: &body)
        PathAttributes.header(.optional, AttributeType.mpUnreachNLRI, body.count, &writer)
        writer.write(contentsOf: body.bytes)
    }
}
