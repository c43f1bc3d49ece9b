import BGPSpeaker
import Glibc
import Testing

@Suite struct SocketErrorTests {
    @Test func describesTheCallTheConstantAndTheMessage() {
        let error = SocketError("connect", errno: .connectionRefused)
        #expect(error.description == "connect: ECONNREFUSED (Connection refused)")
        #expect(Errno(rawValue: ECONNREFUSED) == .connectionRefused)
        #expect(Errno.timedOut.symbolicName == "ETIMEDOUT")
    }

    @Test func unnamedValuesStillDescribeThemselves() {
        let errno = Errno(rawValue: EDOM)
        #expect(errno.symbolicName == nil)
        #expect(errno.description.hasPrefix("errno \(EDOM) ("))
    }

    @Test func equalityComparesCallAndErrno() {
        #expect(SocketError("bind", errno: .addressInUse) == SocketError("bind", errno: .addressInUse))
        #expect(SocketError("bind", errno: .addressInUse) != SocketError("listen", errno: .addressInUse))
    }
}
