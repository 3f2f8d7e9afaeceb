// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// The content of a Jupyter message: one case per `msg_type` Quire understands, and `.unknown`
/// for everything else, kept exactly as received so it can be relayed unchanged.
///
/// The message type is derived from the case (``messageType``); a ``JupyterMessage``'s header
/// follows it, so the two cannot disagree.
public enum MessageContent: Sendable, Equatable {
    /// `kernel_info_request`.
    case kernelInfoRequest(KernelInfoRequest)
    /// `kernel_info_reply`.
    case kernelInfoReply(KernelInfoReply)
    /// `execute_request`.
    case executeRequest(ExecuteRequest)
    /// `execute_reply`.
    case executeReply(ExecuteReply)
    /// `inspect_request`.
    case inspectRequest(InspectRequest)
    /// `inspect_reply`.
    case inspectReply(InspectReply)
    /// `complete_request`.
    case completeRequest(CompleteRequest)
    /// `complete_reply`.
    case completeReply(CompleteReply)
    /// `history_request`.
    case historyRequest(HistoryRequest)
    /// `history_reply`.
    case historyReply(HistoryReply)
    /// `is_complete_request`.
    case isCompleteRequest(IsCompleteRequest)
    /// `is_complete_reply`.
    case isCompleteReply(IsCompleteReply)
    /// `comm_open`.
    case commOpen(CommOpen)
    /// `comm_msg`.
    case commMessage(CommMessage)
    /// `comm_close`.
    case commClose(CommClose)
    /// `comm_info_request`.
    case commInfoRequest(CommInfoRequest)
    /// `comm_info_reply`.
    case commInfoReply(CommInfoReply)
    /// `input_request`.
    case inputRequest(InputRequest)
    /// `input_reply`.
    case inputReply(InputReply)
    /// `interrupt_request`.
    case interruptRequest(InterruptRequest)
    /// `interrupt_reply`.
    case interruptReply(InterruptReply)
    /// `shutdown_request`.
    case shutdownRequest(ShutdownRequest)
    /// `shutdown_reply`.
    case shutdownReply(ShutdownReply)
    /// `status`.
    case status(Status)
    /// `stream`.
    case stream(Stream)
    /// `display_data`.
    case displayData(DisplayData)
    /// `update_display_data`.
    case updateDisplayData(UpdateDisplayData)
    /// `execute_input`.
    case executeInput(ExecuteInput)
    /// `execute_result`.
    case executeResult(ExecuteResult)
    /// `error`.
    case error(ErrorOutput)
    /// `clear_output`.
    case clearOutput(ClearOutput)
    /// `debug_request`.
    case debugRequest(DebugRequest)
    /// `debug_reply`.
    case debugReply(DebugReply)
    /// `debug_event`.
    case debugEvent(DebugEvent)
    /// `iopub_welcome`.
    case iopubWelcome(IOPubWelcome)
    /// Any other `msg_type`, or a known one whose content does not have the spec's shape; kept as is.
    case unknown(type: String, content: JSONObject)

    /// Every typed content, in the order of the cases.
    public static let knownTypes: [any TypedMessageContent.Type] = [
        KernelInfoRequest.self, KernelInfoReply.self, ExecuteRequest.self, ExecuteReply.self, InspectRequest.self,
        InspectReply.self, CompleteRequest.self, CompleteReply.self, HistoryRequest.self, HistoryReply.self,
        IsCompleteRequest.self, IsCompleteReply.self, CommOpen.self, CommMessage.self, CommClose.self,
        CommInfoRequest.self, CommInfoReply.self, InputRequest.self, InputReply.self, InterruptRequest.self,
        InterruptReply.self, ShutdownRequest.self, ShutdownReply.self, Status.self, Stream.self, DisplayData.self,
        UpdateDisplayData.self, ExecuteInput.self, ExecuteResult.self, ErrorOutput.self, ClearOutput.self,
        DebugRequest.self, DebugReply.self, DebugEvent.self, IOPubWelcome.self,
    ]

    private static let typesByName: [String: any TypedMessageContent.Type] = Dictionary(
        knownTypes.map { ($0.messageType, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// Content of type `type` over a received object, checked against the spec's shape. Throws
    /// `invalidContent` naming the field that is wrong; unknown types never throw.
    public static func decode(type: String, json: JSONObject) throws(KernelsError) -> MessageContent {
        guard let contentType = typesByName[type] else { return .unknown(type: type, content: json) }
        return try contentType.init(json: json).messageContent
    }

    /// Content of type `type` over a received object; content that does not have the spec's
    /// shape becomes `.unknown` with its real type, so nothing a kernel sends is lost.
    public init(type: String, json: JSONObject) {
        do throws(KernelsError) { self = try MessageContent.decode(type: type, json: json) } catch {
            self = .unknown(type: type, content: json)
        }
    }

    /// The typed content, or `nil` for `.unknown`.
    public var typed: (any TypedMessageContent)? {
        switch self {
        case .kernelInfoRequest(let c): c
        case .kernelInfoReply(let c): c
        case .executeRequest(let c): c
        case .executeReply(let c): c
        case .inspectRequest(let c): c
        case .inspectReply(let c): c
        case .completeRequest(let c): c
        case .completeReply(let c): c
        case .historyRequest(let c): c
        case .historyReply(let c): c
        case .isCompleteRequest(let c): c
        case .isCompleteReply(let c): c
        case .commOpen(let c): c
        case .commMessage(let c): c
        case .commClose(let c): c
        case .commInfoRequest(let c): c
        case .commInfoReply(let c): c
        case .inputRequest(let c): c
        case .inputReply(let c): c
        case .interruptRequest(let c): c
        case .interruptReply(let c): c
        case .shutdownRequest(let c): c
        case .shutdownReply(let c): c
        case .status(let c): c
        case .stream(let c): c
        case .displayData(let c): c
        case .updateDisplayData(let c): c
        case .executeInput(let c): c
        case .executeResult(let c): c
        case .error(let c): c
        case .clearOutput(let c): c
        case .debugRequest(let c): c
        case .debugReply(let c): c
        case .debugEvent(let c): c
        case .iopubWelcome(let c): c
        case .unknown: nil
        }
    }

    /// The wire `msg_type`.
    public var messageType: String {
        if case .unknown(let type, _) = self { return type }
        return typed.map { type(of: $0).messageType } ?? ""
    }

    /// The content's JSON object.
    public var json: JSONObject {
        if case .unknown(_, let content) = self { return content }
        return typed?.json ?? JSONObject()
    }

    /// The channel a message of this type travels on by default (messaging spec; kernel_info
    /// is also answered on control, and comms travel on shell one way and iopub the other).
    public var defaultChannel: Channel {
        Self.channel(forMessageType: messageType)
    }

    /// The default channel for a `msg_type`: control for shutdown, interrupt and debug requests and
    /// replies, stdin for input, iopub for the kernel's broadcasts, shell for everything else.
    public static func channel(forMessageType type: String) -> Channel {
        switch type {
        case "shutdown_request", "shutdown_reply", "interrupt_request", "interrupt_reply", "debug_request", "debug_reply":
            .control
        case "input_request", "input_reply":
            .stdin
        case "status", "stream", "display_data", "update_display_data", "execute_input", "execute_result", "error",
            "clear_output", "debug_event", "iopub_welcome":
            .iopub
        default:
            .shell
        }
    }
}
