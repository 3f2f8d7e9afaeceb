// SPDX-License-Identifier: Apache-2.0

import Execution
import NotebookFormat
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `quire run` shows while it works, on standard error: a one-line progress display that
/// redraws itself on a terminal (cells done of total, the current cell, elapsed time), plain
/// log lines otherwise, and with `--log-output` the cells' outputs as papermill logs them.
final class RunProgress: Sendable {
    private struct State {
        var done = 0
        var total = 0
        var current: String?
        var lineShown = false
    }

    private let terminal: Bool
    private let logOutput: Bool
    private let label: String
    private let started = ContinuousClock.now
    private let state = Mutex(State())
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    /// A display for the run of `label`; `bar` false turns the redrawn line off.
    init(label: String, bar: Bool, logOutput: Bool) {
        terminal = bar && isatty(STDERR_FILENO) == 1
        self.logOutput = logOutput
        self.label = label
    }

    /// Handles one run event.
    func handle(_ event: RunEvent) {
        switch event {
        case .kernelStarting(let name):
            plain("Starting kernel \(name) for \(label)")
        case .kernelReady(let name, let language):
            plain("Executing \(label) with kernel \(name)" + (language.map { " (\($0))" } ?? ""))
            startTicking()
        case .cellStarted(let index, let total, let description):
            state.withLock { state in
                state.total = total
                state.current = "cell \(index + 1)" + (description.map { " (\($0))" } ?? "")
            }
            if logOutput { line("Executing Cell " + padded(String(index + 1), 40)) }
            redraw()
        case .output(_, let output):
            if logOutput { log(output) }
        case .cellFinished(let index, let total, let status, let seconds):
            state.withLock { state in
                state.done = index + 1
                state.current = nil
            }
            if logOutput { line("Ending Cell " + padded(String(index + 1), 43)) }
            if !terminal && !logOutput {
                line("Cell \(index + 1)/\(total) \(status) in \(formatSeconds(seconds))")
            }
            redraw()
        case .warning(let message):
            line("quire: warning: \(message)")
        }
    }

    /// Stops redrawing and clears the progress line.
    func finish() {
        ticker.withLock { task in
            task?.cancel()
            task = nil
        }
        clearLine()
    }

    // MARK: - Private

    private func plain(_ text: String) {
        if !terminal { line(text) }
    }

    /// Writes a full line, keeping the progress line below it.
    private func line(_ text: String) {
        clearLine()
        FileIO.writeStandardError(Array((text + "\n").utf8))
        redraw()
    }

    private func log(_ output: Output) {
        switch output.outputType {
        case "stream": if let text = output.text { line(text.hasSuffix("\n") ? String(text.dropLast()) : text) }
        case "error": line((output.errorName ?? "") + ": " + (output.errorValue ?? ""))
        default: if let text = output.text(for: "text/plain") { line(text) }
        }
    }

    private func startTicking() {
        guard terminal else { return }
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                self?.redraw()
            }
        }
        ticker.withLock { $0 = task }
    }

    private func redraw() {
        guard terminal else { return }
        let text = state.withLock { state -> String in
            state.lineShown = true
            let elapsed = started.duration(to: .now).components.seconds
            let clock = "\(elapsed / 60):" + (elapsed % 60 < 10 ? "0" : "") + "\(elapsed % 60)"
            let current = state.current.map { "  running \($0)" } ?? ""
            return "Executing \(label): \(state.done)/\(state.total) cells\(current)  \(clock)"
        }
        FileIO.writeStandardError(Array(("\r\u{1B}[K" + text).utf8))
    }

    private func clearLine() {
        guard terminal else { return }
        let shown = state.withLock { state in
            defer { state.lineShown = false }
            return state.lineShown
        }
        if shown { FileIO.writeStandardError(Array("\r\u{1B}[K".utf8)) }
    }
}

/// `text` followed by dashes up to `width` characters, as Python's `{:-<width}`.
private func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: "-", count: width - text.count)
}

/// "0.012 s" or "3.4 s".
func formatSeconds(_ seconds: Double) -> String {
    let rounded = seconds < 1 ? (seconds * 1000).rounded() / 1000 : (seconds * 10).rounded() / 10
    return "\(rounded) s"
}
