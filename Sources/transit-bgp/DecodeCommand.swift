import BGPWire
import Foundation
import Reports
import Topology

/// `transit-bgp decode FILE`: frames and decodes a BGP byte stream and prints each message,
/// including the NOTIFICATION or RFC 7606 action for malformed input.
enum DecodeCommand {
    static let help = """
        usage: transit-bgp decode FILE [--4-octet-as on|off] [--ibgp] [--extended-message] [--json]

        Reads FILE (- for stdin: raw bytes, or hexadecimal text where whitespace and '#' comments
        are ignored; a text file that is not valid hex is an error at its line:column),
        cuts it into BGP messages and prints each one decoded. A malformed message prints the
        NOTIFICATION a speaker would send (and decoding stops there, as the session would close) or
        the RFC 7606 action applied to it.

        options:
          --4-octet-as on|off   whether both sides negotiated 4-octet ASNs (default on)
          --ibgp                decode as from an internal peer (LOCAL_PREF, confederations kept)
          --extended-message    allow messages up to 65535 octets (RFC 8654)
          --json                the messages in the shape of the README's "JSON output"

        Exit status: 0 every message decoded, 1 a malformed message, trailing octets or an
        unreadable file (hex text with a typo included), 2 a usage error.
        """

    static func run(_ arguments: [String]) -> Int32 {
        var path: String?
        var options = CodecOptions.standard
        var json = false
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
            case "--json":
                json = true
            case "--ibgp":
                options.peerIsExternal = false
            case "--extended-message":
                options.extendedMessage = true
            default:
                guard !argument.hasPrefix("-") || argument == "-", path == nil else {
                    return usageFailure("decode", "unexpected argument '\(argument)'")
                }
                path = argument
            }
            index += 1
        }
        guard let path else {
            return usageFailure("decode", "missing FILE")
        }
        guard let data = readInput(path) else { return 1 }
        let bytes: [UInt8]
        switch readStream(data) {
        case .success(let decoded): bytes = decoded
        case .failure(let problem):
            printError("transit-bgp decode: \(path == "-" ? "stdin" : path):\(problem.line):\(problem.column): \(problem.message)")
            return 1
        }
        var framer = MessageFramer(maxMessageLength: options.maxMessageLength)
        framer.append(bytes)
        // The number of the message being read: a framing error is in the next frame, a decoding
        // error in the frame just cut.
        var number = 0
        var messages: [JSONOutput] = []
        var failure: JSONOutput = .null
        var failed = false
        func emit(_ type: String, _ text: String) {
            if json {
                messages.append(.object([("number", .int(number)), ("type", .string(type)), ("text", .string(text))]))
            } else {
                print("\(number): \(text)")
            }
        }
        do throws(BGPDecodeError) {
            while true {
                let frame: MessageFrame
                do throws(BGPDecodeError) {
                    guard let next = try framer.next() else { break }
                    frame = next
                    number += 1
                } catch {
                    number += 1
                    throw error
                }
                guard let message = try BGPMessage.decode(frame, options: options) else {
                    emit("route_refresh", "ROUTE-REFRESH with an unknown subtype (ignored, RFC 7313 §5)")
                    continue
                }
                emit(typeCode(message), MessagePrinter.describe(message))
            }
        } catch {
            failed = true
            if json {
                failure = .object([
                    ("number", .int(number)), ("code", .string(error.code.rawValue)), ("reason", .string(error.reason)),
                    ("notification", .string("\(error.notification)")),
                ])
            } else {
                print("\(number): error \(error.code.rawValue): \(error.reason)")
                print("   the session would send \(error.notification) and close")
            }
        }
        let trailing = failed ? 0 : framer.bufferedByteCount
        if json {
            print(CommandJSON.envelope("decode", [
                ("messages", .array(messages)), ("error", failure), ("trailing_octets", .int(trailing)),
            ]).rendered())
        } else if trailing > 0 {
            print("\(trailing) trailing octets do not make a whole message")
        }
        return !failed && trailing == 0 ? 0 : 1
    }

    /// The message type as a stable snake_case code.
    static func typeCode(_ message: BGPMessage) -> String {
        switch message {
        case .open: "open"
        case .update: "update"
        case .notification: "notification"
        case .keepalive: "keepalive"
        case .routeRefresh: "route_refresh"
        }
    }

    /// Where hex text stops being hex.
    struct HexProblem: Error, Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// The stream's bytes: a file with a byte that is neither printable ASCII nor white space is
    /// binary and taken as is; any other file is hex text and must be valid hex (a typo is an
    /// error at its line and column, never a reason to read the text as binary).
    static func readStream(_ data: [UInt8]) -> Result<[UInt8], HexProblem> {
        let isText = data.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard isText, !data.isEmpty else { return .success(data) }
        return parseHex(data)
    }

    /// Hex text to bytes: pairs of hex digits; white space, `,` and `#` comments (to the end of the
    /// line) are ignored.
    static func parseHex(_ data: [UInt8]) -> Result<[UInt8], HexProblem> {
        var digits: [UInt8] = []
        var inComment = false
        var line = 1, column = 0
        var lastDigit = (line: 1, column: 1)
        for byte in data {
            column += 1
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 0
                inComment = false
                continue
            }
            if inComment { continue }
            switch byte {
            case UInt8(ascii: "#"): inComment = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ","): continue
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): digits.append(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digits.append(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digits.append(byte - UInt8(ascii: "A") + 10)
            default:
                return .failure(HexProblem(
                    line: line, column: column,
                    message: "'\(Character(Unicode.Scalar(byte)))' is not a hex digit (hex text: pairs of 0-9a-f, white space and # comments)"))
            }
            if byte != UInt8(ascii: "#") { lastDigit = (line, column) }
        }
        guard digits.count % 2 == 0 else {
            return .failure(HexProblem(line: lastDigit.line, column: lastDigit.column,
                                       message: "an odd number of hex digits: the last octet has one digit"))
        }
        return .success(stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] })
    }
}
