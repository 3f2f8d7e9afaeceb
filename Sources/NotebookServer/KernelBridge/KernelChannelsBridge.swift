// SPDX-License-Identifier: Apache-2.0

import HummingbirdWebSocket
import Kernels
import Logging
import NIOCore
import NIOWebSocket
import NotebookFormat
import Synchronization
import ZMTP

/// One kernel websocket, as jupyter_server's ZMQChannelsWebsocketConnection: its own shell,
/// control and stdin DEALERs whose routing identity is the websocket's `session_id` (so the
/// kernel sends the `input_request`s of this client's shell requests to this client's stdin),
/// and its own IOPub SUB (the kernel fans IOPub out to every subscriber). Nothing is forwarded
/// from the client until the SUB is live (the kernel's `iopub_welcome`, or a nudge), so no
/// status of the client's first request is lost.
struct KernelChannelsBridge: Sendable {
    /// The kernel.
    let kernel: ServerKernel
    /// The client's `session_id` (the DEALERs' identity).
    let sessionID: String
    /// The protocol the upgrade selected.
    let wireProtocol: KernelWebSocketProtocol
    /// Logs dropped frames and lost connections.
    let logger: Logger

    /// Serves the websocket until the client or the kernel closes it.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        kernel.connectionsChanged(by: 1)
        defer { kernel.connectionsChanged(by: -1) }
        let outage = kernel.currentOutage()
        guard let info = kernel.kernel.connectionInfo,
            let signer = try? MessageSigner(connectionKey: info.key, scheme: info.signatureScheme)
        else {
            try? await outbound.close(.unexpectedServerError, reason: "the kernel is not running")
            return
        }
        let identity = Array((sessionID.isEmpty ? MessageID.uuid() : sessionID).utf8)
        do {
            try await DealerSocket.connect(to: info.endpoint(.shell), identity: identity) { shell in
                try await DealerSocket.connect(to: info.endpoint(.control), identity: identity) { control in
                    try await DealerSocket.connect(to: info.endpoint(.stdin), identity: identity) { stdin in
                        try await SubscriberSocket.connect(to: info.endpoint(.iopub), subscriptions: [[]]) { iopub in
                            let sockets = Sockets(shell: shell, control: control, stdin: stdin, signer: signer)
                            try await serve(sockets, iopub: iopub, inbound: inbound, outbound: outbound)
                        }
                    }
                }
            }
        } catch {
            logger.debug("kernel \(kernel.id) websocket ended: \(error)")
        }
        if !kernel.isShutDown, !Task.isCancelled, await outage.wait(timeout: .seconds(5)) {
            // The kernel's process stopped under the client (it died, or was restarted): say so
            // before closing, as jupyter_server's restarter does, so the page shows it and
            // reconnects. The model already shows the same state.
            let state = kernel.tracking.withLock { $0.executionState }
            if state == "restarting" || state == "dead" { try? await send(status: state, to: outbound) }
        }
        try? await outbound.close(.normalClosure, reason: nil)
    }

    /// The kernel-side sockets the client's messages go to.
    struct Sockets: Sendable {
        var shell: DealerSocket
        var control: DealerSocket
        var stdin: DealerSocket
        var signer: MessageSigner

        /// Signs and sends a client message on its channel; other channels are dropped.
        func send(_ message: ChannelMessage) async throws {
            let socket: DealerSocket
            switch message.channel {
            case "shell": socket = shell
            case "control": socket = control
            case "stdin": socket = stdin
            default: return
            }
            let signature = ByteBuffer(string: signer.signature(for: message.parts))
            let frames = [ByteBuffer(bytes: WireMessage.delimiter), signature] + message.parts + message.buffers
            guard let zmtp = ZMTPMessage(frames: frames) else { return }
            try await socket.send(zmtp)
        }
    }

    /// Forwards both ways until one side ends.
    private func serve(
        _ sockets: Sockets,
        iopub: SubscriberSocket,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter
    ) async throws {
        let iopubLive = Latch()
        let nudges = NudgeIDs()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await forward(iopub.messages, channel: "iopub", signer: sockets.signer, to: outbound, nudges: nudges) {
                    iopubLive.open()
                }
            }
            group.addTask { try await forward(sockets.shell.messages, channel: "shell", signer: sockets.signer, to: outbound, nudges: nudges) }
            group.addTask { try await forward(sockets.control.messages, channel: "control", signer: sockets.signer, to: outbound, nudges: nudges) }
            group.addTask { try await forward(sockets.stdin.messages, channel: "stdin", signer: sockets.signer, to: outbound, nudges: nudges) }
            group.addTask {
                try await nudge(sockets, until: iopubLive, nudges: nudges)
                try await receive(inbound, into: sockets, outbound: outbound)
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Waits until IOPub has delivered a message (ipykernel's `iopub_welcome` to the new
    /// subscriber); kernels that send no welcome are nudged with `kernel_info_request`s on
    /// shell every half second, whose replies are not forwarded (as jupyter_server's nudge).
    private func nudge(_ sockets: Sockets, until live: Latch, nudges: NudgeIDs) async throws {
        if await live.wait(timeout: .milliseconds(500)) { return }
        for _ in 0..<120 {
            let request = Self.kernelInfoRequest(session: sessionID)
            nudges.insert(request.id)
            try await sockets.send(request.message)
            if await live.wait(timeout: .milliseconds(500)) { return }
        }
        throw KernelWebSocketProtocol.FramingError(description: "the kernel's IOPub channel never delivered a message")
    }

    /// Reads client frames and sends them to the kernel; malformed frames are logged and dropped.
    private func receive(_ inbound: WebSocketInboundStream, into sockets: Sockets, outbound: WebSocketOutboundWriter) async throws {
        for try await message in inbound.messages(maxSize: 512 * 1024 * 1024) {
            let decoded: ChannelMessage
            do {
                switch message {
                case .binary(let frame):
                    decoded =
                        wireProtocol == .v1
                        ? try KernelWebSocketProtocol.decodeV1(frame) : try KernelWebSocketProtocol.decodeLegacy(binary: frame)
                case .text(let text):
                    decoded = try KernelWebSocketProtocol.decodeLegacy(text: text)
                }
            } catch {
                logger.warning("kernel \(kernel.id): dropped a websocket frame: \(error)")
                continue
            }
            try await sockets.send(decoded)
        }
    }
}
