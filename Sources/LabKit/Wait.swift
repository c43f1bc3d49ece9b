// Bounded waits: poll an observation until it satisfies a condition or a deadline passes.
// Interop tests never sleep a fixed time for convergence; they wait here.

import Foundation

/// A wait that ran out of time. Carries the last value observed (or the last error the observation
/// threw) and diagnostics such as the tail of a daemon's log.
public struct WaitTimeout: Error, CustomStringConvertible {
    public let what: String
    public let waited: Duration
    public let polls: Int
    public let lastObserved: String?
    public let lastError: String?
    public let diagnostics: String

    public var description: String {
        var text = "timed out after \(waited) (\(polls) polls) waiting for \(what)"
        text += "\n  last observed: \(lastObserved ?? "nothing (every observation failed)")"
        if let lastError { text += "\n  last error: \(lastError)" }
        if !diagnostics.isEmpty { text += "\n" + diagnostics }
        return text
    }
}

/// A condition that was meant never to hold during a period, and held.
public struct WaitViolation: Error, CustomStringConvertible {
    public let what: String
    public let after: Duration
    public let observed: String

    public var description: String { "\(what) happened after \(after): observed \(observed)" }
}

/// Polls `observe` every `poll` until `until` accepts its value, and returns that value.
/// An observation that throws counts as "not yet" (a daemon that is still starting); its error is
/// kept for the timeout message. At the deadline, throws `WaitTimeout` with the last observed value
/// and `diagnostics()`, which is also printed to stderr so that CI logs show it.
@discardableResult
public func waitUntil<T>(
    _ what: String,
    deadline: ContinuousClock.Instant,
    poll: Duration = .milliseconds(100),
    diagnostics: () -> String = { "" },
    observe: () throws -> T,
    until accept: (T) -> Bool
) async throws -> T {
    let clock = ContinuousClock()
    let start = clock.now
    var polls = 0
    var lastObserved: String?
    var lastError: String?
    while true {
        polls += 1
        do {
            let value = try observe()
            if accept(value) { return value }
            lastObserved = String(describing: value)
            lastError = nil
        } catch {
            lastError = String(describing: error)
        }
        if clock.now >= deadline { break }
        try await Task.sleep(for: min(poll, max(deadline - clock.now, .zero)))
    }
    let timeout = WaitTimeout(
        what: what, waited: clock.now - start, polls: polls,
        lastObserved: lastObserved, lastError: lastError, diagnostics: diagnostics()
    )
    FileHandle.standardError.write(Data("[lab] \(timeout)\n".utf8))
    throw timeout
}

/// `waitUntil(_:deadline:…)` with a timeout measured from now.
@discardableResult
public func waitUntil<T>(
    _ what: String,
    timeout: Duration,
    poll: Duration = .milliseconds(100),
    diagnostics: () -> String = { "" },
    observe: () throws -> T,
    until accept: (T) -> Bool
) async throws -> T {
    try await waitUntil(
        what, deadline: ContinuousClock().now + timeout, poll: poll,
        diagnostics: diagnostics, observe: observe, until: accept
    )
}

/// Waits for a Boolean condition.
public func waitUntil(
    _ what: String,
    timeout: Duration,
    poll: Duration = .milliseconds(100),
    diagnostics: () -> String = { "" },
    condition: () throws -> Bool
) async throws {
    _ = try await waitUntil(
        what, timeout: timeout, poll: poll, diagnostics: diagnostics, observe: condition, until: { $0 }
    )
}

/// Polls `observe` for the whole of `period` and throws `WaitViolation` as soon as `violates`
/// accepts a value (for "the session must NOT come up"). Returns the last value observed.
/// An observation that throws is not a violation.
@discardableResult
public func ensureNever<T>(
    _ what: String,
    for period: Duration,
    poll: Duration = .milliseconds(100),
    observe: () throws -> T,
    violates: (T) -> Bool
) async throws -> T? {
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start + period
    var last: T?
    while true {
        if let value = try? observe() {
            if violates(value) {
                throw WaitViolation(what: what, after: clock.now - start, observed: String(describing: value))
            }
            last = value
        }
        if clock.now >= deadline { return last }
        try await Task.sleep(for: min(poll, max(deadline - clock.now, .zero)))
    }
}
