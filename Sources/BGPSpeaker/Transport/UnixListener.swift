import Glibc

/// A listening Unix-domain stream socket for the speaker's control channel, created by
/// ``EventLoop/listenUnix(path:mode:writeBufferWaterMarks:onAccept:)``.
///
/// The socket file appears at ``path`` already listening and already restricted to its mode (it is
/// bound under a temporary name, `chmod`ed, then renamed into place), so there is no moment where
/// another user could connect. ``close()`` removes the file if it is still the one this listener
/// created. Accepted connections are ordinary ``TCPConnection``s with `.unix` addresses.
/// Loop thread only (or before the loop runs).
public final class UnixListener {
    /// The loop the listener belongs to.
    public let eventLoop: EventLoop
    /// The socket file.
    public let path: String
    /// Called when `accept4(2)` fails; the listener keeps listening.
    public var onAcceptError: ((SocketError) -> Void)?

    private let socket: SocketDescriptor
    /// The file's identity, so ``close()`` never unlinks a file some later process put at ``path``.
    private let fileIdentity: FileIdentity?
    private let waterMarks: WriteBufferWaterMarks
    /// Dropped on close, releasing whatever the owner's closure captured.
    private var onAccept: ((TCPConnection) -> Void)?
    private var registration: Registration
    private var isClosed = false

    internal init(
        eventLoop: EventLoop, socket: SocketDescriptor, path: String, waterMarks: WriteBufferWaterMarks,
        onAccept: @escaping (TCPConnection) -> Void
    ) throws(SocketError) {
        self.eventLoop = eventLoop
        self.socket = socket
        self.path = path
        self.fileIdentity = FileIdentity(path: path)
        self.waterMarks = waterMarks
        self.onAccept = onAccept
        self.registration = .placeholder(descriptor: socket.rawValue)
        self.registration = try eventLoop.register(self, descriptor: socket.rawValue, interest: .readable)
    }

    /// Whether the listener still accepts connections.
    public var isOpen: Bool {
        self.eventLoop.preconditionOnLoopThread()
        return !self.isClosed
    }

    /// Stops listening, closes the socket and removes its file. Idempotent.
    public func close() {
        self.eventLoop.preconditionOnLoopThread()
        self.closeSocket()
    }

    private func closeSocket() {
        guard !self.isClosed else { return }
        self.isClosed = true
        self.eventLoop.unregister(&self.registration)
        self.onAccept = nil
        self.onAcceptError = nil
        if let identity = self.fileIdentity, FileIdentity(path: self.path) == identity {
            _ = self.path.withCString { system_unlink($0) }
        }
        self.socket.close()
    }
}

extension UnixListener: Selectable {
    func handle(_ events: EpollEvents) {
        ConnectionAcceptor.acceptPending(
            from: self.socket,
            eventLoop: self.eventLoop,
            waterMarks: self.waterMarks,
            localAddress: .unix(path: self.path),
            configure: { (_) throws(SocketError) in },
            isOpen: { !self.isClosed },
            onAccept: { self.onAccept },
            onError: { self.onAcceptError }
        )
    }

    func closeForLoopShutdown() {
        self.closeSocket()
    }
}

extension UnixListener: CustomStringConvertible {
    /// `UnixListener(/run/transit-bgp.sock)`.
    public var description: String { "UnixListener(\(self.path))" }
}

@available(*, unavailable, message: "confined to its loop thread: use EventLoop.execute or LoopBound")
extension UnixListener: Sendable {}

/// A file's device and inode (`lstat(2)`), and whether it is a socket.
internal struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64
    let isSocket: Bool

    /// `nil` when nothing is at `path` (or it cannot be examined).
    init?(path: String) {
        var info = stat()
        guard path.withCString({ system_lstat($0, &info) }) == 0 else { return nil }
        self.device = UInt64(info.st_dev)
        self.inode = UInt64(info.st_ino)
        self.isSocket = (info.st_mode & S_IFMT) == S_IFSOCK
    }
}
