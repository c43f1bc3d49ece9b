// NOTIFICATION vectors (RFC 4271 §4.5), code/subcode names, and the RFC 9003 shutdown communication.

import Testing
import NetworkPrimitives
@testable import BGPWire

extension WireVectors {
    /// Cease / Administrative Shutdown with the RFC 9003 communication "Mise à jour".
    static let shutdownNotification: [UInt8] = marker + [
        0x00, 0x22,                         // Length 34
        0x03,                               // Type NOTIFICATION
        0x06,                               // Error Code 6 (Cease)
        0x02,                               // Subcode 2 (Administrative Shutdown)
        0x0c,                               // Shutdown Communication length 12
        0x4d, 0x69, 0x73, 0x65, 0x20,       //   "Mise "
        0xc3, 0xa0,                         //   "à" (U+00E0)
        0x20, 0x6a, 0x6f, 0x75, 0x72,       //   " jour"
    ]

    static let notification: [WireVector] = [
        WireVector(name: "NOTIFICATION Cease/Administrative Shutdown with message", bytes: shutdownNotification,
                   message: .notification(.cease(CeaseSubcode.administrativeShutdown, message: "Mise à jour"))),
        WireVector(name: "NOTIFICATION Cease/Administrative Reset with emoji", bytes: marker + [
            0x00, 0x21,                     // Length 33
            0x03,                           // Type NOTIFICATION
            0x06, 0x04,                     // Cease / Administrative Reset
            0x0b,                           // Shutdown Communication length 11
            0xf0, 0x9f, 0x98, 0x80,         //   U+1F600
            0x20, 0x72, 0x65, 0x62, 0x6f, 0x6f, 0x74, // " reboot"
        ], message: .notification(.cease(CeaseSubcode.administrativeReset, message: "😀 reboot"))),
        WireVector(name: "NOTIFICATION Hold Timer Expired", bytes: marker + [
            0x00, 0x15,                     // Length 21
            0x03,                           // Type NOTIFICATION
            0x04, 0x00,                     // Hold Timer Expired / 0
        ], message: .notification(NotificationMessage(code: .holdTimerExpired))),
        WireVector(name: "NOTIFICATION Unsupported Version Number", bytes: marker + [
            0x00, 0x17,                     // Length 23
            0x03,                           // Type NOTIFICATION
            0x02, 0x01,                     // OPEN Message Error / Unsupported Version Number
            0x00, 0x04,                     // Data: largest supported version 4
        ], message: .notification(NotificationMessage(code: .openMessageError, subcode: 1, data: [0, 4]))),
        WireVector(name: "NOTIFICATION Bad Message Length", bytes: marker + [
            0x00, 0x17,                     // Length 23
            0x03,                           // Type NOTIFICATION
            0x01, 0x02,                     // Message Header Error / Bad Message Length
            0x10, 0x01,                     // Data: the bad length, 4097
        ], message: .notification(NotificationMessage(code: .messageHeaderError, subcode: 2, data: [0x10, 0x01]))),
        WireVector(name: "NOTIFICATION Malformed AS_PATH", bytes: marker + [
            0x00, 0x15,                     // Length 21
            0x03,                           // Type NOTIFICATION
            0x03, 0x0b,                     // UPDATE Message Error / Malformed AS_PATH
        ], message: .notification(NotificationMessage(code: .updateMessageError, subcode: 11))),
        WireVector(name: "NOTIFICATION FSM Error in OpenConfirm", bytes: marker + [
            0x00, 0x15, 0x03,               // Length 21, NOTIFICATION
            0x05, 0x02,                     // Finite State Machine Error / unexpected message in OpenConfirm
        ], message: .notification(NotificationMessage(code: .finiteStateMachineError, subcode: 2))),
        WireVector(name: "NOTIFICATION Cease/Hard Reset", bytes: marker + [
            0x00, 0x18, 0x03,               // Length 24, NOTIFICATION
            0x06, 0x09,                     // Cease / Hard Reset (RFC 8538)
            0x06, 0x02, 0x00,               // Data: the inner Cease / Administrative Shutdown
        ], message: .notification(NotificationMessage(code: .cease, subcode: 9, data: [6, 2, 0]))),
        WireVector(name: "NOTIFICATION unknown code", bytes: marker + [
            0x00, 0x16, 0x03,               // Length 22, NOTIFICATION
            0x09, 0x01,                     // code 9 (unassigned), subcode 1
            0xee,                           // Data
        ], message: .notification(NotificationMessage(code: NotificationCode(rawValue: 9), subcode: 1, data: [0xee]))),
    ]
}

@Suite struct NotificationMessageTests {
    @Test(arguments: WireVectors.notification)
    func vector(_ vector: WireVector) throws {
        try checkWireVector(vector)
    }

    @Test func shutdownCommunicationIsRead() throws {
        guard case .notification(let notification)? = try BGPMessage.decode(bytes: WireVectors.shutdownNotification) else {
            Issue.record("not a NOTIFICATION")
            return
        }
        #expect(notification.code == .cease)
        #expect(notification.subcode == CeaseSubcode.administrativeShutdown)
        #expect(notification.shutdownCommunication == "Mise à jour")
        #expect(notification.meaning == "Cease/Administrative Shutdown")
    }

    @Test(arguments: [
        (UInt8(1), UInt8(1), "Message Header Error/Connection Not Synchronized"),
        (1, 2, "Message Header Error/Bad Message Length"),
        (1, 3, "Message Header Error/Bad Message Type"),
        (2, 0, "OPEN Message Error/Unspecific"),
        (2, 1, "OPEN Message Error/Unsupported Version Number"),
        (2, 2, "OPEN Message Error/Bad Peer AS"),
        (2, 6, "OPEN Message Error/Unacceptable Hold Time"),
        (2, 11, "OPEN Message Error/Role Mismatch"),
        (3, 1, "UPDATE Message Error/Malformed Attribute List"),
        (3, 11, "UPDATE Message Error/Malformed AS_PATH"),
        (4, 0, "Hold Timer Expired/Unspecific"),
        (5, 3, "Finite State Machine Error/Receive Unexpected Message in Established State"),
        (6, 2, "Cease/Administrative Shutdown"),
        (6, 4, "Cease/Administrative Reset"),
        (6, 9, "Cease/Hard Reset"),
        (7, 1, "ROUTE-REFRESH Message Error/Invalid Message Length"),
        (6, 99, "Cease/subcode 99"),
        (42, 1, "Unknown error code 42/subcode 1"),
    ])
    func meaning(_ code: UInt8, _ subcode: UInt8, _ text: String) {
        #expect(NotificationMessage(code: NotificationCode(rawValue: code), subcode: subcode).meaning == text)
    }

    @Test func communicationIsCutTo255OctetsOnACharacterBoundary() throws {
        // 300 ASCII octets: cut at 255 exactly.
        let ascii = NotificationMessage.cease(CeaseSubcode.administrativeShutdown, message: String(repeating: "a", count: 300))
        #expect(ascii.data.count == 256)
        #expect(ascii.data[0] == 255)
        #expect(ascii.shutdownCommunication == String(repeating: "a", count: 255))

        // "é" is 2 octets: octet 255 would split the 128th; 127 characters (254 octets) remain.
        let twoOctet = NotificationMessage.cease(CeaseSubcode.administrativeShutdown, message: String(repeating: "é", count: 200))
        #expect(twoOctet.data[0] == 254)
        #expect(twoOctet.data.count == 255)
        #expect(twoOctet.shutdownCommunication == String(repeating: "é", count: 127))

        // 4-octet characters: 63 fit (252 octets).
        let fourOctet = NotificationMessage.cease(CeaseSubcode.administrativeReset, message: String(repeating: "😀", count: 70))
        #expect(fourOctet.data[0] == 252)
        #expect(fourOctet.shutdownCommunication == String(repeating: "😀", count: 63))

        // "a" then 3-octet characters: 1 + 3 * 84 = 253 fit, the 85th would end at octet 256.
        let mixed = NotificationMessage.cease(CeaseSubcode.administrativeShutdown,
                                              message: "a" + String(repeating: "€", count: 100))
        #expect(mixed.data[0] == 253)
        #expect(mixed.shutdownCommunication == "a" + String(repeating: "€", count: 84))

        // Exactly 255 octets is kept whole.
        let exact = NotificationMessage.cease(CeaseSubcode.administrativeShutdown, message: String(repeating: "€", count: 85))
        #expect(exact.data[0] == 255)
        #expect(exact.shutdownCommunication == String(repeating: "€", count: 85))

        // The truncated message goes over the wire and back.
        for message in [ascii, twoOctet, fourOctet, mixed, exact] {
            let bytes = try BGPMessage.notification(message).encode()
            #expect(bytes.count == 21 + message.data.count)
            #expect(try BGPMessage.decode(bytes: bytes) == .notification(message))
        }
    }

    @Test func emptyCommunication() {
        let empty = NotificationMessage.cease(CeaseSubcode.administrativeShutdown, message: "")
        #expect(empty.data == [0])
        #expect(empty.shutdownCommunication == nil)
    }

    @Test(arguments: [
        ("length past the data", NotificationMessage(code: .cease, subcode: 2, data: [10, 0x41, 0x42])),
        ("length 1, no text", NotificationMessage(code: .cease, subcode: 2, data: [1])),
        ("invalid UTF-8", NotificationMessage(code: .cease, subcode: 2, data: [2, 0xc3, 0x28])),
        ("truncated UTF-8", NotificationMessage(code: .cease, subcode: 4, data: [1, 0xe2])),
        ("no data", NotificationMessage(code: .cease, subcode: 2)),
        ("other Cease subcode", NotificationMessage(code: .cease, subcode: 3, data: [2, 0x68, 0x69])),
        ("other code", NotificationMessage(code: .openMessageError, subcode: 2, data: [2, 0x68, 0x69])),
    ])
    func malformedCommunicationIsIgnored(_ name: String, _ notification: NotificationMessage) {
        #expect(notification.shutdownCommunication == nil, "\(name)")
    }

    @Test func decodedMalformedCommunicationIsKeptAsData() throws {
        let bytes = wireMessage(type: 3, body: [0x06, 0x02, 0x10, 0x41, 0x42])
        guard case .notification(let notification)? = try BGPMessage.decode(bytes: bytes) else {
            Issue.record("not a NOTIFICATION")
            return
        }
        #expect(notification.data == [0x10, 0x41, 0x42])
        #expect(notification.shutdownCommunication == nil)
    }

    @Test func shortNotificationIsABadMessageLength() {
        let bytes = wireMessage(type: 3, body: [0x06])
        let error = wireDecodeError(bytes)
        #expect(error?.code == .badMessageLength)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2, data: [0x00, 0x14]))
    }

    @Test func descriptionShowsTheCommunication() {
        let notification = NotificationMessage.cease(CeaseSubcode.administrativeShutdown, message: "bye")
        #expect(notification.description.contains("6/2"))
        #expect(notification.description.contains("\"bye\""))
    }
}
