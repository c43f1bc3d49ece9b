// The data-center side of `transit-bgp-bench ingest`: one BGP session from a namespace of its own,
// on a thread of its own, that pushes pre-encoded UPDATEs at socket speed.
//
// The thread enters the sender's network namespace (`setns`, which moves only the calling thread)
// and stays there, so its socket lives on the veth pair. It opens the session (OPEN, KEEPALIVE), then
// writes the announcement stream as fast as the socket takes it, with a KEEPALIVE at a message
// boundary every hold time / 3, and drains whatever the receiver sends (a NOTIFICATION ends the run
// with its text). On request it writes the withdrawal stream the same way. The main thread reads the
// instants (Established, last byte written) through a mutex.

import BGPWire
import Foundation
import NetworkPrimitives
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

final class IngestSender: Sendable {
    struct Configuration: Sendable {
        /// The `ip netns` file of the sender's namespace.
        var namespacePath: String
        var localAddress: IPv4Address
        var remoteAddress: IPv4Address
        var asn: ASNumber
        var holdTime: UInt16 = 90
        /// How long to keep trying to connect (the receiver may still be starting).
        var connectTimeout: Duration = .seconds(60)
    }

    /// What the main thread learns from the sender.
    struct Status: Sendable {
        var established: ContinuousClock.Instant?
        /// The last announcement byte went into the socket.
        var announced: ContinuousClock.Instant?
        /// The thread's CPU seconds from Established to `announced`.
        var announceCPUSeconds: Double = 0
        var withdrawStarted: ContinuousClock.Instant?
        var withdrawn: ContinuousClock.Instant?
        var messagesReceived = 0
        var negotiatedHoldTime = 0
        var error: String?
        var finished = false
    }

    private enum Command: Sendable {
        case run, withdraw, stop
    }

    let configuration: Configuration
    let announcements: MessageStream
    let withdrawals: MessageStream
    private let shared = Mutex<(status: Status, command: Command)>((Status(), .run))

    init(configuration: Configuration, announcements: MessageStream, withdrawals: MessageStream) {
        self.configuration = configuration
        self.announcements = announcements
        self.withdrawals = withdrawals
    }

    var status: Status { shared.withLock { $0.status } }

    /// Starts the session on a new thread.
    func start() {
        let thread = Thread { [self] in
            do {
                try self.session()
            } catch {
                self.shared.withLock { $0.status.error = "\(error)" }
            }
            self.shared.withLock { $0.status.finished = true }
        }
        thread.name = "ingest-sender"
        thread.start()
    }

    /// Sends every withdrawal (once the announcements are out).
    func withdrawAll() { shared.withLock { if $0.command == .run { $0.command = .withdraw } } }

    /// Closes the session and waits (bounded) for the thread to end.
    func stop() {
        shared.withLock { $0.command = .stop }
        let deadline = ContinuousClock().now + .seconds(10)
        while !status.finished && ContinuousClock().now < deadline { usleep(10_000) }
    }

    // MARK: The thread

    private var command: Command { shared.withLock { $0.command } }

    private func session() throws {
        try IngestSender.enterNamespace(configuration.namespacePath)
        let connection = try SenderConnection.connect(configuration)
        defer { connection.close() }
        let hold = try connection.handshake(configuration)
        let established = ContinuousClock().now
        let cpuStart = IngestSender.threadCPUSeconds()
        shared.withLock { $0.status.established = established; $0.status.negotiatedHoldTime = hold }
        connection.keepaliveInterval = hold == 0 ? nil : .seconds(max(1, hold / 3))

        guard try connection.push(announcements, until: { self.command == .stop }) else { return }
        let announced = ContinuousClock().now
        let cpu = IngestSender.threadCPUSeconds() - cpuStart
        shared.withLock { $0.status.announced = announced; $0.status.announceCPUSeconds = cpu }

        while true {
            switch command {
            case .stop:
                return
            case .run:
                try connection.idle(milliseconds: 50)
            case .withdraw:
                shared.withLock { $0.status.withdrawStarted = ContinuousClock().now }
                guard try connection.push(withdrawals, until: { self.command == .stop }) else { return }
                shared.withLock { $0.status.withdrawn = ContinuousClock().now; $0.command = .run }
                // Idle until stopped: `.run` again, and a second withdrawAll() is ignored below.
                while command != .stop { try connection.idle(milliseconds: 50) }
                return
            }
            shared.withLock { $0.status.messagesReceived = connection.messagesReceived }
        }
    }

    /// Moves the calling thread into the network namespace whose `ip netns` file is `path`.
    static func enterNamespace(_ path: String) throws {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "setns") else { throw IngestError("setns is not available") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IngestError("cannot open \(path): errno \(errno)") }
        defer { close(descriptor) }
        let cloneNewNet: Int32 = 0x4000_0000
        guard unsafeBitCast(symbol, to: SetNS.self)(descriptor, cloneNewNet) == 0 else {
            throw IngestError("setns(\(path)) failed: errno \(errno)")
        }
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
