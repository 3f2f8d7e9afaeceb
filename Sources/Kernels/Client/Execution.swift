// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// What an `execute_request` caused on IOPub, as it arrives (messaging spec, "IOPub").
public enum ExecutionEvent: Sendable, Equatable {
    /// The code being run and its execution count.
    case executeInput(ExecuteInput)
    /// Text on stdout or stderr.
    case stream(Stream)
    /// A rich output.
    case displayData(DisplayData)
    /// A replacement for an earlier display with the same `display_id`.
    case updateDisplayData(UpdateDisplayData)
    /// The value of the last expression.
    case executeResult(ExecuteResult)
    /// An exception (the reply's status is `error` too).
    case error(ErrorOutput)
    /// Clear the outputs so far (now, or with `wait` at the next output).
    case clearOutput(ClearOutput)
    /// Anything else the request caused on IOPub (comm messages, debug events, unknown types).
    case other(JupyterMessage)

    /// The event for an IOPub message, or nil for `status` and `iopub_welcome`.
    init?(_ message: JupyterMessage) {
        switch message.content {
        case .executeInput(let content): self = .executeInput(content)
        case .stream(let content): self = .stream(content)
        case .displayData(let content): self = .displayData(content)
        case .updateDisplayData(let content): self = .updateDisplayData(content)
        case .executeResult(let content): self = .executeResult(content)
        case .error(let content): self = .error(content)
        case .clearOutput(let content): self = .clearOutput(content)
        case .status, .iopubWelcome: return nil
        default: self = .other(message)
        }
    }
}

/// How code is run: the `execute_request` fields and a timeout.
public struct ExecuteOptions: Sendable, Equatable {
    /// Run without broadcasting output or counting the execution.
    public var silent: Bool
    /// Record the code in the kernel's history.
    public var storeHistory: Bool
    /// Expressions to evaluate after the code, by name.
    public var userExpressions: JSONObject
    /// Abort requests queued behind this one if it fails.
    public var stopOnError: Bool
    /// How long to wait for the reply and the final `idle` status; nil waits as long as it takes.
    /// On timeout the code keeps running in the kernel (``Kernel/interrupt()`` stops it).
    public var timeout: Duration?
    /// After the reply, stop waiting for the final `idle` status once IOPub has been silent this
    /// long (nil waits for `idle` however long it takes).
    public var idleTimeoutAfterReply: Duration?

    /// Options with jupyter_client's defaults (and no timeout).
    public init(
        silent: Bool = false,
        storeHistory: Bool = true,
        userExpressions: JSONObject = JSONObject(),
        stopOnError: Bool = true,
        timeout: Duration? = nil,
        idleTimeoutAfterReply: Duration? = nil
    ) {
        self.idleTimeoutAfterReply = idleTimeoutAfterReply
        self.silent = silent
        self.storeHistory = storeHistory
        self.userExpressions = userExpressions
        self.stopOnError = stopOnError
        self.timeout = timeout
    }
}

/// How an execution ended: the `execute_reply`, and the outputs when no handler took them.
public struct ExecutionResult: Sendable, Equatable {
    /// The kernel's reply: status, execution count, error details.
    public var reply: ExecuteReply
    /// The IOPub events in order, when ``Kernel/execute(_:options:onEvent:input:)`` was called
    /// without `onEvent` (else empty: the handler saw them).
    public var outputs: [ExecutionEvent]

    /// A result.
    public init(reply: ExecuteReply, outputs: [ExecutionEvent]) {
        self.reply = reply
        self.outputs = outputs
    }

    /// `ok`, `error` or `aborted`.
    public var status: ReplyStatus { reply.status }
    /// The execution count the kernel gave the code.
    public var executionCount: Int? { reply.executionCount }
    /// All `stdout` stream text, joined.
    public var stdout: String { streamText("stdout") }
    /// All `stderr` stream text, joined.
    public var stderr: String { streamText("stderr") }
    /// The `text/plain` of the `execute_result`, if there was one.
    public var resultText: String? {
        for case .executeResult(let result) in outputs {
            if let text = result.data["text/plain"] {
                return text.stringValue ?? text.arrayValue?.compactMap(\.stringValue).joined()
            }
        }
        return nil
    }
    /// The `error` output, if there was one.
    public var error: ErrorOutput? {
        for case .error(let error) in outputs { return error }
        return nil
    }

    private func streamText(_ name: String) -> String {
        outputs.reduce(into: "") { text, event in
            if case .stream(let stream) = event, stream.name == name { text += stream.text }
        }
    }
}

/// Answers the kernel's `input_request`s (`input()`, `getpass()`): gets the prompt, returns the line.
public typealias InputHandler = @Sendable (InputRequest) async throws -> String

/// Receives an execution's IOPub events as they arrive.
public typealias ExecutionEventHandler = @Sendable (ExecutionEvent) async throws -> Void
