import Topology

/// The client side of the control socket (`transit-bgp show|tunnel|set|shutdown|start`): sends one
/// request line and returns the reply, on an event loop of its own that runs until the speaker
/// closes the connection.
///
/// A request is one line holding a JSON array of strings (`["shutdown","vco-1/1","a  b"]`), so any
/// UTF-8 text (spaces, newlines) reaches the speaker exactly.
public enum ControlClient {
    /// Sends a request given as words separated by single spaces (no word may contain a space).
    public static func send(_ request: String, path: String, timeout: Duration = .seconds(30)) throws(Failure) -> String {
        try send(words: request.split(separator: " ").map(String.init), path: path, timeout: timeout)
    }

    /// The request line for `words`: a JSON array of strings and a newline.
    public static func requestLine(_ words: [String]) -> String {
        JSONOutput.array(words.map(JSONOutput.string)).rendered(pretty: false) + "\n"
    }

    /// A failed request: the socket could not be reached, or the speaker refused it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// What the loop collects; touched only on the loop thread.
    private final class Exchange {
        var reply: [UInt8] = []
        var error: String?
        var connection: TCPConnection?
    }

    /// Sends the request `words` to the speaker listening at `path`; returns the output after the `ok` line.
    public static func send(words: [String], path: String, timeout: Duration = .seconds(30)) throws(Failure) -> String {
        let request = requestLine(words)
        let loop: EventLoop
        do {
            loop = try EventLoop()
        } catch {
            throw Failure(description: "cannot start an event loop: \(error)")
        }
        // Only the loop thread touches the exchange, and only while `run()` below blocks this one.
        nonisolated(unsafe) let exchange = Exchange()
        loop.execute {
            loop.connectUnix(path: path) { result in
                switch result {
                case .success(let connection):
                    exchange.connection = connection
                    connection.onRead = { exchange.reply += $0 }
                    connection.onClose = { _ in loop.stop() }
                    connection.write(Array(request.utf8))
                case .failure(let error):
                    exchange.error = "cannot reach the speaker at \(path): \(error) (is `transit-bgp speak` running with --control \(path)?)"
                    loop.stop()
                }
            }
            _ = loop.scheduleTimer(after: timeout) {
                exchange.error = "no reply from the speaker at \(path) within \(timeout)"
                loop.stop()
            }
        }
        loop.run()
        if let error = exchange.error { throw Failure(description: error) }
        let text = String(decoding: exchange.reply, as: UTF8.self)
        if text.hasPrefix("ok\n") { return String(text.dropFirst(3)) }
        guard text.hasPrefix("error: ") else { throw Failure(description: "no reply from the speaker") }
        var message = String(text.dropFirst(7))
        if message.hasSuffix("\n") { message.removeLast() }
        throw Failure(description: message)
    }
}
