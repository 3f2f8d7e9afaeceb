// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import NIOCore

/// `/login`: a form asking for the token (where pages without it are sent); a correct token
/// sets the login cookie and goes on to `next`.
struct LoginPage: Sendable {
    /// The token rules.
    let authentication: TokenAuthentication
    /// The URL prefix.
    let baseURL: String

    /// Adds `GET /login` and `POST /login`.
    func add(to group: RouterGroup<ServerRequestContext>) {
        group.get("login") { request, _ in
            page(next: safeNext(request.uri.queryParameters["next"].map(String.init)), failed: false)
        }
        group.post("login") { request, context in
            let body = request.body
            let form = try await body.collect(upTo: 64 * 1024)
            let fields = Self.formFields(String(buffer: form))
            let next = safeNext(fields["next"] ?? request.uri.queryParameters["next"].map(String.init))
            guard fields["password"] == authentication.token || fields["token"] == authentication.token else {
                var response = page(next: next, failed: true)
                response.status = .unauthorized
                return response
            }
            var response = Response(status: .found, headers: [.location: next])
            response.setCookie(authentication.loginCookie)
            return response
        }
    }

    /// Only local paths under the base URL are followed after login.
    private func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix(baseURL), !next.hasPrefix("//") else { return baseURL }
        return next
    }

    private func page(next: String, failed: Bool) -> Response {
        let message = failed ? "<p class=\"error\">Invalid token.</p>" : ""
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quire: log in</title>
            <style>body{font-family:sans-serif;max-width:28em;margin:4em auto}input{font-size:1em;padding:.3em}.error{color:#b00}</style>
            </head><body><h1>Quire</h1><p>Enter the token printed when the server started.</p>\(message)
            <form method="post" action="\(baseURL)login"><input type="hidden" name="next" value="\(LabTemplate.escapeHTML(next))">
            <input type="password" name="password" autofocus> <button type="submit">Log in</button></form></body></html>
            """
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=UTF-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// `application/x-www-form-urlencoded` fields.
    static func formFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingPlus() }
            guard let key = kv.first.flatMap(URLPath.decode) else { continue }
            fields[key] = kv.count > 1 ? URLPath.decode(kv[1]) ?? "" : ""
        }
        return fields
    }

}

extension String {
    /// `+` as a space, as form encoding has it.
    fileprivate func replacingPlus() -> String { String(map { $0 == "+" ? " " : $0 }) }
}
