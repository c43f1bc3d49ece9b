import NetworkPrimitives

extension Capability {
    /// Decodes one capability value (RFC 5492 §4). Wrong lengths are OPEN Message Error / Unspecific
    /// (RFC 4271 §6.2: "recognized, but malformed").
    /// - Throws: ``BGPDecodeError`` with `malformedCapability`.
    public static func decode(code: UInt8, value: inout ByteReader) throws(BGPDecodeError) -> Capability {
        func bad(_ rule: String) -> BGPDecodeError {
            .open(.malformedCapability, subcode: OpenMessageSubcode.unspecific, "capability \(code): \(rule)")
        }
        func exact(_ length: Int) throws(BGPDecodeError) {
            guard value.remaining == length else { throw bad("length \(value.remaining); expected \(length)") }
        }
        switch code {
        case CapabilityCode.multiprotocol:
            try exact(4)
            let afi = value.readUInt16() ?? 0
            _ = value.readUInt8()  // Reserved
            let safi = value.readUInt8() ?? 0
            return .multiprotocol(AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)))
        case CapabilityCode.routeRefresh:
            try exact(0)
            return .routeRefresh
        case CapabilityCode.extendedMessage:
            try exact(0)
            return .extendedMessage
        case CapabilityCode.enhancedRouteRefresh:
            try exact(0)
            return .enhancedRouteRefresh
        case CapabilityCode.role:
            try exact(1)
            let raw = value.readUInt8() ?? 0
            guard let role = BGPRole(rawValue: raw) else { return .unrecognized(code: code, value: [raw]) }
            return .role(role)
        case CapabilityCode.fourOctetAS:
            try exact(4)
            return .fourOctetAS(ASNumber(rawValue: value.readUInt32() ?? 0))
        case CapabilityCode.gracefulRestart:
            guard value.remaining >= 2, (value.remaining - 2) % 4 == 0, let header = value.readUInt16() else {
                throw bad("length \(value.remaining); expected 2 plus a multiple of 4")
            }
            var families: [GracefulRestartCapability.Family] = []
            while let afi = value.readUInt16(), let safi = value.readUInt8(), let flags = value.readUInt8() {
                families.append(.init(family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)),
                                      forwardingStatePreserved: flags & 0x80 != 0))
            }
            return .gracefulRestart(GracefulRestartCapability(
                restarting: header & 0x8000 != 0, notification: header & 0x4000 != 0,
                restartTime: header & 0x0FFF, families: families))
        case CapabilityCode.addPath:
            guard value.remaining > 0, value.remaining % 4 == 0 else {
                throw bad("length \(value.remaining); expected a non-zero multiple of 4")
            }
            var entries: [AddPathEntry] = []
            while let afi = value.readUInt16(), let safi = value.readUInt8(), let raw = value.readUInt8() {
                guard let mode = AddPathEntry.Mode(rawValue: raw) else { throw bad("send/receive value \(raw) is not 1...3") }
                entries.append(AddPathEntry(family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)),
                                            mode: mode))
            }
            return .addPath(entries)
        case CapabilityCode.fqdn:
            guard let hostLength = value.readUInt8(), let host = value.readBytes(Int(hostLength)),
                  let domainLength = value.readUInt8(), let domain = value.readBytes(Int(domainLength)),
                  value.isAtEnd
            else { throw bad("hostname and domain lengths do not match the capability length") }
            guard let hostname = String(validating: host, as: UTF8.self),
                  let domainName = String(validating: domain, as: UTF8.self)
            else {
                var raw = [hostLength] + host
                raw += [domainLength] + domain
                return .unrecognized(code: code, value: raw)
            }
            return .fqdn(hostname: hostname, domain: domainName)
        default:
            return .unrecognized(code: code, value: value.remainingBytes)
        }
    }

    /// Writes code, length and value (RFC 5492 §4).
    public func encode(into writer: inout ByteWriter) {
        writer.write(code)
        let lengthOffset = writer.reserveUInt8()
        let start = writer.count
        switch self {
        case .multiprotocol(let family):
            writer.write(family.afi.rawValue)
            writer.write(UInt8(0))
            writer.write(family.safi.rawValue)
        case .routeRefresh, .extendedMessage, .enhancedRouteRefresh:
            break
        case .role(let role):
            writer.write(role.rawValue)
        case .gracefulRestart(let gr):
            var header = gr.restartTime & 0x0FFF
            if gr.restarting { header |= 0x8000 }
            if gr.notification { header |= 0x4000 }
            writer.write(header)
            // At most 63 families fit the one-octet capability length (RFC 5492 §4): 2 + 4 * 63 = 254.
            for entry in gr.families.prefix(63) {
                writer.write(entry.family.afi.rawValue)
                writer.write(entry.family.safi.rawValue)
                writer.write(UInt8(entry.forwardingStatePreserved ? 0x80 : 0))
            }
        case .fourOctetAS(let asn):
            writer.write(asn.rawValue)
        case .addPath(let entries):
            // At most 63 entries fit the one-octet capability length (RFC 5492 §4).
            for entry in entries.prefix(63) {
                writer.write(entry.family.afi.rawValue)
                writer.write(entry.family.safi.rawValue)
                writer.write(entry.mode.rawValue)
            }
        case .fqdn(let hostname, let domain):
            // The capability length is one octet (RFC 5492 §4): with their two length octets, the
            // hostname and domain may take 253 octets together. Cut at a character boundary.
            let host = utf8Prefix(hostname, maxOctets: 253)
            let dom = utf8Prefix(domain, maxOctets: 253 - host.count)
            writer.write(UInt8(host.count))
            writer.write(contentsOf: host)
            writer.write(UInt8(dom.count))
            writer.write(contentsOf: dom)
        case .unrecognized(_, let value):
            writer.write(contentsOf: value.prefix(255))
        }
        writer.patchUInt8(UInt8(truncatingIfNeeded: min(writer.count - start, 255)), at: lengthOffset)
    }
}

/// The UTF-8 of `text`, cut to at most `maxOctets` without splitting a character.
private func utf8Prefix(_ text: String, maxOctets: Int) -> [UInt8] {
    let utf8 = Array(text.utf8)
    guard utf8.count > maxOctets else { return utf8 }
    var cut = maxOctets
    while cut > 0 && utf8[cut] & 0xC0 == 0x80 { cut -= 1 }
    return Array(utf8[0 ..< cut])
}
