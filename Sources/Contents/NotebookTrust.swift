// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat
import Synchronization

/// Notebook trust as jupyter_server's notary keeps it: a notebook saved through the server whose
/// every code cell is trusted (marked `trusted` by the front-end, or without rich outputs) is
/// signed; a `GET` marks each code cell `metadata.trusted` with whether the file on disk still
/// has a signature. A notebook changed outside the server is untrusted until saved from the
/// front-end again. Signatures are SHA-256 digests of the saved bytes, kept in a JSON file
/// (the newest 10,000, as the notary's cull).
public final class NotebookTrust: Sendable {
    private struct State {
        var digests: [String] = []
        var known: Set<String> = []
    }

    /// Where signatures persist; nil keeps them in memory only.
    public let signatureFile: String?
    private let state: Mutex<State>
    private static let limit = 10_000

    /// Trust backed by `signatureFile` (read now if it exists; an unreadable file counts as empty).
    public init(signatureFile: String?) {
        self.signatureFile = signatureFile
        var initial = State()
        if let signatureFile, let bytes = try? FileIO.readBytes(signatureFile), case .array(let list)? = try? JSONParser.parse(bytes) {
            initial.digests = list.compactMap(\.stringValue)
            initial.known = Set(initial.digests)
        }
        state = Mutex(initial)
    }

    /// Whether these notebook bytes were signed.
    public func isTrusted(_ bytes: [UInt8]) -> Bool {
        let digest = SHA256.hexDigest(bytes)
        return state.withLock { $0.known.contains(digest) }
    }

    /// Signs these notebook bytes (persisting the signature when there is a file).
    public func sign(_ bytes: [UInt8]) {
        let digest = SHA256.hexDigest(bytes)
        let snapshot = state.withLock { s -> [String]? in
            guard !s.known.contains(digest) else { return nil }
            s.digests.append(digest)
            s.known.insert(digest)
            if s.digests.count > Self.limit {
                let dropped = s.digests.prefix(s.digests.count - Self.limit)
                s.digests.removeFirst(dropped.count)
                s.known.subtract(dropped)
            }
            return s.digests
        }
        guard let snapshot, let signatureFile else { return }
        let bytes = PythonJSONWriter(indent: nil, sortKeys: false).bytes(.array(snapshot.map(JSONValue.string)))
        try? FileIO.writeAtomically(bytes, to: signatureFile, durable: false)
    }

    /// The notary's `check_cells`: removes `metadata.trusted` from every code cell and returns
    /// whether all of them were trusted (explicitly, or having no outputs that need trust).
    public static func checkCells(_ notebook: inout JSONValue) -> Bool {
        var trusted = true
        notebook.withObject { object in
            object.modify("cells") { cells in
                cells.withArray { list in
                    for index in list.indices {
                        list[index].withObject { cell in
                            guard cell["cell_type"]?.stringValue == "code" else { return }
                            var explicitlyTrusted = false
                            cell.modify("metadata") { metadata in
                                metadata.withObject { explicitlyTrusted = $0.removeValue(forKey: "trusted")?.boolValue == true }
                            }
                            if !explicitlyTrusted && !outputsAreSafe(cell["outputs"]) { trusted = false }
                        }
                    }
                }
            }
        }
        return trusted
    }

    /// The notary's `mark_cells`: sets `metadata.trusted` on every code cell.
    public static func markCells(_ notebook: inout JSONObject, trusted: Bool) {
        notebook.modify("cells") { cells in
            cells.withArray { list in
                for index in list.indices {
                    list[index].withObject { cell in
                        guard cell["cell_type"]?.stringValue == "code" else { return }
                        if cell["metadata"]?.objectValue == nil { cell["metadata"] = .object(JSONObject()) }
                        cell.modify("metadata") { metadata in metadata.withObject { $0["trusted"] = .bool(trusted) } }
                    }
                }
            }
        }
    }

    /// Whether every `execute_result`/`display_data` output has only the keys that need no trust.
    private static func outputsAreSafe(_ outputs: JSONValue?) -> Bool {
        guard case .array(let list)? = outputs else { return true }
        let safe: Set<String> = ["output_type", "execution_count", "metadata"]
        for output in list {
            guard let object = output.objectValue, let type = object["output_type"]?.stringValue,
                type == "execute_result" || type == "display_data"
            else { continue }
            if !Set(object.keys).isSubset(of: safe) { return false }
        }
        return true
    }
}
