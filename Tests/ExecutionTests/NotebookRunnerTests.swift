// SPDX-License-Identifier: Apache-2.0

import Execution
import Kernels
import NotebookFormat
import Synchronization
import Testing

/// The engine against a real ipykernel: outputs, counts, metadata, and each way a run can stop.
@Suite(.tags(.realKernel), .serialized)
struct NotebookRunnerTests {
    @Test func collectsOutputsAndPapermillMetadata() async throws {
        let notebook = RunnerSupport.notebook([
            "#md # Title",
            "print('out'); import sys; print('err', file=sys.stderr)\n6 * 7",
            "from IPython.display import display, update_display\nh = display('v1', display_id='d1')",
            "update_display('v2', display_id='d1')\nprint('after')",
            "",
            "#tags: skip-execution\nprint('never')",
        ])
        let (outcome, written) = try await RunnerSupport.run(notebook)
        #expect(outcome.failure == nil)
        #expect(written == outcome.notebook)
        let cells = written.cells
        #expect(cells.count == 6)
        #expect(cells.allSatisfy { $0.papermillStatus == "completed" })
        let first = cells[1].outputs
        #expect(first.map(\.outputType) == ["stream", "stream", "execute_result"])
        #expect(first.map { $0.name } == ["stdout", "stderr", nil])
        #expect(first[2].text(for: "text/plain") == "42")
        #expect(cells[1].executionCount == 1)
        #expect(first[2].json["execution_count"]?.intValue == 1)
        // The display in cell 2 was updated in place by cell 3 (one output, now 'v2').
        #expect(cells[2].outputs.count == 1)
        #expect(cells[2].outputs[0].text(for: "text/plain") == "'v2'")
        #expect(cells[3].streamText == "after\n")
        // Blank and skip-execution cells do not run and keep a null count.
        #expect(cells[4].executionCount == nil)
        #expect(cells[5].executionCount == nil && cells[5].outputs.isEmpty)
        let timing = cells[1].metadata["execution"]?.objectValue
        #expect(timing?.keys.sorted() == ["iopub.execute_input", "iopub.status.busy", "iopub.status.idle", "shell.execute_reply"])
        let papermill = written.metadata["papermill"]?.objectValue
        #expect(papermill?["exception"] == .null)
        #expect(papermill?["duration"]?.isNull == false)
        #expect(written.metadata["language_info"]?.objectValue?["name"]?.stringValue == "python")
    }

    @Test func clearOutputWaitClearsBeforeTheNextOutput() async throws {
        let code = """
            from IPython.display import clear_output
            print('a', flush=True)
            clear_output(wait=True)
            print('b', flush=True)
            clear_output()
            print('c')
            """
        let (_, written) = try await RunnerSupport.run(RunnerSupport.notebook([code]))
        #expect(written.cells[0].streamText == "c\n")
        #expect(written.cells[0].outputs.count == 1)
    }

    @Test func aCellErrorStopsTheRunWithPapermillMarkers() async throws {
        let notebook = RunnerSupport.notebook(["x = 1", "1/0", "print('never')"])
        let (outcome, written) = try await RunnerSupport.run(notebook)
        let failure = try #require(outcome.failure)
        #expect(failure.reason == .cellError)
        #expect(failure.errorName == "ZeroDivisionError")
        #expect(failure.cellIndex == 1 && failure.executionCount == 2)
        #expect(failure.exitStatus == 1)
        let cells = written.cells
        #expect(cells.count == 5)
        #expect(cells[0].tags == ["papermill-error-cell-tag"])
        #expect(cells[0].source.contains("In [2]"))
        #expect(cells[2].tags == ["papermill-error-cell-tag"])
        #expect(cells[3].papermillStatus == "failed")
        #expect(cells[4].papermillStatus == "pending")
        #expect(cells[4].executionCount == nil)
        #expect(written.metadata["papermill"]?.objectValue?["exception"] == .bool(true))
    }

    @Test func allowedErrorsDoNotStopTheRun() async throws {
        let tagged = RunnerSupport.notebook(["#tags: raises-exception\n1/0", "print('ran')"])
        let (outcome, written) = try await RunnerSupport.run(tagged)
        #expect(outcome.failure == nil)
        #expect(written.cells[1].streamText == "ran\n")
        let allowed = RunnerSupport.notebook(["1/0", "print('ran')"])
        let (allowedOutcome, allowedWritten) = try await RunnerSupport.run(allowed, configuration: RunConfiguration(allowErrors: true))
        #expect(allowedOutcome.failure == nil, "allowed errors are not failures")
        #expect(!allowedWritten.cells.contains { $0.tags.contains("papermill-error-cell-tag") })
        #expect(allowedWritten.cells.last?.streamText == "ran\n")
    }

    @Test func systemExitZeroIsACleanEnd() async throws {
        let (outcome, written) = try await RunnerSupport.run(RunnerSupport.notebook(["import sys; sys.exit(0)", "print('never')"]))
        #expect(outcome.failure == nil)
        #expect(!written.cells.contains { $0.tags.contains("papermill-error-cell-tag") })
    }

    @Test func aTimeoutIsRecordedAsATimeoutNotACompletedCell() async throws {
        let notebook = RunnerSupport.notebook(["import time\nprint('start', flush=True)\ntime.sleep(60)", "print('never')"])
        let configuration = RunConfiguration(executionTimeout: .seconds(2))
        let (outcome, written) = try await RunnerSupport.run(notebook, configuration: configuration)
        let failure = try #require(outcome.failure)
        #expect(failure.reason == .timeout)
        #expect(failure.exitStatus == 124)
        let cell = written.cells[2]
        #expect(cell.papermillStatus == "failed")
        #expect(cell.metadata["quire"]?.objectValue?["failure"]?.stringValue == "timeout")
        #expect(cell.streamText == "start\n")
        #expect(cell.outputs.contains { $0.outputType == "error" })
        #expect(written.metadata["quire"]?.objectValue?["failure"]?.objectValue?["reason"]?.stringValue == "timeout")
    }

    @Test func aDeadKernelIsReportedAsSuch() async throws {
        let notebook = RunnerSupport.notebook(["print('before')", "import os; os._exit(3)", "print('never')"])
        let (outcome, written) = try await RunnerSupport.run(notebook)
        let failure = try #require(outcome.failure)
        #expect(failure.reason == .kernelDied)
        #expect(failure.exitStatus == 138)
        #expect(failure.errorName == "DeadKernelError")
        let cell = written.cells[3]
        #expect(cell.papermillStatus == "failed")
        #expect(cell.metadata["quire"]?.objectValue?["failure"]?.stringValue == "kernel_died")
        #expect(written.cells[1].streamText == "before\n")
    }

    @Test func interruptStopsTheRunningCell() async throws {
        let notebook = RunnerSupport.notebook(["import time\nprint('sleeping', flush=True)\ntime.sleep(60)", "print('never')"])
        let started = Mutex(false)
        let (outcome, written) = try await RunnerSupport.run(
            notebook,
            whileRunning: { runner in
                // Interrupt once the cell has printed (a SIGINT before user code starts can be lost).
                while !started.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(20)) }
                runner.interrupt()
            },
            onEvent: { event in
                if case .output(_, let output) = event, output.text == "sleeping\n" { started.withLock { $0 = true } }
            }
        )
        let failure = try #require(outcome.failure)
        #expect(failure.reason == .interrupted)
        #expect(failure.errorName == "KeyboardInterrupt")
        #expect(written.cells.first { $0.id == "c1" }?.papermillStatus == "pending")
    }
}
