// SPDX-License-Identifier: Apache-2.0

import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Delivers signals to a handler on a private queue instead of their default action
/// (kernels get the defaults back: the provisioner resets every signal in the child).
final class SignalWatcher: @unchecked Sendable {
    // @unchecked: `sources` is set once in init and only kept alive after that (dispatch sources
    // are not Sendable).
    private let sources: [any DispatchSourceSignal]

    /// Starts watching `signals`; `handler` gets each signal's number.
    init(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "quire.signals")
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in signals {
            // Dispatch sees the signal only once its default action is off.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { handler(signalNumber) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }
}
