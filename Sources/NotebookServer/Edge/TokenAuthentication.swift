// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Token authentication as jupyter_server's IdentityProvider does it: the token is accepted in
/// `Authorization: token T` (or `Bearer T`), in `?token=T`, or as the login cookie set when a page
/// was opened with the token. Cookie-authenticated writes must also carry the `_xsrf` cookie's
/// value in `X-XSRFToken` (or an `_xsrf` query parameter). Static files need no token; pages
/// without one redirect to `/login`; API calls without one get 403 JSON.
struct TokenAuthentication: Sendable {
    /// The server's token.
    let token: String
    /// The login cookie's name (port-specific, like jupyter_server's `username-127-0-0-1-8888`).
    let cookieName: String
    /// The login cookie's value: an HMAC of the token under a per-process secret.
    let cookieValue: String
    /// The URL prefix.
    let baseURL: String

    /// Authentication for `token`, with a cookie named after `port` (browsers keep one cookie
    /// jar for every port of a host); with port 0 (any free port) the name gets a random suffix,
    /// so that two such servers on one host do not log each other out.
    init(token: String, port: Int, baseURL: String) {
        self.token = token
        let secret = SymmetricKey(size: .bits256)
        let suffix = port != 0 ? "\(port)" : RandomHex.string(bytes: 4)
        self.cookieName = "quire-login-\(suffix)"
        let mac = HMAC<SHA256>.authenticationCode(for: Array("quire-login:\(token)".utf8), using: secret)
        self.cookieValue = mac.map { String(format: "%02x", $0) }.joined()
        self.baseURL = baseURL
    }

    /// How `request` proves it may be served, or nil when it does not.
    func credential(of request: Request) -> ServerRequestContext.Credential? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, ["token", "bearer"].contains(parts[0].lowercased()), constantTimeEqual(String(parts[1]), token) {
                return .token
            }
        }
        if let query = request.uri.queryParameters["token"], constantTimeEqual(String(query), token) { return .token }
        if let cookie = request.cookies[cookieName], constantTimeEqual(cookie.value, cookieValue) { return .cookie }
        return nil
    }

    /// Whether a cookie-authenticated write carries the `_xsrf` cookie's value in a header or argument.
    func passesXSRF(_ request: Request) -> Bool {
        guard let cookie = request.cookies["_xsrf"]?.value, !cookie.isEmpty else { return false }
        let sent = request.headers[HTTPField.Name("X-XSRFToken")!] ?? request.headers[HTTPField.Name("X-CSRFToken")!]
            ?? request.uri.queryParameters["_xsrf"].map(String.init)
        guard let sent else { return false }
        return constantTimeEqual(sent, cookie)
    }

    /// The login cookie, for a response to a request that brought the token.
    var loginCookie: Cookie {
        Cookie(name: cookieName, value: cookieValue, path: baseURL, httpOnly: true, sameSite: .lax)
    }

    /// Compares two strings in time independent of where they differ.
    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// The middleware that applies ``TokenAuthentication`` to every route but static files and `/login`.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    /// The authentication rules.
    let authentication: TokenAuthentication

    /// Authenticates, checks XSRF for cookie-authenticated writes, and sets the login cookie
    /// when a page was opened with `?token=`.
    func handle(
        _ request: Request,
        context: ServerRequestContext,
        next: (Request, ServerRequestContext) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let relative = path.hasPrefix(authentication.baseURL) ? String(path.dropFirst(authentication.baseURL.count)) : path
        if Self.isPublic(relative) { return try await next(request, context) }
        guard let credential = authentication.credential(of: request) else {
            if request.method == .get, Self.isPage(relative) {
                let target = authentication.baseURL + "login?next=" + URLPath.escape(path)
                return Response(status: .found, headers: [.location: target])
            }
            throw NotebookServerError(.forbidden, "Forbidden")
        }
        if credential == .cookie, ![.get, .head, .options].contains(request.method), !authentication.passesXSRF(request) {
            throw NotebookServerError(.forbidden, "'_xsrf' argument missing from \(request.method.rawValue)")
        }
        var context = context
        context.credential = credential
        var response = try await next(request, context)
        if credential == .token, request.uri.queryParameters["token"] != nil, Self.isPage(relative) {
            response.setCookie(authentication.loginCookie)
        }
        return response
    }

    /// Routes served without a token: static assets, the login page, favicons.
    static func isPublic(_ relative: String) -> Bool {
        relative.hasPrefix("static/") || relative == "login" || relative == "favicon.ico"
            || relative.hasPrefix("lab/extensions/") || relative.hasPrefix("lab/api/themes/")
    }

    /// HTML pages (redirected to the login page rather than refused).
    static func isPage(_ relative: String) -> Bool {
        relative.isEmpty || relative == "lab" || relative.hasPrefix("lab/tree") || relative.hasPrefix("lab/workspaces")
            || relative.hasPrefix("doc") || relative == "tree" || relative.hasPrefix("tree/")
    }

}
