import NetworkPrimitives

/// An OPEN message (RFC 4271 §4.2) with capabilities (RFC 5492) and RFC 9072 extended optional
/// parameters length.
public struct OpenMessage: Sendable, Hashable {
    /// The protocol version; only 4 is accepted.
    public var version: UInt8
    /// The 2-octet My Autonomous System field: the ASN, or AS_TRANS when it needs 4 octets.
    public var myASField: UInt16
    /// Proposed hold time in seconds: 0 or at least 3 (RFC 4271 §4.2).
    public var holdTime: UInt16
    /// BGP Identifier, non-zero (RFC 6286).
    public var identifier: IPv4Address
    /// Capabilities from every Capabilities optional parameter, in order.
    public var capabilities: [Capability]

    /// An OPEN as this speaker sends it: the 2-octet field and a 4-octet AS capability are set from
    /// `autonomousSystem` (RFC 6793 §3; the capability is appended when `capabilities` lacks it).
    public init(autonomousSystem: ASNumber, holdTime: UInt16, identifier: IPv4Address, capabilities: [Capability]) {
        self.version = 4
        self.myASField = autonomousSystem.twoOctetValue
        self.holdTime = holdTime
        self.identifier = identifier
        var capabilities = capabilities
        if !capabilities.contains(where: { $0.code == CapabilityCode.fourOctetAS }) {
            capabilities.append(.fourOctetAS(autonomousSystem))
        }
        self.capabilities = capabilities
    }

    /// A raw OPEN, field by field.
    public init(version: UInt8 = 4, myASField: UInt16, holdTime: UInt16, identifier: IPv4Address, capabilities: [Capability]) {
        self.version = version
        self.myASField = myASField
        self.holdTime = holdTime
        self.identifier = identifier
        self.capabilities = capabilities
    }

    /// The sender's ASN: from the 4-octet AS capability when present (RFC 6793 §4.1), else the field.
    public var autonomousSystem: ASNumber {
        for case .fourOctetAS(let asn) in capabilities { return asn }
        return ASNumber(rawValue: UInt32(myASField))
    }

    /// Whether the sender supports 4-octet ASNs.
    public var supportsFourOctetAS: Bool { capabilities.contains { $0.code == CapabilityCode.fourOctetAS } }
}

extension OpenMessage {
    /// The largest version this speaker supports, sent as the data of Unsupported Version Number.
    public static let supportedVersion: UInt8 = 4

    /// Decodes an OPEN body (RFC 4271 §4.2, §6.2; RFC 9072 §2; RFC 7607 for AS 0).
    /// - Throws: ``BGPDecodeError`` with the OPEN Message Error NOTIFICATION.
    public init(decoding body: inout ByteReader) throws(BGPDecodeError) {
        guard let version = body.readUInt8(), let myAS = body.readUInt16(), let holdTime = body.readUInt16(),
              let identifier = body.readUInt32(), let shortLength = body.readUInt8()
        else {
            throw .header(.badMessageLength, subcode: MessageHeaderSubcode.badMessageLength, data: [],
                          "the OPEN is shorter than 29 octets")
        }
        guard version == OpenMessage.supportedVersion else {
            throw .open(.unsupportedVersion, subcode: OpenMessageSubcode.unsupportedVersionNumber,
                        data: [0, OpenMessage.supportedVersion], "version \(version) is not 4")
        }
        guard holdTime == 0 || holdTime >= 3 else {
            throw .open(.unacceptableHoldTime, subcode: OpenMessageSubcode.unacceptableHoldTime,
                        "hold time \(holdTime) is neither 0 nor at least 3 seconds")
        }
        guard identifier != 0 else {
            throw .open(.badBGPIdentifier, subcode: OpenMessageSubcode.badBGPIdentifier,
                        "BGP Identifier 0.0.0.0 is not allowed (RFC 6286)")
        }
        guard myAS != 0 else {
            throw .open(.badPeerAS, subcode: OpenMessageSubcode.badPeerAS, data: [0, 0],
                        "My Autonomous System is 0 (RFC 7607)")
        }
        // RFC 9072 §2: Opt Parm Len 255 followed by Non-Ext OP Type 255 announces the extended form.
        let extended = shortLength == 255 && body.peekUInt8() == OptionalParameterType.extendedLength
        var parameterReader: ByteReader
        if extended {
            _ = body.readUInt8()
            guard let longLength = body.readUInt16(), let reader = body.readReader(Int(longLength)) else {
                throw .open(.malformedOptionalParameters, subcode: OpenMessageSubcode.unspecific,
                            "the extended optional parameters length runs past the message")
            }
            parameterReader = reader
        } else {
            guard let reader = body.readReader(Int(shortLength)) else {
                throw .open(.malformedOptionalParameters, subcode: OpenMessageSubcode.unspecific,
                            "Optional Parameters Length \(shortLength) exceeds the \(body.remaining) octets left")
            }
            parameterReader = reader
        }
        guard body.isAtEnd else {
            throw .open(.malformedOptionalParameters, subcode: OpenMessageSubcode.unspecific,
                        "\(body.remaining) octets follow the optional parameters")
        }
        var capabilities: [Capability] = []
        while !parameterReader.isAtEnd {
            guard let type = parameterReader.readUInt8(),
                  let length = extended ? parameterReader.readUInt16() : parameterReader.readUInt8().map(UInt16.init),
                  var value = parameterReader.readReader(Int(length))
            else {
                throw .open(.malformedOptionalParameters, subcode: OpenMessageSubcode.unspecific,
                            "an optional parameter runs past the optional parameters length")
            }
            guard type == OptionalParameterType.capabilities else {
                throw .open(.unsupportedOptionalParameter, subcode: OpenMessageSubcode.unsupportedOptionalParameter,
                            "optional parameter type \(type) is not supported (only 2, Capabilities)")
            }
            while !value.isAtEnd {
                guard let code = value.readUInt8(), let capabilityLength = value.readUInt8(),
                      var capabilityValue = value.readReader(Int(capabilityLength))
                else {
                    throw .open(.malformedCapability, subcode: OpenMessageSubcode.unspecific,
                                "a capability runs past its optional parameter")
                }
                capabilities.append(try Capability.decode(code: code, value: &capabilityValue))
            }
        }
        for case .fourOctetAS(let asn) in capabilities where asn.rawValue == 0 {
            throw .open(.badPeerAS, subcode: OpenMessageSubcode.badPeerAS, data: [0, 0],
                        "the 4-octet AS capability carries AS 0 (RFC 7607)")
        }
        self.init(version: version, myASField: myAS, holdTime: holdTime,
                  identifier: IPv4Address(rawValue: identifier), capabilities: capabilities)
    }

    /// Writes the OPEN body. Capabilities go into Capabilities parameters of at most 255 octets;
    /// when the parameters exceed 255 octets the RFC 9072 extended form is used.
    public func encode(into writer: inout ByteWriter) {
        writer.write(version)
        writer.write(myASField)
        writer.write(holdTime)
        writer.write(identifier.rawValue)
        var encodedCapabilities: [[UInt8]] = []
        for capability in capabilities {
            var w = ByteWriter(capacity: 16)
            capability.encode(into: &w)
            encodedCapabilities.append(w.bytes)
        }
        // Group capabilities into parameters whose value stays within 255 octets.
        var parameters: [[UInt8]] = []
        var current: [UInt8] = []
        for capability in encodedCapabilities {
            if !current.isEmpty && current.count + capability.count > 255 {
                parameters.append(current)
                current = []
            }
            current += capability
        }
        if !current.isEmpty { parameters.append(current) }
        let shortTotal = parameters.reduce(0) { $0 + 2 + $1.count }
        if shortTotal <= 255 {
            writer.write(UInt8(shortTotal))
            for parameter in parameters {
                writer.write(OptionalParameterType.capabilities)
                writer.write(UInt8(parameter.count))
                writer.write(contentsOf: parameter)
            }
        } else {
            writer.write(UInt8(255))
            writer.write(OptionalParameterType.extendedLength)
            writer.write(UInt16(parameters.reduce(0) { $0 + 3 + $1.count }))
            for parameter in parameters {
                writer.write(OptionalParameterType.capabilities)
                writer.write(UInt16(parameter.count))
                writer.write(contentsOf: parameter)
            }
        }
    }
}
