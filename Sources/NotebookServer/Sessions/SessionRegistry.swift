// SPDX-License-Identifier: Apache-2.0

import Kernels
import NotebookFormat

/// jupyter_server's SessionManager, in memory: sessions tie a notebook (or console) path to a
/// kernel. A session whose kernel is gone is dropped when next listed, as upstream does.
actor SessionRegistry {
    /// One session.
    struct Record: Sendable {
        var id: String
        var path: String
        var name: String
        var type: String
        var kernelID: String
    }

    private let kernels: KernelRegistry
    private let root: String
    private let startTimeout: Duration
    private var records: [Record] = []

    /// Sessions whose kernels live in `kernels`, started in directories under `root`.
    init(kernels: KernelRegistry, root: String, startTimeout: Duration) {
        self.kernels = kernels
        self.root = root
        self.startTimeout = startTimeout
    }

    /// The kernel's working directory for a session path: the root plus the path's directory.
    nonisolated func directory(forPath path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        return parts.isEmpty ? root : root + "/" + parts.joined(separator: "/")
    }

    /// Creates a session (starting or reusing a kernel), or returns the one already at `path`.
    func create(path: String, name: String?, type: String, kernelName: String?, kernelID: String?) async throws(NotebookServerError) -> JSONValue {
        await prune()
        if let existing = records.first(where: { $0.path == path }) { return await model(existing) }
        let kernel: ServerKernel
        if let kernelID, !kernelID.isEmpty {
            kernel = try await kernels.existing(id: kernelID)
        } else {
            kernel = try await kernels.start(name: kernelName, directory: directory(forPath: path), sessionName: root + "/" + path)
        }
        let record = Record(id: MessageID.uuid(), path: path, name: name ?? "", type: type, kernelID: kernel.id)
        records.append(record)
        return await model(record)
    }

    /// Every session's model.
    func list() async -> [JSONValue] {
        await prune()
        var models: [JSONValue] = []
        for record in records { models.append(await model(record)) }
        return models
    }

    /// One session's model.
    func get(id: String) async throws(NotebookServerError) -> JSONValue {
        await prune()
        return await model(try record(id))
    }

    /// Applies a PATCH: new path, name or type, or another kernel (by id, or a new one by name);
    /// the old kernel is shut down when the kernel changed.
    func update(id: String, path: String?, name: String?, type: String?, kernelID: String?, kernelName: String?) async throws(NotebookServerError) -> JSONValue {
        var current = try record(id)
        let before = current.kernelID
        if let path { current.path = path }
        if let name { current.name = name }
        if let type { current.type = type }
        if let kernelID {
            guard await kernels.kernel(id: kernelID) != nil else { throw NotebookServerError(.badRequest, "No such kernel: \(kernelID)") }
            current.kernelID = kernelID
        } else if let kernelName {
            do {
                let kernel = try await kernels.start(name: kernelName, directory: directory(forPath: current.path), sessionName: root + "/" + current.path)
                current.kernelID = kernel.id
            } catch where error.code == .kernelUnavailable {
                throw NotebookServerError(
                    .kernelUnavailable,
                    "The '\(kernelName)' kernel could not be started: 'No such kernel named \(kernelName)'",
                    extra: [("short_message", "Error starting kernel \(kernelName)")]
                )
            }
        }
        if let index = records.firstIndex(where: { $0.id == id }) { records[index] = current }
        if current.kernelID != before { try? await kernels.shutdown(id: before) }
        return await model(current)
    }

    /// Deletes a session and shuts its kernel down (JupyterLab's "Shut Down Kernel").
    func delete(id: String) async throws(NotebookServerError) {
        let record = try record(id)
        records.removeAll { $0.id == id }
        if !records.contains(where: { $0.kernelID == record.kernelID }) {
            try? await kernels.shutdown(id: record.kernelID)
        }
    }

    private func record(_ id: String) throws(NotebookServerError) -> Record {
        guard let record = records.first(where: { $0.id == id }) else {
            throw NotebookServerError(.notFound, "Session not found: session_id='\(id)'")
        }
        return record
    }

    /// Drops sessions whose kernel was shut down through `/api/kernels`.
    private func prune() async {
        var kept: [Record] = []
        for record in records where await kernels.kernel(id: record.kernelID) != nil { kept.append(record) }
        records = kept
    }

    /// The session model jupyter_server serves.
    private func model(_ record: Record) async -> JSONValue {
        let kernel = await kernels.kernel(id: record.kernelID)?.model() ?? .null
        return .object(
            JSONObject([
                ("id", .string(record.id)), ("path", .string(record.path)), ("name", .string(record.name)),
                ("type", .string(record.type)), ("kernel", kernel),
                ("notebook", .object(JSONObject([("path", .string(record.path)), ("name", .string(record.name))]))),
            ])
        )
    }
}
