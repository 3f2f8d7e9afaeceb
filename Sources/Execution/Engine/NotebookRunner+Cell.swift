// SPDX-License-Identifier: Apache-2.0

import Kernels
import NotebookFormat
import Synchronization

/// How one cell's execution ended.
private enum CellEnd: Sendable {
    /// The kernel replied (and went idle, or stayed silent past the idle timeout).
    case replied(JupyterMessage)
    /// The execution timeout passed.
    case timedOut
    /// ``NotebookRunner/interrupt()`` was called.
    case interrupted
    /// The kernel died (the message says how, with its last output).
    case died(String)
    /// The kernel did not answer the interrupt within the grace period.
    case gaveUp
}

extension NotebookRunner {
    /// Runs cell `index` with papermill's `cell_start`/`cell_complete` around nbclient's
    /// `execute_cell`; returns the failure that must stop the run, if any.
    func runCell(_ index: Int, of total: Int, in kernel: Kernel) async -> RunFailure? {
        let (cell, description) = state.withLock { state in
            PapermillMetadata.cellStart(&state.cells[index], at: .now())
            return (state.cells[index], PapermillMetadata.description(of: state.cells[index]))
        }
        onEvent(.cellStarted(index: index, total: total, description: description))
        if configuration.saveDuringRun { submitSnapshot() }
        let started = ContinuousClock.now
        var failure: RunFailure?
        if Self.shouldExecute(cell) {
            failure = await execute(cell, at: index, in: kernel)
        }
        let status = state.withLock { state in
            if failure != nil { PapermillMetadata.cellFailed(&state.cells[index], notebook: &state.metadata) }
            PapermillMetadata.cellComplete(&state.cells[index], at: .now())
            return state.cells[index].metadata["papermill"]?.objectValue?["status"]?.stringValue ?? ""
        }
        onEvent(.cellFinished(index: index, total: total, status: status, seconds: started.duration(to: .now).seconds))
        if configuration.saveDuringRun { submitSnapshot() }
        return failure
    }

    /// nbclient's skip rule: only code cells with non-blank source and no `skip-execution` tag run.
    static func shouldExecute(_ cell: Cell) -> Bool {
        cell.cellType == "code" && !cell.source.allSatisfy(\.isPythonWhitespace) && !cell.tags.contains("skip-execution")
    }

    /// Sends the cell, collects its outputs, and watches for a timeout, an interrupt or death.
    private func execute(_ cell: Cell, at index: Int, in kernel: Kernel) async -> RunFailure? {
        let allowsErrors = configuration.allowErrors || cell.tags.contains("raises-exception")
        state.withLock { state in
            if configuration.recordTiming { state.cells[index].withMetadata { $0["execution"] = .object(JSONObject()) } }
            state.cells[index].json["outputs"] = .array([])
            state.collector.startCell()
        }
        let (interrupts, wake) = AsyncStream.makeStream(of: Void.self)
        let alreadyInterrupted = control.withLock { control in
            control.cellInterrupt = wake
            return control.interruptRequested
        }
        defer { control.withLock { $0.cellInterrupt = nil } }
        if alreadyInterrupted { wake.yield() }
        let options = ExecuteOptions(stopOnError: !allowsErrors, idleTimeoutAfterReply: configuration.idleTimeout)
        let end = await watch(
            kernel: kernel,
            interrupts: interrupts,
            execution: { @Sendable in
                try await kernel.executeMessages(cell.source, options: options) { channel, message in
                    self.receive(message, on: channel, cell: index)
                }
            }
        )
        return conclude(end, cell: index, allowsErrors: allowsErrors)
    }

    /// Runs `execution` against the timeout and interrupts; on either, interrupts the kernel
    /// and waits up to the grace period for the reply.
    private func watch(
        kernel: Kernel,
        interrupts: AsyncStream<Void>,
        execution: @escaping @Sendable () async throws -> JupyterMessage
    ) async -> (first: CellEnd, reply: JupyterMessage?) {
        let timeout = configuration.executionTimeout
        let grace = configuration.interruptGrace
        return await withTaskGroup(of: CellEnd?.self) { group in
            group.addTask {
                do { return .replied(try await execution()) } catch let error as KernelsError where error.code == .kernelDied {
                    return .died(error.message)
                } catch {
                    return .died("\(error)")
                }
            }
            if let timeout {
                group.addTask {
                    do { try await Task.sleep(for: timeout) } catch { return nil }
                    return .timedOut
                }
            }
            group.addTask {
                for await _ in interrupts { return .interrupted }
                return nil
            }
            var first: CellEnd?
            while let next = await group.next() {
                guard let end = next else { continue }
                switch end {
                case .replied, .died:
                    group.cancelAll()
                    return (first ?? end, end.reply)
                case .timedOut, .interrupted:
                    guard first == nil else { continue }
                    first = end
                    try? await kernel.interrupt()
                    group.addTask {
                        do { try await Task.sleep(for: grace) } catch { return nil }
                        return .gaveUp
                    }
                case .gaveUp:
                    group.cancelAll()
                    return (first ?? end, nil)
                }
            }
            return (first ?? .gaveUp, nil)
        }
    }

    /// Applies one message of the running cell.
    private func receive(_ message: JupyterMessage, on channel: Channel, cell index: Int) {
        let (output, save) = state.withLock { state -> (Output?, Bool) in
            if channel == .shell {
                if configuration.recordTiming { state.collector.recordReply(message, in: &state.cells[index]) }
                return (nil, false)
            }
            let output = state.collector.apply(message, cell: index, in: &state.cells)
            let due = configuration.autosaveInterval.map { state.lastSave.duration(to: .now) >= $0 } ?? false
            return (output, due)
        }
        if let output { onEvent(.output(index: index, output)) }
        if save && configuration.saveDuringRun { submitSnapshot() }
    }

    /// Turns how the cell ended into a failure (or none), recording what happened in the cell.
    private func conclude(_ end: (first: CellEnd, reply: JupyterMessage?), cell index: Int, allowsErrors: Bool)
        -> RunFailure?
    {
        let reason: RunFailureReason
        let detail: String
        switch end.first {
        case .replied(let reply):
            let content = reply.content.json
            guard content["status"]?.stringValue == "error", !allowsErrors else { return nil }
            return state.withLock { state in
                RunFailure(
                    reason: .cellError, cellIndex: index, executionCount: state.cells[index].executionCount,
                    errorName: content["ename"]?.stringValue ?? "", errorValue: content["evalue"]?.stringValue ?? "",
                    traceback: content["traceback"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
        case .timedOut:
            reason = .timeout
            detail = "the cell did not finish within \(describe(configuration.executionTimeout)) and was interrupted"
        case .interrupted:
            reason = .interrupted
            detail = "the run was interrupted while this cell ran"
        case .died(let message):
            reason = .kernelDied
            detail = message
        case .gaveUp:
            reason = .interrupted
            detail = "the kernel did not answer"
        }
        let names: [RunFailureReason: String] = [
            .timeout: "CellTimeoutError", .kernelDied: "DeadKernelError", .interrupted: "KeyboardInterrupt",
        ]
        let name = names[reason] ?? "CellExecutionError"
        return state.withLock { state in
            var cell = state.cells[index]
            cell.withMetadata("quire") { $0["failure"] = .string(reason.rawValue); $0["detail"] = .string(detail) }
            if !cell.outputs.contains(where: { $0.outputType == "error" }) {
                let error = JSONObject([
                    ("output_type", "error"), ("ename", .string(name)), ("evalue", .string(detail)),
                    ("traceback", [.string("\(name): \(detail)")]),
                ])
                cell.withOutputs { $0.append(.object(error)) }
            }
            state.cells[index] = cell
            let output = cell.outputs.last { $0.outputType == "error" }
            return RunFailure(
                reason: reason, cellIndex: index, executionCount: cell.executionCount,
                errorName: output?.errorName ?? name, errorValue: output?.errorValue ?? detail,
                traceback: output?.traceback ?? [])
        }
    }
}

extension CellEnd {
    /// The reply, for an execution that got one.
    fileprivate var reply: JupyterMessage? {
        if case .replied(let message) = self { return message }
        return nil
    }
}

extension Character {
    /// Whitespace as Python's `str.strip()` sees it (for nbclient's "blank source" test).
    fileprivate var isPythonWhitespace: Bool { isWhitespace }
}

/// "5 s" for a duration, "no limit" for nil.
private func describe(_ duration: Duration?) -> String {
    guard let duration else { return "no limit" }
    let seconds = duration.seconds
    return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
}
