// SPDX-License-Identifier: Apache-2.0

extension NotebookSchemas {
    /// The nbformat 4.0 schema: the notebook, its cells and outputs, and shared pieces (`misc/...`).
    static var base: SchemaDocument {
        SchemaDocument(root: notebook, definitions: cells + outputs + shared)
    }

    private static var notebook: JSONSchema {
        JSONSchema.object
            .additionalProperties(false)
            .required("metadata", "nbformat_minor", "nbformat", "cells")
            .properties([
                "metadata": JSONSchema.object
                    .additionalProperties(true)
                    .properties([
                        "kernelspec": JSONSchema.object
                            .required("name", "display_name")
                            .properties(["name": .string, "display_name": .string]),
                        "language_info": JSONSchema.object
                            .required("name")
                            .properties([
                                "name": .string,
                                "codemirror_mode": .oneOf(.string, .object),
                                "file_extension": .string,
                                "mimetype": .string,
                                "pygments_lexer": .string,
                            ]),
                        "orig_nbformat": JSONSchema.integer.minimum(1),
                    ]),
                "nbformat_minor": JSONSchema.integer.minimum(0),
                "nbformat": JSONSchema.integer.minimum(4).maximum(4),
                "cells": JSONSchema.array.items(.ref("cell")),
            ])
    }

    /// Metadata every cell type may carry: a name and tags.
    private static var nameAndTags: KeyValuePairs<String, JSONSchema> {
        [
            "name": .ref("misc/metadata_name"), "tags": .ref("misc/metadata_tags"),
        ]
    }

    private static var cells: [(name: String, schema: JSONSchema)] {
        let executionCount = JSONSchema.any.types(.integer, .null).minimum(0)
        return [
            ("cell", JSONSchema.object.oneOf([.ref("raw_cell"), .ref("markdown_cell"), .ref("code_cell")])),
            (
                "raw_cell",
                JSONSchema.object
                    .additionalProperties(false)
                    .required("cell_type", "metadata", "source")
                    .properties([
                        "cell_type": .oneOfValues("raw"),
                        "metadata": JSONSchema.object
                            .additionalProperties(true)
                            .properties([
                                "format": .string, "name": .ref("misc/metadata_name"),
                                "tags": .ref("misc/metadata_tags"),
                            ]),
                        "attachments": .ref("misc/attachments"),
                        "source": .ref("misc/source"),
                    ])
            ),
            (
                "markdown_cell",
                JSONSchema.object
                    .additionalProperties(false)
                    .required("cell_type", "metadata", "source")
                    .properties([
                        "cell_type": .oneOfValues("markdown"),
                        "metadata": JSONSchema.object.properties(nameAndTags).additionalProperties(true),
                        "attachments": .ref("misc/attachments"),
                        "source": .ref("misc/source"),
                    ])
            ),
            (
                "code_cell",
                JSONSchema.object
                    .additionalProperties(false)
                    .required("cell_type", "metadata", "source", "outputs", "execution_count")
                    .properties([
                        "cell_type": .oneOfValues("code"),
                        "metadata": JSONSchema.object
                            .additionalProperties(true)
                            .properties([
                                "collapsed": .boolean,
                                "scrolled": .oneOfValues(true, false, "auto"),
                                "name": .ref("misc/metadata_name"),
                                "tags": .ref("misc/metadata_tags"),
                            ]),
                        "source": .ref("misc/source"),
                        "outputs": JSONSchema.array.items(.ref("output")),
                        "execution_count": executionCount,
                    ])
            ),
            (
                "unrecognized_cell",
                JSONSchema.object
                    .additionalProperties(true)
                    .required("cell_type", "metadata")
                    .properties([
                        "cell_type": .not(.oneOfValues("markdown", "code", "raw")),
                        "metadata": JSONSchema.object.properties(nameAndTags).additionalProperties(true),
                    ])
            ),
        ]
    }

    private static var outputs: [(name: String, schema: JSONSchema)] {
        let outputTypes = ["execute_result", "display_data", "stream", "error"]
        return [
            ("output", JSONSchema.object.oneOf(outputTypes.map { .ref($0) })),
            (
                "execute_result",
                JSONSchema.object
                    .additionalProperties(false)
                    .required("output_type", "data", "metadata", "execution_count")
                    .properties([
                        "output_type": .oneOfValues("execute_result"),
                        "execution_count": JSONSchema.any.types(.integer, .null).minimum(0),
                        "data": .ref("misc/mimebundle"),
                        "metadata": .ref("misc/output_metadata"),
                    ])
            ),
            (
                "display_data",
                JSONSchema.object
                    .additionalProperties(false)
                    .required("output_type", "data", "metadata")
                    .properties([
                        "output_type": .oneOfValues("display_data"),
                        "data": .ref("misc/mimebundle"),
                        "metadata": .ref("misc/output_metadata"),
                    ])
            ),
            (
                "stream",
                JSONSchema.object
                    .additionalProperties(false)
                    .required("output_type", "name", "text")
                    .properties([
                        "output_type": .oneOfValues("stream"),
                        "name": .string,
                        "text": .ref("misc/multiline_string"),
                    ])
            ),
            (
                "error",
                JSONSchema.object
                    .additionalProperties(false)
                    .required("output_type", "ename", "evalue", "traceback")
                    .properties([
                        "output_type": .oneOfValues("error"),
                        "ename": .string,
                        "evalue": .string,
                        "traceback": JSONSchema.array.items(.string),
                    ])
            ),
            (
                "unrecognized_output",
                JSONSchema.object
                    .additionalProperties(true)
                    .required("output_type")
                    .properties(["output_type": .not(JSONSchema.any.enumeration(outputTypes.map { .string($0) }))])
            ),
        ]
    }

    private static var shared: [(name: String, schema: JSONSchema)] {
        [
            ("misc/metadata_name", JSONSchema.string.pattern("^.+$")),
            ("misc/metadata_tags", JSONSchema.array.uniqueItems(true).items(JSONSchema.string.pattern("^[^,]+$"))),
            ("misc/attachments", JSONSchema.object.patternProperties([".*": .ref("misc/mimebundle")])),
            ("misc/source", .ref("misc/multiline_string")),
            ("misc/execution_count", JSONSchema.any.types(.integer, .null).minimum(0)),
            (
                "misc/mimebundle",
                JSONSchema.object
                    .additionalProperties(.ref("misc/multiline_string"))
                    .patternProperties(["^application/(.*\\+)?json$": .any])
            ),
            ("misc/output_metadata", JSONSchema.object.additionalProperties(true)),
            ("misc/multiline_string", .oneOf(.string, JSONSchema.array.items(.string))),
        ]
    }
}
