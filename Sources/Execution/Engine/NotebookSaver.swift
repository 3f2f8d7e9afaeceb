// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Synchronization

/// Where a run's notebook goes.
public enum RunDestination: Sendable, Equatable {
    /// A file, replaced atomically (temporary file, fsync, rename) at every save.
    case file(String)
    /// Standard output, written once at the end (papermill's `-`).
    case standardOutput
    /// Nowhere (papermill's `output_path=None`).
    case none
}

/// Saves snapshots of a running notebook in the background, so cells never wait for the disk:
/// ``submit(_:)`` keeps only the newest snapshot (synchronously, so snapshots can never be
/// written out of order) and a single writer task writes it, atomically and durably; snapshots
/// submitted while a write is under way are coalesced into one. A save that fails is reported
/// and retried with the next snapshot. ``finish(_:)`` closes the saver (later snapshots are
/// ignored) and writes the final notebook.
final class NotebookSaver: Sendable {
    private struct State {
        var latest: Notebook?
        var writer: Task<Void, Never>?
        var closed = false
        var failing = false
    }

    private let destination: RunDestination
    private let state = Mutex(State())
    /// Called with a description when a background save fails.
    private let onFailure: @Sendable (String) -> Void

    /// A saver for `destination`.
    init(destination: RunDestination, onFailure: @escaping @Sendable (String) -> Void) {
        self.destination = destination
        self.onFailure = onFailure
    }

    /// Queues `notebook` to be written soon (file destinations only).
    func submit(_ notebook: Notebook) {
        guard case .file = destination else { return }
        state.withLock { state in
            guard !state.closed else { return }
            state.latest = notebook
            if state.writer == nil {
                state.writer = Task.detached { self.drain() }
            }
        }
    }

    /// Waits for the save under way, then writes `notebook` as the final result.
    /// - Throws: `NotebookFormatError` if the final write fails (the previous save, if any,
    ///   is still whole on disk).
    func finish(_ notebook: Notebook) async throws(NotebookFormatError) {
        let writer = state.withLock { state in
            state.closed = true
            state.latest = nil
            return state.writer
        }
        if let writer { await writer.value }
        switch destination {
        case .file(let path): try FileIO.writeAtomically(notebook.fileBytes(), to: path)
        case .standardOutput: try FileIO.writeStandardOutput(notebook.fileBytes())
        case .none: return
        }
    }

    /// Writes snapshots until none is waiting.
    private func drain() {
        guard case .file(let path) = destination else { return }
        while let notebook = state.withLock({ state in
            let next = state.latest
            state.latest = nil
            if next == nil { state.writer = nil }
            return next
        }) {
            do {
                try FileIO.writeAtomically(notebook.fileBytes(), to: path)
                state.withLock { $0.failing = false }
            } catch {
                let first = state.withLock { state in
                    defer { state.failing = true }
                    return !state.failing
                }
                if first { onFailure("cannot save \(path) (will retry): \(error.message)") }
            }
        }
    }
}
