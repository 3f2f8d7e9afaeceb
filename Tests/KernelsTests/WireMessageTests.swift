// SPDX-License-Identifier: Apache-2.0

import Kernels
import Logging
import NIOCore
import NotebookFormat
import Synchronization
import Testing

struct WireMessageTests {
    let session: Session

    init() throws {
        session = Session(signer: try MessageSigner(connectionKey: "secret"), id: "s", username: "u")
    }

    private func frames(_ strings: [String]) -> [ByteBuffer] { strings.map { ByteBuffer(string: $0) } }

    private func expectError(_ code: KernelsError.Code, _ frames: [ByteBuffer], containing text: String) {
        do {
            _ = try session.decode(frames: frames)
            Issue.record("decoded frames that should have been rejected with \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(text), "\(error)")
        }
    }

    @Test func missingDelimiterIsAnError() {
        expectError(.malformedMessage, frames(["sig", "{}", "{}", "{}", "{}"]), containing: "no <IDS|MSG> delimiter among the 5 frames")
        expectError(.malformedMessage, [], containing: "no <IDS|MSG> delimiter among the 0 frames")
        expectError(.malformedMessage, frames(["<IDS|MSG", "x"]), containing: "no <IDS|MSG>")
    }

    @Test(arguments: 0...4)
    func tooFewFramesAfterTheDelimiterIsAnError(count: Int) {
        let parts = ["id", "<IDS|MSG>"] + Array(repeating: "{}", count: count)
        expectError(.malformedMessage, frames(parts), containing: "has \(count) frame")
    }

    @Test func splitsIdentitiesAndBuffersAtTheFirstDelimiter() throws {
        let wire = try WireMessage(frames: frames(["a", "b", "<IDS|MSG>", "sig", "h", "p", "m", "c", "<IDS|MSG>", "buf"]))
        #expect(wire.identities == frames(["a", "b"]))
        #expect(wire.signature == ByteBuffer(string: "sig") && wire.content == ByteBuffer(string: "c"))
        #expect(wire.buffers == frames(["<IDS|MSG>", "buf"]))
        #expect(wire.frames == frames(["a", "b", "<IDS|MSG>", "sig", "h", "p", "m", "c", "<IDS|MSG>", "buf"]))
    }

    @Test func tamperedMessagesAreRejected() throws {
        let good = session.encode(session.message(ExecuteRequest(code: "1")))
        var tampered = good
        tampered[5] = ByteBuffer(string: "{\"code\": \"2\"}")
        expectError(.invalidSignature, tampered, containing: "does not match")
        var badSignature = good
        var signature = String(buffer: good[1])
        signature.replaceSubrange(signature.startIndex...signature.startIndex, with: signature.first == "0" ? "1" : "0")
        badSignature[1] = ByteBuffer(string: signature)
        expectError(.invalidSignature, badSignature, containing: "does not match")
        var upper = good
        upper[1] = ByteBuffer(string: String(buffer: good[1]).uppercased())
        expectError(.invalidSignature, upper, containing: "64 lowercase hex digits")
        var short = good
        short[1] = ByteBuffer(string: "abc")
        expectError(.invalidSignature, short, containing: "64 lowercase hex digits")
        var unsigned = good
        unsigned[1] = ByteBuffer()
        expectError(.invalidSignature, unsigned, containing: "not signed")
        let otherKey = Session(signer: try MessageSigner(connectionKey: "other"), id: "s", username: "u")
        expectError(.invalidSignature, otherKey.encode(otherKey.message(ExecuteRequest(code: "1"))), containing: "wrong key")
        #expect(try session.decode(frames: good).message.messageType == "execute_request")
    }

    @Test func anEmptyKeyNeitherSignsNorChecks() throws {
        let open = Session(signer: .unsigned, id: "s", username: "u")
        let sent = open.encode(open.message(Status(executionState: .idle)))
        #expect(sent[1].readableBytes == 0)
        var forged = session.encode(session.message(Status(executionState: .idle)))
        forged[1] = ByteBuffer(string: "anything")
        #expect(try open.decode(frames: forged).message.messageType == "status")
        #expect(try MessageSigner(key: []).isSigning == false)
    }

    @Test func onlyHMACSHA256IsSupported() {
        #expect(throws: KernelsError.self) { try MessageSigner(connectionKey: "k", scheme: "hmac-md5") }
        do {
            _ = try Session(connectionKey: "k", signatureScheme: "hmac-sha512")
        } catch {
            #expect(error.code == .unsupportedSignatureScheme && error.message.contains("'hmac-sha512'"))
        }
    }

    @Test func signaturesMatchAKnownVector() throws {
        // hmac.new(b"key", b'{"a": 1}{}{}{}', hashlib.sha256).hexdigest()
        let signer = try MessageSigner(connectionKey: "key")
        let parts = ["{\"a\": 1}", "{}", "{}", "{}"].map { ByteBuffer(string: $0) }
        #expect(signer.signature(for: parts) == "edd7530f59a85381002058df67d0736c74632049e0268a68027d5f8a8ef663f6")
        #expect(MessageSigner.unsigned.signature(for: parts) == "")
    }

    private func signed(_ header: String, _ parent: String = "{}", _ metadata: String = "{}", _ content: String = "{}") -> [ByteBuffer] {
        var wire = WireMessage(
            signature: ByteBuffer(),
            header: ByteBuffer(string: header),
            parentHeader: ByteBuffer(string: parent),
            metadata: ByteBuffer(string: metadata),
            content: ByteBuffer(string: content)
        )
        session.signer.sign(&wire)
        return wire.frames
    }

    @Test func jsonFramesAreChecked() {
        let header = "{\"msg_id\": \"1\", \"msg_type\": \"status\"}"
        expectError(.invalidJSON, signed("{\"msg_id\": "), containing: "the header frame is not JSON (line 1, column 12")
        expectError(.invalidJSON, signed("[1]"), containing: "the header frame is JSON array, not an object")
        expectError(.invalidJSON, signed(header, "[]"), containing: "status message: the parent header frame is JSON array")
        expectError(.invalidJSON, signed(header, "{}", "{}", "\"x\""), containing: "the content frame is JSON string")
        expectError(.invalidJSON, signed(header, "{}", "{"), containing: "the metadata frame is not JSON")
        expectError(.malformedMessage, signed("{\"msg_id\": \"1\"}"), containing: "no string 'msg_type'")
        expectError(.malformedMessage, signed("{\"msg_type\": \"status\", \"msg_id\": 5}"), containing: "no string 'msg_id'")
    }

    @Test func nullParentHeaderAndMetadataReadAsEmptyAsJupyterClientDoes() throws {
        // xeus-python sends iopub_welcome with a null parent header; jupyter_client's
        // extract_header turns it into {}.
        let header = "{\"msg_id\": \"1\", \"msg_type\": \"iopub_welcome\"}"
        let message = try session.decode(frames: signed(header, "null", "null", "{\"subscription\": \"\"}")).message
        #expect(message.parentHeader == nil)
        #expect(message.metadata.isEmpty)
        expectError(.invalidJSON, signed(header, "{}", "{}", "null"), containing: "the content frame is JSON null")
    }

    @Test func invalidUTF8IsReplacedAsJupyterClientDoes() throws {
        var content = ByteBuffer(string: "{\"name\": \"stdout\", \"text\": \"a")
        content.writeBytes([0xff, 0xfe])
        content.writeString("b\"}")
        var wire = WireMessage(
            signature: ByteBuffer(),
            header: ByteBuffer(string: "{\"msg_id\": \"1\", \"msg_type\": \"stream\"}"),
            parentHeader: ByteBuffer(string: "{}"),
            metadata: ByteBuffer(string: "{}"),
            content: content
        )
        session.signer.sign(&wire)
        let message = try session.decode(frames: wire.frames).message
        #expect(message.content == Stream(name: "stdout", text: "a\u{fffd}\u{fffd}b").messageContent)
    }

    @Test func hugeFrameCountsAreHandled() throws {
        let noDelimiter = Array(repeating: ByteBuffer(string: "x"), count: 200_000)
        expectError(.malformedMessage, noDelimiter, containing: "among the 200000 frames")
        let message = session.message(CommMessage(commID: "c", data: JSONObject()), buffers: Array(repeating: ByteBuffer(bytes: [1]), count: 100_000))
        let decoded = try session.decode(frames: session.encode(message, identities: Array(repeating: ByteBuffer(string: "i"), count: 1000)))
        #expect(decoded.message.buffers.count == 100_000 && decoded.identities.count == 1000)
        let deep = String(repeating: "[", count: 100_000)
        expectError(.invalidJSON, signed("{\"msg_id\": \"1\", \"msg_type\": \"status\"}", "{}", "{}", "{\"a\": \(deep)}"), containing: "nesting deeper")
    }

    @Test func decodeVerifiedLogsAndDrops() throws {
        let records = LogRecords()
        var receiving = session
        receiving.logger = Logger(label: "test") { _ in records }
        var tampered = session.encode(session.message(ExecuteRequest(code: "1")))
        tampered[5] = ByteBuffer(string: "{\"code\": \"2\"}")
        #expect(receiving.decodeVerified(frames: tampered) == nil)
        #expect(receiving.decodeVerified(frames: frames(["no", "delimiter"])) == nil)
        let good = session.message(ExecuteRequest(code: "2"))
        #expect(receiving.decodeVerified(frames: session.encode(good)) == good)
        let logged = records.lines.withLock { $0 }
        #expect(logged.count == 2)
        #expect(logged.first?.contains("dropped an incoming message: the signature does not match") == true)
        #expect(logged.first?.contains("invalid-signature") == true)
    }
}

/// A log handler that keeps what is logged at warning level or above.
final class LogRecords: LogHandler, Sendable {
    let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .warning }
        set {}
    }
    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
    }
}
