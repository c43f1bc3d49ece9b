import BGPWire
import Foundation

/// `transit-bgp decode FILE`: frames and decodes a BGP byte stream and prints each message,
/// including the NOTIFICATION or RFC 7606 action for malformed input.
enum DecodeCommand {
    static let help = """
        usage: transit-bgp decode FILE [--4-octet-as on|off] [--ibgp] [--extended-message]

        Reads FILE (raw bytes, or hexadecimal text where whitespace and '#' comments are ignored),
        cuts it into BGP messages and prints each one decoded. A malformed message prints the
        NOTIFICATION a speaker would send (and decoding stops there, as the session would close) or
        the RFC 7606 action applied to it.

        options:
          --4-octet-as on|off   whether both sides negotiated 4-octet ASNs (default on)
          --ibgp                decode as from an internal peer (LOCAL_PREF, confederations kept)
          --extended-message    allow messages up to 65535 octets (RFC 8654)
        """

    static func run(_ arguments: [String]) -> Int32 {
        var path: String?
        var options = CodecOptions.standard
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--help", "-h":
                print(help)
                return 0
            case "--4-octet-as":
                guard index + 1 < arguments.count, ["on", "off"].contains(arguments[index + 1]) else {
                    printError("transit-bgp decode: --4-octet-as takes 'on' or 'off'")
                    return 2
                }
                options.fourOctetAS = arguments[index + 1] == "on"
                index += 1
            case "--ibgp":
                options.peerIsExternal = false
            case "--extended-message":
                options.extendedMessage = true
            default:
                guard !argument.hasPrefix("-"), path == nil else {
                    printError("transit-bgp decode: unexpected argument '\(argument)'\n\n\(help)")
                    return 2
                }
                path = argument
            }
            index += 1
        }
        guard let path else {
            printError("transit-bgp decode: missing FILE\n\n\(help)")
            return 2
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("transit-bgp decode: cannot read '\(path)'")
            return 1
        }
        let bytes: [UInt8]
        switch parseHexText(Array(data)) {
        case .some(let decoded): bytes = decoded
        case .none: bytes = Array(data)
        }
        var framer = MessageFramer(maxMessageLength: options.maxMessageLength)
        framer.append(bytes)
        var count = 0
        do {
            while let frame = try framer.next() {
                count += 1
                guard let message = try BGPMessage.decode(frame, options: options) else {
                    print("\(count): ROUTE-REFRESH with an unknown subtype (ignored, RFC 7313 §5)")
                    continue
                }
                print("\(count): " + MessagePrinter.describe(message))
            }
        } catch {
            print("\(count + 1): error \(error.code.rawValue): \(error.reason)")
            print("   the session would send \(error.notification) and close")
            return 1
        }
        if framer.bufferedByteCount > 0 {
            print("\(framer.bufferedByteCount) trailing octets do not make a whole message")
            return 1
        }
        return 0
    }

    /// Hex text to bytes; `nil` when the file is not hex text.
    static func parseHexText(_ data: [UInt8]) -> [UInt8]? {
        var digits: [UInt8] = []
        var inComment = false
        for byte in data {
            if inComment {
                if byte == UInt8(ascii: "\n") { inComment = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "#"): inComment = true
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ","): continue
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): digits.append(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digits.append(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digits.append(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}
