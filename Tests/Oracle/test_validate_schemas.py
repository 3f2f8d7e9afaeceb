"""Quire's nbformat schemas equal nbformat's schema files, keyword for keyword and in the same order."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
import pytest
from conftest import run_quire
from nbformat import validator as nbvalidator

SCHEMA_DIR = Path(nbformat.__file__).parent / "v4"
DRAFT4_KEYWORDS = {
    "$ref", "additionalItems", "additionalProperties", "allOf", "anyOf", "dependencies", "enum", "format", "items",
    "maxItems", "maxLength", "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum",
    "multipleOf", "not", "oneOf", "pattern", "patternProperties", "properties", "required", "type", "uniqueItems",
    "exclusiveMaximum", "exclusiveMinimum", "definitions",
}
ANNOTATIONS = {"description", "$schema"}
# Misplaced or misspelt keys in nbformat's files ("item" for "items"; "source_hidden" and
# "outputs_hidden" beside "properties"): validators ignore them, so quire's schemas leave them out.
IGNORED_BY_VALIDATORS = {"item", "source_hidden", "outputs_hidden"}


# MARK: - Schemas


def normalise_schema(schema: dict, dropped: set) -> dict:
    """The schema without annotations and without keys validators ignore, keyword order kept."""
    out = {}
    for key, value in schema.items():
        if key in ANNOTATIONS:
            continue
        if key not in DRAFT4_KEYWORDS:
            dropped.add(key)
            continue
        if key in ("properties", "patternProperties"):
            out[key] = {name: normalise_schema(sub, dropped) for name, sub in value.items()}
        elif key == "definitions":
            out[key] = normalise_definitions(value, dropped)
        elif key in ("items", "not") or (key == "additionalProperties" and isinstance(value, dict)):
            out[key] = normalise_schema(value, dropped)
        elif key in ("oneOf", "anyOf", "allOf"):
            out[key] = [normalise_schema(sub, dropped) for sub in value]
        else:
            out[key] = value
    return out


def normalise_definitions(definitions: dict, dropped: set) -> dict:
    """Definitions, where a member holding only named schemas (like `misc`) is a folder of them."""
    out = {}
    for name, value in definitions.items():
        is_folder = not (set(value) & (DRAFT4_KEYWORDS | ANNOTATIONS)) and all(isinstance(v, dict) for v in value.values())
        out[name] = normalise_definitions(value, dropped) if is_folder else normalise_schema(value, dropped)
    return out


def quire_schema(quire_bin, version: str) -> dict:
    result = run_quire(quire_bin, "validate", "--dump-schema", version)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("minor", range(6))
def test_schema_equals_nbformat_schema_file(quire_bin, minor):
    dropped: set = set()
    theirs = normalise_schema(json.loads((SCHEMA_DIR / f"nbformat.v4.{minor}.schema.json").read_text()), dropped)
    ours = quire_schema(quire_bin, f"4.{minor}")
    assert ours == theirs
    # Keyword and property order decide which problem a validator reports first: compare it too.
    assert json.dumps(ours) == json.dumps(theirs)
    assert dropped <= IGNORED_BY_VALIDATORS


def test_future_minor_schema_equals_nbformat_relaxed_schema(quire_bin):
    relaxed = nbvalidator.get_validator(4, 8)._schema  # what nbformat builds for a notebook newer than 4.5
    theirs = normalise_schema(copy.deepcopy(relaxed), set())
    assert quire_schema(quire_bin, "4.8") == theirs
    assert json.dumps(quire_schema(quire_bin, "4.8")) == json.dumps(theirs)


def test_schema_dump_catches_a_changed_rule(quire_bin):
    """The comparison is strict enough to notice one changed number."""
    theirs = normalise_schema(json.loads((SCHEMA_DIR / "nbformat.v4.5.schema.json").read_text()), set())
    theirs["definitions"]["cell_id"]["maxLength"] = 63
    assert quire_schema(quire_bin, "4.5") != theirs
