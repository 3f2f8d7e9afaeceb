// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NotebookFormat
import ZMTP

@testable import Kernels

/// A kernel inside the test process, on ZMTP ROUTER/XPUB sockets bound to free ports: it
/// answers like ipykernel by default, and a test's script can take over any request to
/// produce what a real kernel will not on demand (bad signatures, garbage frames, replies out
/// of order, silence, death).
final class FakeKernel: Sendable {
    /// Handles a request; returns true if it did, false to leave it to the default behaviour.
    typealias Script = @Sendable (Request) async throws -> Bool

    /// One request as the kernel received it, with ways to answer it.
    struct Request: Sendable {
        let kernel: FakeKernel
        let message: JupyterMessage
        let identity: ByteBuffer
        let channel: Kernels.Channel

        /// Sends a reply on the request's channel.
        func reply(_ content: some ReplyContent) async throws {
            try await kernel.send(kernel.session.message(content, parent: message.header), on: channel, to: identity)
        }

        /// Publishes a message on IOPub as caused by this request.
        func publish(_ content: some TypedMessageContent) {
            kernel.publish(kernel.session.message(content, parent: message.header))
        }

        /// Asks the client for input on stdin and waits for the answer.
        func input(prompt: String) async throws -> String {
            try await kernel.send(
                kernel.session.message(InputRequest(prompt: prompt), parent: message.header),
                on: .stdin,
                to: identity
            )
            return await kernel.inputs.next() ?? ""
        }
    }

    /// The kernel side's session (signs with the connection key).
    let session: Session
    private let process: FakeProcess
    private let script: Script?
    private let sockets = Locked<
        (shell: RouterSocket, control: RouterSocket, stdin: RouterSocket, iopub: XPublisherSocket)?
    >(nil)
    /// The next `input_reply` value.
    let inputs = ZMTPInboundQueue<String>(capacity: 16)
    /// Execution counter.
    let executionCount = Locked(0)

    init(key: String, process: FakeProcess, script: Script?) throws {
        session = try Session(connectionKey: key, id: "fake-kernel")
        self.process = process
        self.script = script
    }

    /// Binds the five sockets, reports where they are, and serves until the process ends.
    func serve(ready: @Sendable (ConnectionInfo) -> Void) async throws {
        let any = ZMTPEndpoint.tcp(host: "127.0.0.1", port: 0)
        try await RouterSocket.bind(any) { shell in
            try await RouterSocket.bind(any) { control in
                try await RouterSocket.bind(any) { stdin in
                    try await XPublisherSocket.bind(any) { iopub in
                        try await RouterSocket.bind(any) { heartbeat in
                            sockets.withLock { $0 = (shell, control, stdin, iopub) }
                            ready(
                                ConnectionInfo(
                                    ports: (
                                        shell.boundPort ?? 0, iopub.boundPort ?? 0, stdin.boundPort ?? 0,
                                        control.boundPort ?? 0, heartbeat.boundPort ?? 0
                                    ),
                                    key: process.key,
                                    kernelName: "fake"
                                )
                            )
                            try await withThrowingTaskGroup(of: Void.self) { group in
                                group.addTask {
                                    for await routed in shell.messages { try await self.handle(routed, on: .shell) }
                                }
                                group.addTask {
                                    for await routed in control.messages { try await self.handle(routed, on: .control) }
                                }
                                group.addTask {
                                    for await routed in stdin.messages {
                                        if let message = self.session.decodeVerified(frames: routed.message.frames),
                                            case .inputReply(let reply) = message.content
                                        {
                                            try await self.inputs.push(reply.value)
                                        }
                                    }
                                }
                                group.addTask {
                                    for await subscription in iopub.messages
                                    where subscription[0].getInteger(at: subscription[0].readerIndex) == UInt8(1) {
                                        self.publish(self.session.message(IOPubWelcome()))
                                    }
                                }
                                group.addTask {
                                    for await ping in heartbeat.messages {
                                        try await heartbeat.send(ping.message, to: ping.identity)
                                    }
                                }
                                group.addTask { _ = await self.process.waitForExit() }
                                try await group.next()
                                group.cancelAll()
                            }
                        }
                    }
                }
            }
        }
    }

    /// Sends a message on shell, control or stdin to the client with `identity`.
    func send(_ message: JupyterMessage, on channel: Kernels.Channel, to identity: ByteBuffer) async throws {
        try await sendRaw(session.encode(message), on: channel, to: identity)
    }

    /// Sends frames as they are (for garbage and forged messages).
    func sendRaw(_ frames: [ByteBuffer], on channel: Kernels.Channel, to identity: ByteBuffer) async throws {
        guard let sockets = sockets.value, let message = ZMTPMessage(frames: frames) else { return }
        switch channel {
        case .control: try await sockets.control.send(message, to: identity)
        case .stdin: try await sockets.stdin.send(message, to: identity)
        default: try await sockets.shell.send(message, to: identity)
        }
    }

    /// Publishes a message on IOPub with a `kernel.fake.<type>` topic.
    func publish(_ message: JupyterMessage) {
        publishRaw(session.encode(message, identities: [ByteBuffer(string: "kernel.fake.\(message.messageType)")]))
    }

    /// Publishes frames as they are.
    func publishRaw(_ frames: [ByteBuffer]) {
        guard let message = ZMTPMessage(frames: frames) else { return }
        sockets.value?.iopub.send(message)
    }

    private func handle(_ routed: ZMTPRoutedMessage, on channel: Kernels.Channel) async throws {
        guard let message = session.decodeVerified(frames: routed.message.frames) else { return }
        let request = Request(kernel: self, message: message, identity: routed.identity, channel: channel)
        if let script, try await script(request) { return }
        try await answer(request)
    }

    /// What ipykernel would do, briefly.
    func answer(_ request: Request) async throws {
        request.publish(Status(executionState: .busy))
        defer { request.publish(Status(executionState: .idle)) }
        switch request.message.content {
        case .kernelInfoRequest:
            try await request.reply(
                KernelInfoReply(
                    implementation: "fake",
                    implementationVersion: "1",
                    languageInfo: JSONObject([("name", .string("fake"))]),
                    banner: "Fake"
                )
            )
        case .executeRequest(let execute):
            let count = executionCount.withLock { count in
                count += 1
                return count
            }
            request.publish(ExecuteInput(code: execute.code, executionCount: count))
            request.publish(Stream(name: "stdout", text: "ran: \(execute.code)\n"))
            try await request.reply(ExecuteReply(executionCount: count))
        case .completeRequest(let complete):
            try await request.reply(
                CompleteReply(matches: ["fake_match"], cursorStart: 0, cursorEnd: complete.cursorPosition)
            )
        case .isCompleteRequest:
            try await request.reply(IsCompleteReply(status: "complete"))
        case .interruptRequest:
            process.interrupts.withLock { $0 += 1 }
            try await request.reply(InterruptReply())
        case .shutdownRequest(let shutdown):
            try await request.reply(ShutdownReply(restart: shutdown.restart))
            process.end(.exited(status: 0))
        default:
            break
        }
    }
}
