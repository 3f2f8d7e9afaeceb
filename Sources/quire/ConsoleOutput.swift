// SPDX-License-Identifier: Apache-2.0

import Foundation
import Kernels
import NotebookFormat

/// Prints a kernel's outputs on the terminal as `jupyter console` does: stream text as it
/// comes, the `text/plain` of results and displays, and tracebacks on standard error (ANSI
/// colours kept on a terminal, stripped otherwise).
struct ConsoleOutput: Sendable {
    /// Whether results get an `Out[n]:` prompt (the REPL) or are printed bare (`-c`).
    var prompts: Bool
    /// Whether standard error is a terminal (colours are kept).
    var colourErrors = isatty(STDERR_FILENO) == 1

    /// Prints one event.
    func print(_ event: ExecutionEvent) {
        switch event {
        case .stream(let stream):
            write(stream.text, toError: stream.name == "stderr")
        case .executeResult(let result):
            guard let text = Self.plainText(result.data) else { return }
            let prompt = prompts ? "Out[\(result.executionCount.map(String.init) ?? " ")]: " : ""
            write(prompt + text + "\n", toError: false)
            if prompts { write("\n", toError: false) }
        case .displayData(let display):
            if let text = Self.plainText(display.data) { write(text + "\n", toError: false) }
        case .updateDisplayData(let update):
            if let text = Self.plainText(update.data) { write(text + "\n", toError: false) }
        case .error(let error):
            let traceback = error.traceback.isEmpty ? ["\(error.name): \(error.value)"] : error.traceback
            let text = traceback.joined(separator: "\n") + "\n"
            write(colourErrors ? text : Self.strippingANSI(text), toError: true)
        case .executeInput, .clearOutput, .other:
            break
        }
    }

    /// Writes text to standard output or error at once (unbuffered, so it interleaves correctly).
    func write(_ text: String, toError: Bool) {
        if toError {
            FileIO.writeStandardError(Array(text.utf8))
        } else {
            try? FileIO.writeStandardOutput(Array(text.utf8))
        }
    }

    /// The `text/plain` entry of a mime bundle (a string or a list of lines).
    static func plainText(_ data: JSONObject) -> String? {
        guard let value = data["text/plain"] else { return nil }
        return value.stringValue ?? value.arrayValue?.compactMap(\.stringValue).joined()
    }

    /// Text without ANSI escape sequences (`ESC [ ... letter`).
    static func strippingANSI(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                result.append(scalar)
                continue
            }
            guard let next = scalars.next() else { break }
            guard next == "[" else { continue }
            while let inner = scalars.next(), !(("@"..."~").contains(inner)) {}
        }
        return String(result)
    }
}

/// Reads lines from standard input on a thread of its own, so waiting for the user never
/// blocks the tasks talking to the kernel.
enum ConsoleInput {
    /// The next line without its newline, or nil at end of input.
    static func readLine(prompt: String) async -> String? {
        if !prompt.isEmpty { try? FileIO.writeStandardOutput(Array(prompt.utf8)) }
        return await withCheckedContinuation { continuation in
            let reader = Thread {
                continuation.resume(returning: Swift.readLine(strippingNewline: true))
            }
            reader.start()
        }
    }
}
