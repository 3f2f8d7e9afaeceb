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

    /// Serves the websocket until the client or the kernel closes it. A client that goes away
    /// leaves its sockets buffering (``BridgeSession``) for a reconnect with the same
    /// `session_id`, which then receives what it missed and carries on with the same sockets.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        if !sessionID.isEmpty, let parked = kernel.claimParked(sessionID) {
            let done = Latch()
            let attachment = BridgeSession.Attachment(inbound: inbound, outbound: outbound, wireProtocol: wireProtocol, done: done)
            if parked.offer(attachment) {
                await done.wait()
                return
            }
        }
        kernel.connectionsChanged(by: 1)
        let outage = kernel.currentOutage()
        let session = BridgeSession(outbound: outbound, wireProtocol: wireProtocol)
        defer {
            if session.current != nil { kernel.connectionsChanged(by: -1) }
            session.end()
            kernel.unpark(session)
        }
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
                            try await serve(sockets, iopub: iopub, inbound: inbound, session: session)
                        }
                    }
                }
            }
        } catch {
            logger.debug("kernel \(kernel.id) websocket ended: \(error)")
        }
        guard let (outbound, wireProtocol) = session.current else { return }
        if !kernel.isShutDown, !Task.isCancelled, await outage.wait(timeout: .seconds(5)) {
            // The kernel's process stopped under the client (it died, or was restarted): say so
            // before closing, as jupyter_server's restarter does, so the page shows it and
            // reconnects. The model already shows the same state.
            let state = kernel.tracking.withLock { $0.executionState }
            if state == "restarting" || state == "dead" { try? await send(status: state, to: outbound, wireProtocol: wireProtocol) }
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

    /// Forwards both ways until the kernel's side ends, or the client's side ends and no client
    /// comes back for the session.
    private func serve(
        _ sockets: Sockets,
        iopub: SubscriberSocket,
        inbound: WebSocketInboundStream,
        session: BridgeSession
    ) async throws {
        let iopubLive = Latch()
        let nudges = NudgeIDs()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await forward(iopub.messages, channel: "iopub", signer: sockets.signer, to: session, nudges: nudges) {
                    iopubLive.open()
                }
            }
            group.addTask { try await forward(sockets.shell.messages, channel: "shell", signer: sockets.signer, to: session, nudges: nudges) }
            group.addTask { try await forward(sockets.control.messages, channel: "control", signer: sockets.signer, to: session, nudges: nudges) }
            group.addTask { try await forward(sockets.stdin.messages, channel: "stdin", signer: sockets.signer, to: session, nudges: nudges) }
            group.addTask {
                try await nudge(sockets, until: iopubLive, nudges: nudges)
                try await receiveAll(from: inbound, into: sockets, session: session)
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Reads the client's frames; when the client goes away, parks the session on the kernel
    /// and serves the next websocket that claims it, until none comes (the session ended:
    /// another session connected, the buffer overflowed, the kernel went away).
    private func receiveAll(from first: WebSocketInboundStream, into sockets: Sockets, session: BridgeSession) async throws {
        var inbound = first
        var wireProtocol = self.wireProtocol
        var served: Latch?
        defer { served?.open() }
        while true {
            try await receive(inbound, wireProtocol: wireProtocol, into: sockets)
            guard !sessionID.isEmpty, !kernel.isShutDown, !Task.isCancelled else { return }
            if session.current != nil {
                session.detach()
                kernel.connectionsChanged(by: -1)
            }
            served?.open()
            served = nil
            kernel.park(session, for: sessionID)
            guard let next = await session.nextAttachment() else { return }
            served = next.done
            inbound = next.inbound
            wireProtocol = next.wireProtocol
            if await session.resume(with: next, write: Self.write) {
                kernel.connectionsChanged(by: 1)
                logger.debug("kernel \(kernel.id): session \(sessionID) reconnected")
            }
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

    /// Reads client frames and sends them to the kernel until the client closes or goes away;
    /// malformed frames are logged and dropped. Throws only when the kernel side fails.
    private func receive(
        _ inbound: WebSocketInboundStream,
        wireProtocol: KernelWebSocketProtocol,
        into sockets: Sockets
    ) async throws {
        var frames = inbound.messages(maxSize: 512 * 1024 * 1024).makeAsyncIterator()
        while true {
            let message: WebSocketMessage?
            do { message = try await frames.next() } catch { return }
            guard let message else { return }
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
