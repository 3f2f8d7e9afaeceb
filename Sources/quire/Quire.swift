// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The `quire` command: one binary for the notebook platform's tools and servers.
@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "Quire: a notebook platform compatible with Jupyter, in one binary.",
        subcommands: [
            FormatCommand.self, ValidateCommand.self, ConvertCommand.self, KernelspecCommand.self, StripCommand.self,
            ConsoleCommand.self, InspectCommand.self, RunCommand.self, LabCommand.self, ServerCommand.self,
        ]
    )
}
