import Glibc

extension EventLoop {
    /// Listens on a Unix-domain stream socket at `path` (the speaker's control socket).
    ///
    /// A socket file already at `path` is replaced if it is stale (nothing accepts on it); a live one
    /// (another speaker running) or a file that is not a socket is left alone and reported. The new
    /// socket is bound under `path` plus `.tmp<pid>`, given `mode`, set listening, and renamed over
    /// `path`, so it is never reachable with a wider mode. Loop thread only (or before the loop runs).
    /// - Parameters:
    ///   - path: The socket file; at most 107 bytes including the `.tmp<pid>` suffix.
    ///   - mode: The file's permission bits; the default 0600 admits only the owner (and root).
    ///   - writeBufferWaterMarks: The marks each accepted connection starts with.
    ///   - onAccept: Called on the loop thread with each client.
    /// - Throws: ``SocketError``: `bind` with ``Errno/addressInUse`` when a live server owns `path`,
    ///   with ``Errno/fileExists`` when `path` is not a socket, ``Errno/nameTooLong`` for a long path;
    ///   or the failing `socket`, `bind`, `chmod`, `listen` or `rename` call.
    public func listenUnix(
        path: String, mode: mode_t = 0o600, writeBufferWaterMarks: WriteBufferWaterMarks = WriteBufferWaterMarks(),
        onAccept: @escaping (TCPConnection) -> Void
    ) throws(SocketError) -> UnixListener {
        self.preconditionOnLoopThread()
        try Self.checkExistingSocketFile(at: path)
        let temporaryPath = "\(path).tmp\(system_getpid())"
        let temporaryAddress = SocketAddress.unix(path: temporaryPath)
        _ = try temporaryAddress.storage() // Fails early (ENAMETOOLONG) before anything is created.

        let socket = try SocketDescriptor.stream(family: AF_UNIX)
        var bound = false
        do {
            _ = temporaryPath.withCString { system_unlink($0) }
            try socket.bind(to: temporaryAddress)
            bound = true
            _ = try syscall("chmod") { temporaryPath.withCString { system_chmod($0, mode) } }
            try socket.listen(backlog: 128)
            _ = try syscall("rename") {
                temporaryPath.withCString { from in path.withCString { to in system_rename(from, to) } }
            }
            return try UnixListener(
                eventLoop: self, socket: socket, path: path, waterMarks: writeBufferWaterMarks, onAccept: onAccept
            )
        } catch {
            if bound {
                _ = temporaryPath.withCString { system_unlink($0) }
            }
            socket.close()
            throw error
        }
    }

    /// Connects to the Unix-domain stream socket at `path` (a control client, or tests).
    ///
    /// Behaves like ``connectTCP(remote:port:local:options:completion:)``: the completion runs once,
    /// on the loop thread, never inside this call. A missing file is ``Errno/noSuchFileOrDirectory``,
    /// a stale one ``Errno/connectionRefused``. Loop thread only.
    @discardableResult
    public func connectUnix(
        path: String, writeBufferWaterMarks: WriteBufferWaterMarks = WriteBufferWaterMarks(),
        completion: @escaping (Result<TCPConnection, SocketError>) -> Void
    ) -> ConnectAttempt {
        self.preconditionOnLoopThread()
        let attempt = ConnectAttempt(
            eventLoop: self, remoteAddress: .unix(path: path), waterMarks: writeBufferWaterMarks,
            completion: completion
        )
        do {
            let socket = try SocketDescriptor.stream(family: AF_UNIX)
            attempt.start(socket: socket, timeout: nil)
        } catch {
            attempt.fail(error)
        }
        return attempt
    }

    /// Throws unless `path` is free or holds a stale socket (one that refuses connections).
    private static func checkExistingSocketFile(at path: String) throws(SocketError) {
        guard let existing = FileIdentity(path: path) else { return }
        guard existing.isSocket else { throw SocketError("bind", errno: .fileExists) }
        let probe = try SocketDescriptor.stream(family: AF_UNIX)
        defer { probe.close() }
        do {
            _ = try probe.connect(to: .unix(path: path))
        } catch where error.errno == .connectionRefused || error.errno == .noSuchFileOrDirectory {
            return // Stale (or gone meanwhile): the rename replaces it.
        } catch where error.errno == .wouldBlock {
            // A live server whose backlog is full.
        } catch {
            throw error
        }
        throw SocketError("bind", errno: .addressInUse)
    }
}
