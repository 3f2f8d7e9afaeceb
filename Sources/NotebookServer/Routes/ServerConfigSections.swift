// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// `/api/config/<section>`: JSON files in `<config dir>/serverconfig`, merged on PATCH as
/// jupyter_server's ConfigManager does (objects merge recursively; `null` deletes a key).
struct ServerConfigSections: Sendable {
    /// Where the section files live.
    let directory: String

    /// A section's object, `{}` when it has none.
    func read(_ section: String) throws(NotebookServerError) -> JSONValue {
        let file = try path(section)
        guard FileIO.exists(file) else { return .object(JSONObject()) }
        guard let bytes = try? FileIO.readBytes(file), case .object(let object)? = try? JSONParser.parse(bytes) else {
            throw NotebookServerError(.internalError, "The config file \(file) is not a JSON object")
        }
        return .object(object)
    }

    /// Merges `changes` into a section, writes it atomically and returns the result.
    func update(_ section: String, with changes: JSONObject) throws(NotebookServerError) -> JSONValue {
        var current = try read(section).objectValue ?? JSONObject()
        Self.merge(changes, into: &current)
        do {
            try FileSystemSupport.makeDirectories(directory)
            try FileIO.writeAtomically(PythonJSONWriter(indent: 2, sortKeys: true).bytes(.object(current)), to: try path(section))
        } catch {
            throw NotebookServerError(.internalError, "Could not save config section \(section): \(error)")
        }
        return .object(current)
    }

    /// The file of a section; names are word characters only, as upstream's route allows.
    private func path(_ section: String) throws(NotebookServerError) -> String {
        guard !section.isEmpty, section.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw NotebookServerError(.notFound, "Not Found")
        }
        return directory + "/" + section + ".json"
    }

    /// Recursive update: nested objects merge, `null` removes, anything else replaces.
    static func merge(_ changes: JSONObject, into target: inout JSONObject) {
        for (key, value) in changes.entries {
            if value.isNull {
                target[key] = nil
            } else if let inner = value.objectValue, var existing = target[key]?.objectValue {
                merge(inner, into: &existing)
                target[key] = .object(existing)
            } else {
                target[key] = value
            }
        }
    }
}
