// SPDX-License-Identifier: Apache-2.0

// A test hook, not a user command: drives a FileContentsStore from JSON lines on standard input,
// one operation per line, answering one JSON line each ({"ok": value} or {"error": {code, message}}).
// Tests/Oracle/test_contents_store.py runs the same operations through jupyter_server's
// FileContentsManager and compares. Usage: ContentsDriver ROOT [--allow-hidden] [--always-delete-dir]

import Contents
import NotebookFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one operation line against the store.
func run(_ op: JSONObject, _ store: FileContentsStore) throws(ContentsError) -> JSONValue {
    let path = op["path"]?.stringValue ?? ""
    switch op["op"]?.stringValue ?? "" {
    case "get":
        let options = GetOptions(
            content: op["content"]?.boolValue ?? true, type: op["type"]?.stringValue.flatMap(ContentsType.init(rawValue:)),
            format: op["format"]?.stringValue.flatMap(ContentsFormat.init(rawValue:)), hash: op["hash"]?.boolValue ?? false)
        return try store.get(path, options: options).jsonValue()
    case "save":
        return try store.save(SaveRequest(json: op["model"]?.objectValue ?? JSONObject()), at: path).jsonValue()
    case "new":
        return try store.create(op["model"]?.objectValue.map(SaveRequest.init(json:)), at: path).jsonValue()
    case "new_untitled":
        let type = op["type"]?.stringValue.flatMap { $0.isEmpty ? nil : ContentsType(rawValue: $0) ?? .file }
        return try store.newUntitled(in: path, type: type, ext: op["ext"]?.stringValue ?? "").jsonValue()
    case "rename":
        return try store.rename(path, to: op["new_path"]?.stringValue ?? "").jsonValue()
    case "copy":
        return try store.copy(path, to: op["to"]?.stringValue).jsonValue()
    case "delete":
        try store.delete(path)
        return .null
    case "create_checkpoint":
        return try store.createCheckpoint(for: path).jsonValue()
    case "list_checkpoints":
        return .array(try store.listCheckpoints(for: path).map { $0.jsonValue() })
    case "restore_checkpoint":
        try store.restoreCheckpoint(op["id"]?.stringValue ?? "", for: path)
        return .null
    case "delete_checkpoint":
        try store.deleteCheckpoint(op["id"]?.stringValue ?? "", for: path)
        return .null
    case let other:
        throw ContentsError(.invalid, "unknown op \(other)")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let root = arguments.first else {
    FileIO.writeStandardError(Array("usage: ContentsDriver ROOT [--allow-hidden] [--always-delete-dir]\n".utf8))
    exit(2)
}
let configuration = FileContentsStore.Configuration(
    allowHidden: arguments.contains("--allow-hidden"), alwaysDeleteDirectories: arguments.contains("--always-delete-dir"))
let store: FileContentsStore
do { store = try FileContentsStore(root: root, configuration: configuration) } catch {
    FileIO.writeStandardError(Array("\(error)\n".utf8))
    exit(2)
}
let writer = PythonJSONWriter(indent: nil, sortKeys: false)
while let line = readLine() {
    let answer: JSONValue
    do {
        guard let op = try JSONParser.parse(line).objectValue else { throw ContentsError(.invalid, "not an object") }
        answer = .object(JSONObject([("ok", try run(op, store))]))
    } catch let error as ContentsError {
        answer = .object(JSONObject([("error", .object(JSONObject([
            ("code", .string(error.code.rawValue)), ("message", .string(error.message)),
        ])))]))
    } catch {
        answer = .object(JSONObject([("error", .object(JSONObject([("code", "driver"), ("message", .string("\(error)"))])))]))
    }
    try? FileIO.writeStandardOutput(writer.bytes(answer) + [0x0A])
}
