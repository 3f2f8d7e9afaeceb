// SPDX-License-Identifier: Apache-2.0

import Contents
import Foundation
public import HTTPTypes
public import Hummingbird
import Kernels
import NIOCore
import NotebookFormat

/// Building responses and reading request bodies: the only place that knows JSON goes over HTTP.
enum JSONResponses {
    /// Compact JSON with Python's separators, keys in insertion order (as jupyter_server's `json.dumps`).
    static let writer = PythonJSONWriter(indent: nil, sortKeys: false)

    /// A JSON response.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=UTF-8"
        fields[.cacheControl] = "no-store, no-cache, must-revalidate, max-age=0"
        let bytes = writer.bytes(value)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An empty response (204 for deletes, interrupts and PUTs of settings and workspaces).
    static func empty(_ status: HTTPResponse.Status = .noContent) -> Response {
        Response(status: status, headers: [:], body: ResponseBody())
    }

    /// The request body parsed as a JSON object; an empty body is `{}` when `allowEmpty`.
    static func object(
        of request: Request,
        context: ServerRequestContext,
        allowEmpty: Bool = true
    ) async throws -> JSONObject {
        var body = request.body
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        if buffer.readableBytes == 0 {
            if allowEmpty { return JSONObject() }
            throw NotebookServerError(.badRequest, "No JSON data provided")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw NotebookServerError(.badRequest, "Invalid JSON in body of request: \(error)")
        }
        guard case .object(let object) = value else {
            throw NotebookServerError(.badRequest, "The body of the request must be a JSON object")
        }
        return object
    }

    /// The error body jupyter_server's APIHandler writes: `{"message": …, "reason": …}`.
    /// Bodies with `extra` members (kernel start failures) have no `reason`, as jupyter_server's.
    static func errorBody(message: String, reason: String?, extra: [(String, String)] = []) -> JSONValue {
        var members: [(String, JSONValue)] = [("message", .string(message))]
        if extra.isEmpty { members.append(("reason", reason.map(JSONValue.string) ?? .null)) }
        for (key, value) in extra { members.append((key, .string(value))) }
        return .object(JSONObject(members))
    }
}

extension NotebookServerError: HTTPResponseError {
    /// The HTTP status of each code.
    public var status: HTTPResponse.Status {
        switch code {
        case .badRequest: .badRequest
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .conflict: .conflict
        case .kernelUnavailable: .notImplemented
        default: .internalServerError
        }
    }

    /// The JSON error body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponses.json(JSONResponses.errorBody(message: message, reason: reason, extra: extra), status: status)
    }
}

extension NotebookServerError {
    /// The server's answer for a contents failure, with jupyter_server's status for its code.
    init(_ error: ContentsError) {
        let code: Code =
            switch error.code {
            case .notFound, .outsideRoot: .notFound
            case .alreadyExists: .conflict
            case .forbidden: .forbidden
            case .hidden, .invalid: .badRequest
            default: .internalError
            }
        self.init(code, error.message, reason: error.reason)
    }

    /// The server's answer for a kernel failure.
    init(_ error: KernelsError) {
        let code: Code =
            switch error.code {
            case .noSuchKernel: .kernelUnavailable
            case .kernelNotRunning, .kernelDied: .internalError
            default: .internalError
            }
        self.init(code, error.message)
    }
}

/// Runs a contents operation, turning its error into the server's.
func contents<T>(_ body: () async throws(ContentsError) -> T) async throws(NotebookServerError) -> T {
    do { return try await body() } catch { throw NotebookServerError(error) }
}
