// SPDX-License-Identifier: Apache-2.0

@testable import Contents
import Testing

struct ContentsEncodingTests {
    @Test func base64RoundTripAndPythonLeniency() throws {
        let bytes = (0..<200).map { UInt8($0) }
        #expect(try ContentsEncoding.decodeBase64(ContentsEncoding.base64Lines(bytes)) == bytes)
        #expect(ContentsEncoding.base64Lines([]) == "")
        #expect(try ContentsEncoding.decodeBase64("YW Jj\n!") == Array("abc".utf8))
        #expect(try ContentsEncoding.decodeBase64("YQ==trailing") == Array("a".utf8))
        #expect(throws: ContentsError.self) { try ContentsEncoding.decodeBase64("YWJjZ") }
        #expect(throws: ContentsError.self) { try ContentsEncoding.decodeBase64("YQ") }
    }

    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.hexDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(Array(repeating: UInt8(ascii: "a"), count: 1000))
            == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func mimeTypesAsPythonGuesses() {
        #expect(ContentsEncoding.mimeType(forName: "a.py") == "text/x-python")
        #expect(ContentsEncoding.mimeType(forName: "a.tar.gz") == "application/x-tar")
        #expect(ContentsEncoding.mimeType(forName: "a.ipynb") == nil)
        #expect(ContentsEncoding.mimeType(forName: "Makefile") == nil)
        #expect(ContentsEncoding.mimeType(forName: ".txt") == nil)
    }

    @Test func copyNamesLoseTheirCopySuffix() throws {
        let root = TestRoot()
        let store = try root.store()
        #expect(store.originalName("a-Copy1.ipynb") == "a.ipynb")
        #expect(store.originalName("a-Copy.txt") == "a.txt")
        #expect(store.originalName("a-Copyx.txt") == "a-Copyx.txt")
        #expect(store.uniqueName("a.tar.gz", in: "", insert: "-Copy") == "a.tar.gz")
    }

    @Test func pythonReprQuotes() {
        #expect(pythonRepr("a") == "'a'")
        #expect(pythonRepr("it's") == "\"it's\"")
    }
}
