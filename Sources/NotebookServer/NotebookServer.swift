// SPDX-License-Identifier: Apache-2.0

import Contents
public import Hummingbird
import HummingbirdWebSocket
public import Kernels
import Logging
import NIOCore

/// A Jupyter Server: the contents, kernels, sessions and kernelspecs REST APIs, the kernel
/// websockets, and (for `quire lab`) the JupyterLab front-end, on one Hummingbird application.
///
///     let server = try NotebookServer(configuration: ServerConfiguration(root: ".", token: "t"))
///     try await server.run { url in print(url) }
public final class NotebookServer: Sendable {
    /// How the server was started.
    public let configuration: ServerConfiguration
    /// The files it serves.
    let store: FileContentsStore
    /// The kernels it runs.
    let kernels: KernelRegistry
    /// The sessions (notebook path to kernel).
    let sessions: SessionRegistry
    /// Token, cookie and XSRF rules.
    let authentication: TokenAuthentication
    /// What `/api/events/subscribe` publishes.
    let events = EventBus()
    /// When it started, for `/api/status`.
    let started = ServerClock.now()
    private let logger = Logger(label: "quire.server")

    /// A server for `configuration`; checks the root directory and the JupyterLab files.
    public init(configuration: ServerConfiguration) throws(NotebookServerError) {
        self.configuration = configuration
        try? FileSystemSupport.makeDirectories(configuration.paths.userDataDirectory)
        do {
            store = try FileContentsStore(
                root: configuration.root,
                configuration: FileContentsStore.Configuration(
                    allowHidden: configuration.allowHidden,
                    trust: NotebookTrust(signatureFile: configuration.paths.userDataDirectory + "/quire-nbsignatures.json"),
                    deleteToTrash: true,
                    environment: configuration.environment
                )
            )
        } catch {
            throw NotebookServerError(.configuration, "cannot serve \(configuration.root): \(error.message)")
        }
        let managerConfiguration = KernelManager.Configuration(python: configuration.python, environment: configuration.environment)
        kernels = KernelRegistry(
            manager: KernelManager(configuration: managerConfiguration),
            restartLimit: configuration.restartLimit,
            events: events
        )
        sessions = SessionRegistry(kernels: kernels, root: store.root, startTimeout: configuration.kernelStartTimeout)
        authentication = TokenAuthentication(token: configuration.token, port: configuration.port, baseURL: configuration.baseURL)
    }

    /// The HTTP routes (everything but the websocket upgrades).
    func router(lab: LabFrontEnd?) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: TokenAuthMiddleware(authentication: authentication))
        let base = router.group(RouterPath(configuration.baseURL))
        ContentsRoutes(store: store, baseURL: configuration.baseURL, events: events).add(to: base)
        KernelRoutes(server: self).add(to: base)
        SessionRoutes(server: self).add(to: base)
        ServiceRoutes(server: self).add(to: base)
        lab?.add(to: base, server: self)
        return router
    }

    /// The routes that may upgrade to a websocket.
    func webSocketRouter() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        let base = router.group(RouterPath(configuration.baseURL))
        KernelChannelsRoute(server: self).add(to: base)
        EventsRoute(server: self).add(to: base)
        return router
    }

    /// The Hummingbird application: the HTTP router with the websocket upgrades; `onListening`
    /// gets the URL to open (with the token) once the port is bound.
    public func application(onListening: @escaping @Sendable (String) -> Void = { _ in }) throws -> some ApplicationProtocol {
        let lab = configuration.servesLab ? try LabFrontEnd(configuration: configuration) : nil
        let page = configuration.servesLab ? "lab" : ""
        return Application(
            router: router(lab: lab),
            server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter()),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "Quire"
            ),
            onServerRunning: { [configuration] channel in
                let port = channel.localAddress?.port ?? configuration.port
                onListening("http://\(configuration.host):\(port)\(configuration.baseURL)\(page)?token=\(configuration.token)")
            },
            logger: logger
        )
    }

    /// Runs until SIGINT or SIGTERM (see ``application(onListening:)``). Every kernel is shut
    /// down before this returns.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let app = try application(onListening: onListening)
        do {
            try await app.runService()
        } catch {
            await kernels.shutdownAll()
            throw error
        }
        await kernels.shutdownAll()
    }

    /// Shuts every kernel down (what ``run(onListening:)`` does on its way out).
    public func shutdownKernels() async {
        await kernels.shutdownAll()
    }
}
