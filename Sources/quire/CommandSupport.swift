// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// Helpers shared by the subcommands: argument expansion and error reporting.
enum CommandSupport {
    /// Expands directory arguments into the `*.ipynb` files below them; other arguments pass through.
    static func expand(_ arguments: [String]) -> [String] {
        arguments.flatMap { FileIO.isDirectory($0) ? FileIO.notebooks(under: $0) : [$0] }
    }

    /// Prints an error to standard error as "quire: message".
    static func report(_ error: any Error) {
        printError("quire: \(error)")
    }

    /// Prints a line to standard error.
    static func printError(_ line: String) {
        FileIO.writeStandardError(Array((line + "\n").utf8))
    }
}
