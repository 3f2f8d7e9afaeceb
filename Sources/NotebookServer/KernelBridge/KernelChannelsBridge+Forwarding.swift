// SPDX-License-Identifier: Apache-2.0

import Contents
import HummingbirdWebSocket
import Kernels
import Logging
import NIOCore
import NotebookFormat
import Synchronization
import ZMTP

extension KernelChannelsBridge {
    /// Sends every verified message of one kernel socket to the session's websocket. IOPub's
    /// `iopub_welcome` is dropped (it is for this server's subscription) and so are the replies
    /// to this server's own nudges; `onMessage` runs for every IOPub message.
    func forward<Messages: AsyncSequence>(
        _ messages: Messages,
        channel: String,
        signer: MessageSigner,
        to session: BridgeSession,
        nudges: NudgeIDs,
        onMessage: @Sendable () -> Void = {}
    ) async throws where Messages.Element == ZMTPMessage {
        for try await frames in messages {
            guard let wire = try? WireMessage(frames: frames.frames) else { continue }
            do { try signer.verify(wire) } catch {
                logger.warning("kernel \(kernel.id): dropped a \(channel) message with a bad signature")
                continue
            }
            if channel == "iopub" {
                onMessage()
                if Self.headerType(wire.header) == "iopub_welcome" { continue }
            } else if !nudges.isEmpty {
                let parent = MessageSummary.object(wire.parentHeader)?["msg_id"]?.stringValue
                if let parent, nudges.contains(parent) { continue }
            }
            let message = ChannelMessage(
                channel: channel,
                parts: [wire.header, wire.parentHeader, wire.metadata, wire.content],
                buffers: wire.buffers
            )
            await session.deliver(message, write: Self.write)
        }
    }

    /// Writes one message in a websocket's protocol.
    @Sendable static func write(
        _ message: ChannelMessage,
        to outbound: WebSocketOutboundWriter,
        wireProtocol: KernelWebSocketProtocol
    ) async throws {
        switch wireProtocol {
        case .v1:
            try await outbound.write(.binary(KernelWebSocketProtocol.encodeV1(message)))
        case .legacy:
            switch KernelWebSocketProtocol.encodeLegacy(message) {
            case .text(let text): try await outbound.write(.text(text))
            case .binary(let frame): try await outbound.write(.binary(frame))
            }
        }
    }

    /// Sends a status message of the server's own on IOPub (`restarting`, `dead`).
    func send(status: String, to outbound: WebSocketOutboundWriter, wireProtocol: KernelWebSocketProtocol) async throws {
        let header = Self.header(type: "status", session: sessionID)
        let content = JSONValue.object(JSONObject([("execution_state", .string(status))]))
        try await Self.write(
            ChannelMessage(channel: "iopub", parts: [header.bytes, Self.emptyObject, Self.emptyObject, Self.json(content)], buffers: []),
            to: outbound,
            wireProtocol: wireProtocol
        )
    }

    /// A `kernel_info_request` of the server's own (a nudge), with its id.
    static func kernelInfoRequest(session: String) -> (id: String, message: ChannelMessage) {
        let header = header(type: "kernel_info_request", session: session)
        return (header.id, ChannelMessage(channel: "shell", parts: [header.bytes, emptyObject, emptyObject, emptyObject], buffers: []))
    }

    /// A message header of the server's own, as jupyter_client's Session writes one.
    static func header(type: String, session: String) -> (id: String, bytes: ByteBuffer) {
        let id = MessageID.uuid()
        let header = JSONValue.object(
            JSONObject([
                ("msg_id", .string(id)), ("msg_type", .string(type)), ("username", .string("quire")),
                ("session", .string(session)), ("date", .string(ServerClock.now().isoformat)), ("version", .string("5.4")),
            ])
        )
        return (id, json(header))
    }

    /// `{}` as bytes.
    static var emptyObject: ByteBuffer { ByteBuffer(string: "{}") }

    /// A JSON value as bytes.
    static func json(_ value: JSONValue) -> ByteBuffer { ByteBuffer(bytes: JSONResponses.writer.bytes(value)) }

    /// `msg_type` of a header frame.
    static func headerType(_ header: ByteBuffer) -> String? {
        MessageSummary.object(header)?["msg_type"]?.stringValue
    }
}
