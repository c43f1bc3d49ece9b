import NetworkPrimitives

extension UpdateMessage {
    /// Decodes an UPDATE body (the bytes after the 19-octet header), RFC 4271 §4.3 and §6.3 as
    /// revised by RFC 7606.
    ///
    /// Malformations that RFC 7606 handles without closing the session are applied and listed in
    /// ``malformations``: a discarded attribute is absent from ``attributes``; under treat-as-withdraw
    /// every NLRI is still reported so the receiver can withdraw it.
    /// - Throws: ``BGPDecodeError`` when the session must be reset; it carries the NOTIFICATION.
    public init(decoding body: inout ByteReader, options: CodecOptions = .standard) throws(BGPDecodeError) {
        var none = UpdateAttributeCache(disabled: ())
        try self.init(decoding: &body, options: options, cache: &none)
    }

    /// Decodes an UPDATE body as ``init(decoding:options:)`` does, taking the path attributes from
    /// `cache` when the Path Attributes field repeats one decoded before (and keeping a new clean
    /// one there): the result is the same, the attributes of a repeated field share storage.
    /// - Throws: ``BGPDecodeError`` when the session must be reset; it carries the NOTIFICATION.
    public init(decoding body: inout ByteReader, options: CodecOptions, cache: inout UpdateAttributeCache) throws(BGPDecodeError) {
        let totalLength = body.remaining
        guard let withdrawnLength = body.readUInt16() else {
            throw .update(.malformedAttributeList, subcode: UpdateMessageSubcode.malformedAttributeList,
                          "the UPDATE is too short for the Withdrawn Routes Length")
        }
        // RFC 4271 §6.3: lengths that do not fit the message are a Malformed Attribute List.
        guard var withdrawnReader = body.readReader(Int(withdrawnLength)) else {
            throw .update(.malformedAttributeList, subcode: UpdateMessageSubcode.malformedAttributeList,
                          "Withdrawn Routes Length \(withdrawnLength) exceeds the \(totalLength - 2) octets left")
        }
        guard let attributesLength = body.readUInt16() else {
            throw .update(.malformedAttributeList, subcode: UpdateMessageSubcode.malformedAttributeList,
                          "the UPDATE is too short for the Total Path Attribute Length")
        }
        guard var attributeReader = body.readReader(Int(attributesLength)) else {
            throw .update(.malformedAttributeList, subcode: UpdateMessageSubcode.malformedAttributeList,
                          "Total Path Attribute Length \(attributesLength) exceeds the \(body.remaining) octets left")
        }

        // RFC 7606 §5.3: a syntactically incorrect Withdrawn Routes or NLRI field resets the session.
        var withdrawn: [IPv4Prefix] = []
        do {
            try NLRICodec.readIPv4(&withdrawnReader, into: &withdrawn)
        } catch {
            throw .update(.invalidNetworkField, subcode: UpdateMessageSubcode.invalidNetworkField,
                          "Withdrawn Routes: \(error.reason)")
        }

        var nlri: [IPv4Prefix] = []
        func readNLRI(_ body: inout ByteReader) throws(BGPDecodeError) {
            guard !body.isAtEnd else { return }
            do {
                nlri = try NLRICodec.readIPv4(&body)
            } catch {
                throw .update(.invalidNetworkField, subcode: UpdateMessageSubcode.invalidNetworkField,
                              "NLRI: \(error.reason)")
            }
        }

        guard !attributeReader.isAtEnd else {
            // No path attributes (a withdrawal, or End-of-RIB): nothing to decode or allocate.
            try readNLRI(&body)
            self.init(withdrawn: withdrawn, attributes: .sharedEmpty, nlri: nlri)
            checkMandatoryAttributes(attributeListAborted: false)
            return
        }
        if cache.isEnabled, let cached = cache.attributes(for: attributeReader, options: options) {
            // A field decoded cleanly before: the same attributes, no malformation, no MP attributes.
            try readNLRI(&body)
            self.init(withdrawn: withdrawn, attributes: cached, nlri: nlri)
            checkMandatoryAttributes(attributeListAborted: false)
            return
        }
        let field = attributeReader
        var decoder = AttributeListDecoder(options: options)
        try decoder.decode(&attributeReader)
        try readNLRI(&body)

        let attributes = decoder.takeAttributes()
        if cache.isEnabled, decoder.malformations.isEmpty, !decoder.aborted, decoder.mpReach == nil, decoder.mpUnreach == nil {
            cache.store(attributes, for: field, options: options)
        }
        self.init(
            withdrawn: withdrawn, attributes: attributes, nlri: nlri,
            mpReach: decoder.mpReach, mpUnreach: decoder.mpUnreach, malformations: decoder.malformations
        )
        checkMandatoryAttributes(attributeListAborted: decoder.aborted)
    }

    /// RFC 4271 §6.3 missing well-known attributes, handled as treat-as-withdraw (RFC 7606 §3 d).
    /// NEXT_HOP is required only with IPv4 NLRI in the NLRI field (RFC 4760 §3; RFC 7606 §3 d).
    private mutating func checkMandatoryAttributes(attributeListAborted: Bool) {
        let announces = !nlri.isEmpty || !(mpReach?.prefixes.isEmpty ?? true)
        guard announces, !attributeListAborted else { return }
        var missing: [(UInt8, String)] = []
        if attributes.origin == nil { missing.append((AttributeType.origin, "ORIGIN")) }
        if attributes.asPath == nil { missing.append((AttributeType.asPath, "AS_PATH")) }
        if !nlri.isEmpty && attributes.nextHop == nil { missing.append((AttributeType.nextHop, "NEXT_HOP")) }
        for (type, name) in missing where !malformations.contains(where: { $0.attributeType == type }) {
            malformations.append(AttributeMalformation(
                attributeType: type, action: .treatAsWithdraw,
                subcode: UpdateMessageSubcode.missingWellKnownAttribute,
                reason: "the well-known mandatory attribute \(name) is missing"))
        }
    }
}

/// A set of attribute type codes (256 bits), used to find duplicates (RFC 7606 §3 g).
struct AttributeTypeSet {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Inserts `type`; returns false when it was already there.
    mutating func insert(_ type: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(type & 63)
        switch type >> 6 {
        case 0: if words.0 & bit != 0 { return false }; words.0 |= bit
        case 1: if words.1 & bit != 0 { return false }; words.1 |= bit
        case 2: if words.2 & bit != 0 { return false }; words.2 |= bit
        default: if words.3 & bit != 0 { return false }; words.3 |= bit
        }
        return true
    }
}

/// Decodes the Path Attributes field, attribute by attribute, applying RFC 7606.
///
/// One small function per attribute (as Holo's `attribute.rs`), each checking the length first.
struct AttributeListDecoder {
    let options: CodecOptions
    var fields = PathAttributes.Fields()
    /// Moves the decoded attributes out (no copy of their lists).
    mutating func takeAttributes() -> PathAttributes {
        var taken = PathAttributes.Fields()
        swap(&taken, &fields)
        return PathAttributes(fields: taken)
    }
    var mpReach: MPReachNLRI?
    var mpUnreach: MPUnreachNLRI?
    var malformations: [AttributeMalformation] = []
    /// Set when an attribute header or length overran the field (RFC 7606 §4): the rest is unread.
    var aborted = false
    private var seen = AttributeTypeSet()

    init(options: CodecOptions) {
        self.options = options
    }

    private mutating func note(
        _ type: UInt8, _ action: AttributeErrorAction, _ subcode: UInt8, _ reason: String,
        family: AddressFamily? = nil
    ) {
        malformations.append(AttributeMalformation(
            attributeType: type, action: action, subcode: subcode, addressFamily: family, reason: reason))
    }

    mutating func decode(_ reader: inout ByteReader) throws(BGPDecodeError) {
        while !reader.isAtEnd {
            // RFC 7606 §4: fewer than 3 (or 4, extended) octets left, or a length that overruns the
            // field: treat-as-withdraw, and rely on Total Path Attribute Length to find the NLRI.
            let start = reader.readerIndex
            guard let flagsByte = reader.readUInt8(), let type = reader.readUInt8() else {
                note(0, .treatAsWithdraw, UpdateMessageSubcode.malformedAttributeList,
                     "an attribute header is cut short by the end of the attribute field")
                aborted = true
                return
            }
            let flags = AttributeFlags(rawValue: flagsByte)
            let lengthValue: UInt16?
            if flags.contains(.extendedLength) {
                lengthValue = reader.readUInt16()
            } else {
                lengthValue = reader.readUInt8().map(UInt16.init)
            }
            guard let length = lengthValue, var value = reader.readReader(Int(length)) else {
                note(type, .treatAsWithdraw, UpdateMessageSubcode.attributeLengthError,
                     "attribute \(type) overruns the attribute field")
                aborted = true
                return
            }
            let isMultiprotocol = type == AttributeType.mpReachNLRI || type == AttributeType.mpUnreachNLRI
            guard seen.insert(type) else {
                // RFC 7606 §3 g: a repeated MP attribute resets the session; any other repeat is discarded.
                if isMultiprotocol {
                    throw .update(.malformedAttributeList, subcode: UpdateMessageSubcode.malformedAttributeList,
                                  "attribute \(type) (MP_\(type == 14 ? "REACH" : "UNREACH")_NLRI) appears twice")
                }
                note(type, .attributeDiscard, UpdateMessageSubcode.malformedAttributeList,
                     "attribute \(type) appears more than once; the repeat is discarded")
                continue
            }
            try decodeOne(type: type, flags: flags, value: &value, raw: reader, start: start)
        }
    }

    /// The attribute as it appeared on the wire, for NOTIFICATION data (RFC 4271 §6.3).
    private func wholeAttribute(_ reader: ByteReader, from start: Int) -> [UInt8] {
        var copy = ByteReader(reader.bytes, range: start ..< reader.readerIndex)
        return copy.readBytes(copy.remaining) ?? []
    }

    private mutating func decodeOne(
        type: UInt8, flags: AttributeFlags, value: inout ByteReader, raw: ByteReader, start: Int
    ) throws(BGPDecodeError) {
        guard let spec = AttributeSpec.known(type) else {
            // RFC 4271 §6.3: an unrecognized well-known attribute resets the session.
            guard flags.contains(.optional) else {
                throw .update(.unrecognizedWellKnownAttribute,
                              subcode: UpdateMessageSubcode.unrecognizedWellKnownAttribute,
                              data: wholeAttribute(raw, from: start),
                              "attribute \(type) is marked well-known but is not recognized")
            }
            // RFC 4271 §5: unrecognized optional non-transitive attributes are quietly ignored;
            // optional transitive ones are kept and passed on with the Partial bit.
            if flags.contains(.transitive) {
                fields.unrecognized.append(RawAttribute(
                    flags: flags.subtracting(.extendedLength), type: type, value: value.remainingBytes))
            }
            return
        }
        // RFC 7606 §3 c: Optional/Transitive bits that conflict with the type make it malformed; the
        // Partial bit may be set only on optional transitive attributes (RFC 4271 §4.3).
        let partialAllowed = spec.flags == [.optional, .transitive]
        if flags.category != spec.flags || (flags.contains(.partial) && !partialAllowed) {
            try malformed(type, spec.flagsErrorAction, UpdateMessageSubcode.attributeFlagsError,
                          "attribute \(spec.name) has flags 0x\(hexByte(flags.rawValue)); expected 0x\(hexByte(spec.flags.rawValue))",
                          value: value)
            return
        }
        switch type {
        case AttributeType.origin: decodeOrigin(&value)
        case AttributeType.asPath: decodeASPath(&value)
        case AttributeType.nextHop: decodeNextHop(&value)
        case AttributeType.multiExitDiscriminator:
            if let v = fixed32(&value, type, "MULTI_EXIT_DISC", .treatAsWithdraw) { fields.multiExitDiscriminator = v }
        case AttributeType.localPreference:
            // RFC 7606 §7.5: LOCAL_PREF from an external peer is discarded.
            if options.peerIsExternal {
                note(type, .attributeDiscard, UpdateMessageSubcode.attributeLengthError,
                     "LOCAL_PREF from an external peer is discarded")
            } else if let v = fixed32(&value, type, "LOCAL_PREF", .treatAsWithdraw) {
                fields.localPreference = v
            }
        case AttributeType.atomicAggregate:
            // RFC 7606 §7.6: a non-zero length is discarded.
            if value.remaining == 0 {
                fields.atomicAggregate = true
            } else {
                note(type, .attributeDiscard, UpdateMessageSubcode.attributeLengthError,
                     "ATOMIC_AGGREGATE has length \(value.remaining); expected 0")
            }
        case AttributeType.aggregator:
            fields.aggregator = decodeAggregator(&value, type: type, asnSize: options.asnSize, name: "AGGREGATOR")
        case AttributeType.communities:
            fields.communities = list(&value, type, "COMMUNITIES", size: 4) { Community(rawValue: $0.readUInt32() ?? 0) } ?? []
        case AttributeType.originatorID:
            // RFC 7606 §7.9: from an external peer, discarded.
            if options.peerIsExternal {
                note(type, .attributeDiscard, UpdateMessageSubcode.optionalAttributeError,
                     "ORIGINATOR_ID from an external peer is discarded")
            } else if let v = fixed32(&value, type, "ORIGINATOR_ID", .treatAsWithdraw) {
                fields.originatorID = IPv4Address(rawValue: v)
            }
        case AttributeType.clusterList:
            // RFC 7606 §7.10: from an external peer, discarded.
            if options.peerIsExternal {
                note(type, .attributeDiscard, UpdateMessageSubcode.optionalAttributeError,
                     "CLUSTER_LIST from an external peer is discarded")
            } else {
                fields.clusterList = list(&value, type, "CLUSTER_LIST", size: 4) {
                    IPv4Address(rawValue: $0.readUInt32() ?? 0)
                } ?? []
            }
        case AttributeType.mpReachNLRI: try decodeMPReach(&value)
        case AttributeType.mpUnreachNLRI: try decodeMPUnreach(&value)
        case AttributeType.extendedCommunities:
            fields.extendedCommunities = list(&value, type, "EXTENDED_COMMUNITIES", size: 8) {
                ExtendedCommunity(rawValue: $0.readUInt64() ?? 0)
            } ?? []
        case AttributeType.as4Path:
            // RFC 6793 §6: AS4_PATH from a 4-octet speaker, or malformed, is discarded.
            if options.fourOctetAS {
                note(type, .attributeDiscard, UpdateMessageSubcode.optionalAttributeError,
                     "AS4_PATH from a 4-octet-AS speaker is discarded (RFC 6793 §6)")
            } else if value.isAtEnd {
                // RFC 7606 §4: only AS_PATH and ATOMIC_AGGREGATE may have length 0.
                note(type, .attributeDiscard, UpdateMessageSubcode.optionalAttributeError,
                     "AS4_PATH has length 0 (RFC 7606 §4)")
            } else {
                switch ASPathCodec.decode(&value, asnSize: 4, allowConfederation: true) {
                case .success(let path):
                    fields.as4Path = path
                case .failure(let problem):
                    note(type, .attributeDiscard, UpdateMessageSubcode.optionalAttributeError,
                         "AS4_PATH is malformed: \(problem)")
                }
            }
        case AttributeType.as4Aggregator:
            if options.fourOctetAS {
                note(type, .attributeDiscard, UpdateMessageSubcode.optionalAttributeError,
                     "AS4_AGGREGATOR from a 4-octet-AS speaker is discarded (RFC 6793 §6)")
            } else {
                fields.as4Aggregator = decodeAggregator(&value, type: type, asnSize: 4, name: "AS4_AGGREGATOR")
            }
        case AttributeType.largeCommunity:
            let large = list(&value, type, "LARGE_COMMUNITY", size: 12) {
                LargeCommunity($0.readUInt32() ?? 0, $0.readUInt32() ?? 0, $0.readUInt32() ?? 0)
            } ?? []
            // RFC 8092 §3: "A receiving speaker MUST silently remove redundant BGP Large Community values".
            if large.count > 1 {
                var seenLarge = Set<LargeCommunity>(minimumCapacity: large.count)
                fields.largeCommunities = large.filter { seenLarge.insert($0).inserted }
            } else {
                fields.largeCommunities = large
            }
        case AttributeType.onlyToCustomer:
            // RFC 9234 §5: a length other than 4 is treat-as-withdraw.
            if let v = fixed32(&value, type, "ONLY_TO_CUSTOMER", .treatAsWithdraw) {
                fields.onlyToCustomer = ASNumber(rawValue: v)
            }
        default:
            break
        }
    }

    /// Records a malformation; a session reset throws.
    private mutating func malformed(
        _ type: UInt8, _ action: AttributeErrorAction, _ subcode: UInt8, _ reason: String, value: ByteReader
    ) throws(BGPDecodeError) {
        switch action {
        case .sessionReset:
            throw .update(.malformedMultiprotocolAttribute, subcode: subcode, reason)
        case .afiSafiDisable:
            var copy = value
            if let afi = copy.readUInt16(), let safi = copy.readUInt8() {
                note(type, .afiSafiDisable, subcode, reason,
                     family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)))
            } else {
                throw .update(.malformedMultiprotocolAttribute, subcode: subcode,
                              reason + "; the AFI/SAFI cannot be read")
            }
        default:
            note(type, action, subcode, reason)
        }
    }

    private mutating func fixed32(
        _ value: inout ByteReader, _ type: UInt8, _ name: String, _ action: AttributeErrorAction
    ) -> UInt32? {
        guard value.remaining == 4, let v = value.readUInt32() else {
            note(type, action, UpdateMessageSubcode.attributeLengthError,
                 "\(name) has length \(value.remaining); expected 4")
            return nil
        }
        return v
    }

    /// A list of fixed-size items; a zero length or one that is not a multiple of `size` is
    /// treat-as-withdraw (RFC 7606 §7.8, §7.10, §7.14; RFC 8092 §5).
    private mutating func list<T>(
        _ value: inout ByteReader, _ type: UInt8, _ name: String, size: Int, _ read: (inout ByteReader) -> T
    ) -> [T]? {
        let length = value.remaining
        guard length > 0, length % size == 0 else {
            note(type, .treatAsWithdraw, UpdateMessageSubcode.optionalAttributeError,
                 "\(name) has length \(length); expected a non-zero multiple of \(size)")
            return nil
        }
        var result: [T] = []
        result.reserveCapacity(length / size)
        while !value.isAtEnd { result.append(read(&value)) }
        return result
    }

    /// RFC 7606 §7.1: length other than 1, or an undefined value: treat-as-withdraw.
    private mutating func decodeOrigin(_ value: inout ByteReader) {
        guard value.remaining == 1, let raw = value.readUInt8() else {
            note(AttributeType.origin, .treatAsWithdraw, UpdateMessageSubcode.attributeLengthError,
                 "ORIGIN has length \(value.remaining); expected 1")
            return
        }
        guard let origin = Origin(rawValue: raw) else {
            note(AttributeType.origin, .treatAsWithdraw, UpdateMessageSubcode.invalidOriginAttribute,
                 "ORIGIN value \(raw) is not 0 (IGP), 1 (EGP) or 2 (INCOMPLETE)")
            return
        }
        fields.origin = origin
    }

    /// RFC 7606 §7.2 (malformed segments), RFC 7607 (AS 0) and RFC 5065 §5.3 (confederation
    /// segments from an external peer): treat-as-withdraw.
    private mutating func decodeASPath(_ value: inout ByteReader) {
        switch ASPathCodec.decode(&value, asnSize: options.asnSize, allowConfederation: !options.peerIsExternal) {
        case .success(let path):
            fields.asPath = path
        case .failure(let problem):
            note(AttributeType.asPath, .treatAsWithdraw, UpdateMessageSubcode.malformedASPath,
                 "AS_PATH is malformed: \(problem)")
        }
    }

    /// RFC 7606 §7.3: a length other than 4 is treat-as-withdraw. Semantic checks (RFC 4271 §6.3:
    /// martians, the receiver's own address) belong to the routing core, which knows the session.
    private mutating func decodeNextHop(_ value: inout ByteReader) {
        if let v = fixed32(&value, AttributeType.nextHop, "NEXT_HOP", .treatAsWithdraw) {
            fields.nextHop = IPv4Address(rawValue: v)
        }
    }

    /// RFC 7606 §7.7 and RFC 6793 §6: a wrong length is attribute-discard; so is AS 0 (RFC 7607 §2).
    private mutating func decodeAggregator(
        _ value: inout ByteReader, type: UInt8, asnSize: Int, name: String
    ) -> Aggregator? {
        guard value.remaining == asnSize + 4 else {
            note(type, .attributeDiscard, UpdateMessageSubcode.attributeLengthError,
                 "\(name) has length \(value.remaining); expected \(asnSize + 4)")
            return nil
        }
        let asn = asnSize == 4 ? value.readUInt32() ?? 0 : UInt32(value.readUInt16() ?? 0)
        let address = IPv4Address(rawValue: value.readUInt32() ?? 0)
        guard asn != 0 else {
            note(type, .attributeDiscard, UpdateMessageSubcode.optionalAttributeError,
                 "\(name) carries AS 0 (RFC 7607)")
            return nil
        }
        return Aggregator(asn: ASNumber(rawValue: asn), address: address)
    }

    /// RFC 4760 §3 and RFC 7606 §7.11: a next hop length that does not suit the family, or NLRI that
    /// cannot be parsed, disables the AFI/SAFI; when even the AFI/SAFI cannot be read, session reset.
    private mutating func decodeMPReach(_ value: inout ByteReader) throws(BGPDecodeError) {
        let type = AttributeType.mpReachNLRI
        guard let afi = value.readUInt16(), let safi = value.readUInt8() else {
            throw .update(.malformedMultiprotocolAttribute, subcode: UpdateMessageSubcode.optionalAttributeError,
                          "MP_REACH_NLRI is too short for its AFI and SAFI")
        }
        let family = AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi))
        guard let nextHopLength = value.readUInt8(), let nextHopBytes = value.readBytes(Int(nextHopLength)),
              value.readUInt8() != nil  // Reserved octet, ignored on receipt (RFC 4760 §3)
        else {
            note(type, .afiSafiDisable, UpdateMessageSubcode.optionalAttributeError,
                 "MP_REACH_NLRI for \(family) is cut short in its next hop", family: family)
            return
        }
        let nextHop: MPNextHop
        let kind = NLRICodec.kind(of: family)
        switch (kind, nextHopBytes.count) {
        case (.ipv4, 4):
            nextHop = .ipv4(IPv4Address(nextHopBytes[0], nextHopBytes[1], nextHopBytes[2], nextHopBytes[3]))
        case (.ipv4, 16), (.ipv4, 32), (.ipv6, 16), (.ipv6, 32):  // RFC 8950 allows IPv6 next hops for IPv4
            nextHop = .ipv6(global: ipv6(nextHopBytes, at: 0),
                            linkLocal: nextHopBytes.count == 32 ? ipv6(nextHopBytes, at: 16) : nil)
        case (.raw, _):
            nextHop = .raw(nextHopBytes)
        default:
            note(type, .afiSafiDisable, UpdateMessageSubcode.optionalAttributeError,
                 "MP_REACH_NLRI next hop length \(nextHopBytes.count) does not suit \(family)", family: family)
            return
        }
        do {
            let prefixes = try NLRICodec.read(&value, family: family)
            mpReach = MPReachNLRI(family: family, nextHop: nextHop, prefixes: prefixes)
        } catch {
            note(type, .afiSafiDisable, UpdateMessageSubcode.optionalAttributeError,
                 "MP_REACH_NLRI for \(family): \(error.reason)", family: family)
        }
    }

    private mutating func decodeMPUnreach(_ value: inout ByteReader) throws(BGPDecodeError) {
        guard let afi = value.readUInt16(), let safi = value.readUInt8() else {
            throw .update(.malformedMultiprotocolAttribute, subcode: UpdateMessageSubcode.optionalAttributeError,
                          "MP_UNREACH_NLRI is too short for its AFI and SAFI")
        }
        let family = AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi))
        do {
            let prefixes = try NLRICodec.read(&value, family: family)
            mpUnreach = MPUnreachNLRI(family: family, prefixes: prefixes)
        } catch {
            note(AttributeType.mpUnreachNLRI, .afiSafiDisable, UpdateMessageSubcode.optionalAttributeError,
                 "MP_UNREACH_NLRI for \(family): \(error.reason)", family: family)
        }
    }

    private func ipv6(_ bytes: [UInt8], at offset: Int) -> IPv6Address {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0 ..< 8 {
            high = high << 8 | UInt64(bytes[offset + i])
            low = low << 8 | UInt64(bytes[offset + 8 + i])
        }
        return IPv6Address(high: high, low: low)
    }
}

/// The definition of each attribute the codec knows: name, required flags and what a flags error means.
struct AttributeSpec {
    let name: String
    /// The Optional and Transitive bits the type requires.
    let flags: AttributeFlags
    /// RFC 7606 §3 c: the action for conflicting flags, unless the attribute's own rules say otherwise.
    let flagsErrorAction: AttributeErrorAction

    private static let wellKnown: AttributeFlags = [.transitive]
    private static let optionalTransitive: AttributeFlags = [.optional, .transitive]
    private static let optionalNonTransitive: AttributeFlags = [.optional]

    private static let table: [AttributeSpec?] = {
        var table = [AttributeSpec?](repeating: nil, count: 256)
        table[Int(AttributeType.origin)] = AttributeSpec(name: "ORIGIN", flags: wellKnown, flagsErrorAction: .treatAsWithdraw)
        table[Int(AttributeType.asPath)] = AttributeSpec(name: "AS_PATH", flags: wellKnown, flagsErrorAction: .treatAsWithdraw)
        table[Int(AttributeType.nextHop)] = AttributeSpec(name: "NEXT_HOP", flags: wellKnown, flagsErrorAction: .treatAsWithdraw)
        table[Int(AttributeType.multiExitDiscriminator)] = AttributeSpec(
            name: "MULTI_EXIT_DISC", flags: optionalNonTransitive, flagsErrorAction: .treatAsWithdraw)
        table[Int(AttributeType.localPreference)] = AttributeSpec(
            name: "LOCAL_PREF", flags: wellKnown, flagsErrorAction: .treatAsWithdraw)
        // RFC 7606 §7.6, §7.7: errors in these two are attribute-discard.
        table[Int(AttributeType.atomicAggregate)] = AttributeSpec(
            name: "ATOMIC_AGGREGATE", flags: wellKnown, flagsErrorAction: .attributeDiscard)
        table[Int(AttributeType.aggregator)] = AttributeSpec(
            name: "AGGREGATOR", flags: optionalTransitive, flagsErrorAction: .attributeDiscard)
        table[Int(AttributeType.communities)] = AttributeSpec(
            name: "COMMUNITIES", flags: optionalTransitive, flagsErrorAction: .treatAsWithdraw)
        table[Int(AttributeType.originatorID)] = AttributeSpec(
            name: "ORIGINATOR_ID", flags: optionalNonTransitive, flagsErrorAction: .treatAsWithdraw)
        table[Int(AttributeType.clusterList)] = AttributeSpec(
            name: "CLUSTER_LIST", flags: optionalNonTransitive, flagsErrorAction: .treatAsWithdraw)
        // RFC 7606 §7.11: MP attribute errors disable the AFI/SAFI (session reset if it cannot be read).
        table[Int(AttributeType.mpReachNLRI)] = AttributeSpec(
            name: "MP_REACH_NLRI", flags: optionalNonTransitive, flagsErrorAction: .afiSafiDisable)
        table[Int(AttributeType.mpUnreachNLRI)] = AttributeSpec(
            name: "MP_UNREACH_NLRI", flags: optionalNonTransitive, flagsErrorAction: .afiSafiDisable)
        table[Int(AttributeType.extendedCommunities)] = AttributeSpec(
            name: "EXTENDED_COMMUNITIES", flags: optionalTransitive, flagsErrorAction: .treatAsWithdraw)
        // RFC 6793 §6: AS4_PATH and AS4_AGGREGATOR errors are attribute-discard.
        table[Int(AttributeType.as4Path)] = AttributeSpec(
            name: "AS4_PATH", flags: optionalTransitive, flagsErrorAction: .attributeDiscard)
        table[Int(AttributeType.as4Aggregator)] = AttributeSpec(
            name: "AS4_AGGREGATOR", flags: optionalTransitive, flagsErrorAction: .attributeDiscard)
        table[Int(AttributeType.largeCommunity)] = AttributeSpec(
            name: "LARGE_COMMUNITY", flags: optionalTransitive, flagsErrorAction: .treatAsWithdraw)
        table[Int(AttributeType.onlyToCustomer)] = AttributeSpec(
            name: "ONLY_TO_CUSTOMER", flags: optionalTransitive, flagsErrorAction: .treatAsWithdraw)
        return table
    }()

    /// The definition of `type`, or `nil` when the codec does not know it.
    static func known(_ type: UInt8) -> AttributeSpec? { table[Int(type)] }

}
