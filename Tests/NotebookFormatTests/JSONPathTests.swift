// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

struct JSONPathTests {
    @Test func rendersKeysAndIndexesReadably() {
        let path = JSONPath([.key("cells"), .index(3), .key("outputs"), .index(0), .key("output_type")])
        #expect(path.description == "cells[3].outputs[0].output_type")
    }

    @Test func quotesKeysThatAreNotIdentifiers() {
        let path = JSONPath([.key("data"), .key("image/png")])
        #expect(path.description == "data[\"image/png\"]")
        #expect(JSONPath([.key("1st")]).description == "[\"1st\"]")
        #expect(JSONPath([.key("a \"q\"")]).description == "[\"a \\\"q\\\"\"]")
        #expect(JSONPath([.key("")]).description == "[\"\"]")
        #expect(JSONPath([.index(2), .key("x")]).description == "[2].x")
    }

    @Test func theWholeDocumentHasAName() {
        #expect(JSONPath().description == "(top level)")
        #expect(JSONPath().isRoot)
        #expect(JSONPath().appending(.key("a")).appending(JSONPath([.index(1)])).description == "a[1]")
    }
}
