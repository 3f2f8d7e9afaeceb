// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import HummingbirdWebSocket

/// The request context of every route: Hummingbird's core storage, the WebSocket upgrade slot,
/// and how the request proved who it is (set by ``TokenAuthentication``).
public struct ServerRequestContext: RequestContext, WebSocketRequestContext {
    /// How a request was authenticated.
    public enum Credential: Sendable, Equatable {
        /// Not (yet) authenticated.
        case none
        /// The token, in the `Authorization` header or the `token` query parameter.
        case token
        /// The login cookie set when a page was opened with the token (XSRF is checked for writes).
        case cookie
    }

    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Where a WebSocket route leaves its handler.
    public let webSocket: WebSocketHandlerReference<ServerRequestContext>
    /// How this request was authenticated.
    public var credential: Credential = .none

    /// A context for one request.
    public init(source: Source) {
        coreContext = CoreRequestContextStorage(source: source)
        webSocket = WebSocketHandlerReference()
    }

    /// Notebooks and uploads can be large: jupyter_server accepts bodies up to 512 MiB.
    public var maxUploadSize: Int { 512 * 1024 * 1024 }
}
