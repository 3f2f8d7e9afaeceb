// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import NIOCore
import NotebookFormat

/// Serving files from directories the server trusts (JupyterLab's static build, themes, lab
/// extensions, kernelspec resources): only below the directory, never through `..`.
enum StaticFile {
    /// `relative` (already percent-decoded) under one of `directories`, first match wins; nil when
    /// the path escapes or no directory has a regular file there.
    static func locate(_ relative: String, in directories: [String]) -> String? {
        let segments = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.isEmpty, !segments.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") }) else { return nil }
        for directory in directories {
            let candidate = directory + "/" + segments.joined(separator: "/")
            if FileIO.exists(candidate), !FileIO.isDirectory(candidate) { return candidate }
        }
        return nil
    }

    /// A 200 response with the file's bytes and a content type from its extension.
    static func response(file: String, cacheControl: String? = nil) throws(NotebookServerError) -> Response {
        let bytes: [UInt8]
        do { bytes = try FileIO.readBytes(file) } catch {
            throw NotebookServerError(.notFound, "Not Found")
        }
        var headers: HTTPFields = [.contentType: contentType(of: file)]
        if let cacheControl { headers[.cacheControl] = cacheControl }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The content type for a file name (what Python's `mimetypes` gives for the web's file types).
    static func contentType(of file: String) -> String {
        let ext = file.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "js", "mjs": return "application/javascript"
        case "css": return "text/css"
        case "html", "htm": return "text/html; charset=UTF-8"
        case "json", "map": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "jpg", "jpeg": return "image/jpeg"
        case "ico": return "image/x-icon"
        case "woff": return "font/woff"
        case "woff2": return "font/woff2"
        case "ttf": return "font/ttf"
        case "otf": return "font/otf"
        case "eot": return "application/vnd.ms-fontobject"
        case "wasm": return "application/wasm"
        case "txt", "md": return "text/plain; charset=UTF-8"
        default: return "application/octet-stream"
        }
    }
}
