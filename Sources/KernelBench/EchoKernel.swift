// SPDX-License-Identifier: Apache-2.0

import Kernels
import NIOCore
import NotebookFormat
import ZMTP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A kernel that answers at once, for measuring what a *client* costs: `kernel_info_request`
/// and `execute_request` get the messages ipykernel sends for `1+1` (busy, execute_input,
/// execute_result, execute_reply, idle) without running anything. Started by a kernelspec
/// (`quire-kernel-bench echo-kernel -f {connection_file}`), so jupyter_client and Quire can
/// both drive it.
enum EchoKernel {
    static func serve(connectionFile: String) async throws {
        let info = try ConnectionInfo.read(contentsOf: connectionFile)
        let session = try Session(connectionKey: info.key, signatureScheme: info.signatureScheme)
        try await RouterSocket.bind(info.endpoint(.shell)) { shell in
            try await RouterSocket.bind(info.endpoint(.control)) { control in
                try await RouterSocket.bind(info.endpoint(.stdin)) { _ in
                    try await XPublisherSocket.bind(info.endpoint(.iopub)) { iopub in
                        try await RouterSocket.bind(info.endpoint(.heartbeat)) { heartbeat in
                            let kernel = Responder(session: session, iopub: iopub)
                            try await withThrowingTaskGroup(of: Void.self) { group in
                                group.addTask {
                                    for await routed in shell.messages { try await kernel.answer(routed, on: shell) }
                                }
                                group.addTask {
                                    for await routed in control.messages {
                                        try await kernel.answer(routed, on: control)
                                    }
                                }
                                group.addTask {
                                    for await subscription in iopub.messages
                                    where subscription[0].getInteger(at: subscription[0].readerIndex) == UInt8(1) {
                                        kernel.publish(session.message(IOPubWelcome()))
                                    }
                                }
                                group.addTask {
                                    for await ping in heartbeat.messages {
                                        try await heartbeat.send(ping.message, to: ping.identity)
                                    }
                                }
                                try await group.next()
                                group.cancelAll()
                            }
                        }
                    }
                }
            }
        }
    }

    /// Builds and sends the answers.
    struct Responder: Sendable {
        let session: Session
        let iopub: XPublisherSocket

        func publish(_ message: JupyterMessage) {
            let topic = ByteBuffer(string: "kernel.echo.\(message.messageType)")
            if let frames = ZMTPMessage(frames: session.encode(message, identities: [topic])) { iopub.send(frames) }
        }

        func answer(_ routed: ZMTPRoutedMessage, on socket: RouterSocket) async throws {
            guard let request = session.decodeVerified(frames: routed.message.frames) else { return }
            func reply(_ content: some TypedMessageContent) async throws {
                if let frames = ZMTPMessage(frames: session.encode(session.message(content, parent: request.header))) {
                    try await socket.send(frames, to: routed.identity)
                }
            }
            func status(_ state: ExecutionState) {
                publish(session.message(Status(executionState: state), parent: request.header))
            }
            status(.busy)
            switch request.content {
            case .kernelInfoRequest:
                let language = JSONObject([
                    ("name", .string("python")), ("version", .string("3")), ("mimetype", .string("text/x-python")),
                ])
                try await reply(
                    KernelInfoReply(
                        implementation: "quire-echo",
                        implementationVersion: "1",
                        languageInfo: language,
                        banner: "echo"
                    )
                )
            case .executeRequest(let execute):
                publish(session.message(ExecuteInput(code: execute.code, executionCount: 1), parent: request.header))
                let data = JSONObject([("text/plain", .string("2"))])
                publish(session.message(ExecuteResult(executionCount: 1, data: data), parent: request.header))
                try await reply(ExecuteReply(executionCount: 1))
            case .shutdownRequest(let shutdown):
                try await reply(ShutdownReply(restart: shutdown.restart))
                status(.idle)
                exit(0)
            case .interruptRequest:
                try await reply(InterruptReply())
            default:
                break
            }
            status(.idle)
        }
    }
}
