// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization

/// Collects log messages so tests can check that a disconnect was logged with its reason.
final class LogRecorder: Sendable {
    private let entries = Mutex<[String]>([])

    /// A logger writing into this recorder.
    var logger: Logger {
        Logger(label: "test.zmtp") { _ in RecordingHandler(recorder: self) }
    }

    /// The messages logged so far (with their `zmtp.error` metadata, if any).
    var messages: [String] { entries.withLock { $0 } }

    fileprivate func record(_ message: String) {
        entries.withLock { $0.append(message) }
    }
}

private struct RecordingHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let code = event.metadata?["zmtp.error"].map { " [\($0)]" } ?? ""
        recorder.record("\(event.level): \(event.message)\(code)")
    }
}
