// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Kernels
import NotebookFormat
import NotebookServer

/// The options `quire lab` and `quire server` share.
struct ServerOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The directory whose files are served (default: the current directory).", valueName: "dir"))
    var root: String = "."

    @Option(help: "The address to listen on.")
    var ip = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8888

    @Option(help: "The token every request needs (default: a random one, printed in the URL).")
    var token: String?

    @Option(name: .customLong("base-url"), help: "The URL prefix of every route.")
    var baseURL = "/"

    @Flag(name: .customLong("allow-hidden"), help: "Serve and list dot-files.")
    var allowHidden = false

    @Option(help: ArgumentHelp("The Python whose kernelspecs and JupyterLab files are used (default: $QUIRE_PYTHON, ./.venv/bin/python, python3).", valueName: "path"))
    var python: String?

    /// The server configuration these options describe.
    func configuration(servesLab: Bool) throws -> ServerConfiguration {
        guard FileIO.isDirectory(root) else {
            CommandSupport.printError("quire: \(root) is not a directory")
            throw ExitCode(2)
        }
        guard (0...65535).contains(port) else {
            CommandSupport.printError("quire: --port \(port) is not a TCP port (0 to 65535)")
            throw ExitCode(2)
        }
        let chosenToken = token ?? RandomHex.string(bytes: 24)
        guard !chosenToken.isEmpty else {
            CommandSupport.printError("quire: --token must not be empty")
            throw ExitCode(2)
        }
        return ServerConfiguration(
            root: CommandSupport.absolutePath(root),
            host: ip,
            port: port,
            token: chosenToken,
            baseURL: baseURL,
            servesLab: servesLab,
            allowHidden: allowHidden,
            python: try CommandSupport.pythonEnvironment(python)
        )
    }

    /// Starts the server and serves until SIGINT or SIGTERM.
    func serve(servesLab: Bool) async throws {
        let configuration = try configuration(servesLab: servesLab)
        let server: NotebookServer
        do { server = try NotebookServer(configuration: configuration) } catch {
            CommandSupport.printError("quire: \(error)")
            throw ExitCode(1)
        }
        try await server.run { url in
            let what = servesLab ? "JupyterLab" : "the Jupyter Server API"
            CommandSupport.printLine("Quire is serving \(what) for \(configuration.root) at:\n    \(url)")
        }
    }
}

/// `quire lab`: a Jupyter Server with the JupyterLab front-end.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Serve JupyterLab and the Jupyter Server APIs for a directory.",
        discussion: "Open the printed URL (it carries the token) in a browser. Ctrl-C stops the server and its kernels."
    )

    @OptionGroup var options: ServerOptions

    func run() async throws { try await options.serve(servesLab: true) }
}

/// `quire server`: the Jupyter Server APIs without the front-end.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Serve the Jupyter Server REST and websocket APIs (no front-end) for a directory."
    )

    @OptionGroup var options: ServerOptions

    func run() async throws { try await options.serve(servesLab: false) }
}
