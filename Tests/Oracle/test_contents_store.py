"""Differential test: Quire's FileContentsStore against jupyter_server's own contents manager.

The same sequence of operations runs in two temporary roots with the same starting files: one
through jupyter_server's LargeFileManager (FileContentsManager + chunked uploads, in this process,
with delete_to_trash=False, the behaviour Quire implements) and one through Quire's store, via the
`ContentsDriver` test hook (JSON lines on stdin/stdout). Each answer is compared (times replaced,
errors compared by kind) and, after each scenario, the two trees byte for byte.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# jupyter_server's HTTP status for each of Quire's error codes.
STATUS = {"not-found": 404, "outside-root": 404, "invalid": 400, "hidden": 400,
          "already-exists": 409, "forbidden": 403, "io": 500}

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "a1", "metadata": {}, "source": "# Title\nline two"},
        {"cell_type": "code", "execution_count": 1, "id": "b2", "metadata": {},
         "outputs": [{"name": "stdout", "output_type": "stream", "text": "hi\nthere\n"}],
         "source": "print('hi')\nprint('there')"},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}
OLD_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "metadata": {"tags": ["x"]},
               "outputs": [{"data": {"text/plain": "a\nb", "image/png": "iVBORw0KGgo=\n",
                                     "application/json": {"k": [1, 2]}},
                            "metadata": {}, "output_type": "display_data"}],
               "source": ["é = 1\n", "print(é)"]}],
    "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 4,
}
INVALID_NOTEBOOK = {"cells": [{"cell_type": "markdown", "id": "c3", "metadata": {}, "source": "x", "bogus": 1}],
                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def driver_bin() -> str:
    path = os.environ.get("QUIRE_CONTENTS_DRIVER") or str(ROOT / ".build" / "debug" / "ContentsDriver")
    assert Path(path).exists(), f"driver not found at {path}: run swift build --product ContentsDriver"
    return path


def seed(root: Path) -> None:
    (root / "sub").mkdir()
    (root / "sub" / "deeper").mkdir()
    (root / "empty").mkdir()
    (root / "a.txt").write_text("hello\n")
    (root / "data.bin").write_bytes(bytes(range(256)) * 3)
    (root / "notes.md").write_text("# notes\n")
    (root / "sub" / "deeper" / "x.py").write_text("print(1)\n")
    (root / "nb.ipynb").write_text(json.dumps(NOTEBOOK, indent=1, sort_keys=True) + "\n")
    (root / ".hidden.txt").write_text("secret\n")
    (root / ".hiddendir").mkdir()
    (root / ".hiddendir" / "inside.txt").write_text("x\n")
    (root / "cache.pyc").write_bytes(b"\0")
    (root / "link.bin").symlink_to("data.bin")  # a link inside the root


def python_manager(root: Path, allow_hidden: bool):
    from jupyter_server.services.contents.largefilemanager import LargeFileManager

    return LargeFileManager(root_dir=str(root), delete_to_trash=False, allow_hidden=allow_hidden)


def python_run(cm, op: dict):
    from tornado.web import HTTPError

    path = op.get("path", "")
    name = op["op"]
    try:
        if name == "get":
            result = cm.get(path, content=op.get("content", True), type=op.get("type"),
                            format=op.get("format"), require_hash=op.get("hash", False))
        elif name == "save":
            result = cm.save(copy.deepcopy(op["model"]), path)
        elif name == "new":
            result = cm.new(copy.deepcopy(op.get("model")), path)
        elif name == "new_untitled":
            result = cm.new_untitled(path=path, type=op.get("type", ""), ext=op.get("ext", ""))
        elif name == "rename":
            result = cm.update({"path": op["new_path"]}, path)
        elif name == "copy":
            result = cm.copy(path, op.get("to"))
        elif name == "delete":
            result = cm.delete(path)
        elif name == "create_checkpoint":
            result = cm.create_checkpoint(path)
        elif name == "list_checkpoints":
            result = cm.list_checkpoints(path)
        elif name == "restore_checkpoint":
            result = cm.restore_checkpoint(op["id"], path)
        elif name == "delete_checkpoint":
            result = cm.delete_checkpoint(op["id"], path)
        else:
            raise AssertionError(name)
    except HTTPError as e:
        return {"status": e.status_code, "message": e.log_message}
    return {"ok": json.loads(json.dumps(result, default=str))}


def normalise(value):
    """Times replaced; cells' `trusted` flags (Quire has no notary) dropped; the validation
    message reduced to the JSON instance it ends with; directory listings sorted by name."""
    if isinstance(value, list):
        items = [normalise(v) for v in value]
        if all(isinstance(v, dict) and "name" in v for v in items):
            items.sort(key=lambda v: v["name"])
        return items
    if not isinstance(value, dict):
        return value
    out = {}
    for key, v in value.items():
        if key in ("last_modified", "created"):
            out[key] = "<time>" if v is not None else None
        elif key == "message":
            # The wording differs (Quire's validator, not jsonschema's); the offending JSON matches.
            out[key] = ("<validation message>", v.rsplit(":\n", 1)[-1]) if v else v
        elif key == "cells" and isinstance(v, list):
            cells = normalise(v)
            for cell in cells:
                if isinstance(cell, dict) and isinstance(cell.get("metadata"), dict):
                    cell["metadata"].pop("trusted", None)
            out[key] = cells
        else:
            out[key] = normalise(v)
    return out


def tree(root: Path) -> dict[str, bytes | None]:
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            found[os.path.relpath(os.path.join(dirpath, d), root)] = None
        for f in filenames:
            full = os.path.join(dirpath, f)
            found[os.path.relpath(full, root)] = Path(full).read_bytes()
    return found


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


SCENARIOS = {
    "reading": [
        {"op": "get", "path": ""},
        {"op": "get", "path": "", "content": False},
        {"op": "get", "path": "sub"},
        {"op": "get", "path": "a.txt"},
        {"op": "get", "path": "a.txt", "format": "base64"},
        {"op": "get", "path": "a.txt", "hash": True},
        {"op": "get", "path": "a.txt", "content": False, "hash": True},
        {"op": "get", "path": "data.bin"},
        {"op": "get", "path": "data.bin", "format": "text"},
        {"op": "get", "path": "notes.md", "content": False},
        {"op": "get", "path": "link.bin"},
        {"op": "get", "path": "nb.ipynb"},
        {"op": "get", "path": "nb.ipynb", "hash": True},
        {"op": "get", "path": "nb.ipynb", "type": "file"},
        {"op": "get", "path": "nb.ipynb", "type": "directory"},
        {"op": "get", "path": "sub", "type": "notebook"},
        {"op": "get", "path": "missing.txt"},
        {"op": "get", "path": ".hidden.txt"},
        {"op": "get", "path": ".hiddendir/inside.txt"},
        {"op": "get", "path": "../outside"},
        {"op": "get", "path": "sub/../../outside"},
    ],
    "untitled": [
        {"op": "new_untitled", "path": "", "type": "notebook"},
        {"op": "new_untitled", "path": "", "type": "notebook"},
        {"op": "new_untitled", "path": "", "ext": ".ipynb"},
        {"op": "new_untitled", "path": "", "type": "file"},
        {"op": "new_untitled", "path": "", "type": "file", "ext": ".txt"},
        {"op": "new_untitled", "path": "", "type": "file", "ext": ".txt"},
        {"op": "new_untitled", "path": "", "type": "directory"},
        {"op": "new_untitled", "path": "", "type": "directory"},
        {"op": "new_untitled", "path": "sub", "type": "notebook"},
        {"op": "new_untitled", "path": "nowhere", "type": "notebook"},
        {"op": "new_untitled", "path": "a.txt", "type": "notebook"},
        {"op": "get", "path": ""},
    ],
    "saving": [
        {"op": "save", "path": "new.txt", "model": {"type": "file", "format": "text", "content": "héllo\n"}},
        {"op": "save", "path": "new.bin", "model": {"type": "file", "format": "base64", "content": b64(b"\x00\xff" * 50)}},
        {"op": "save", "path": "a.txt", "model": {"type": "file", "format": "text", "content": "replaced"}},
        {"op": "save", "path": "saved.ipynb", "model": {"type": "notebook", "format": "json", "content": NOTEBOOK}},
        {"op": "save", "path": "saved.ipynb", "model": {"type": "notebook", "format": "json", "content": NOTEBOOK}},
        {"op": "save", "path": "bad.ipynb", "model": {"type": "notebook", "format": "json", "content": INVALID_NOTEBOOK}},
        {"op": "save", "path": "old.ipynb", "model": {"type": "notebook", "format": "json", "content": OLD_NOTEBOOK}},
        {"op": "get", "path": "old.ipynb"},
        {"op": "save", "path": "newdir", "model": {"type": "directory"}},
        {"op": "save", "path": "newdir", "model": {"type": "directory"}},
        {"op": "save", "path": "a.txt", "model": {"type": "directory"}},
        {"op": "save", "path": "x.txt", "model": {"format": "text", "content": "x"}},
        {"op": "save", "path": "x.txt", "model": {"type": "file", "format": "text"}},
        {"op": "save", "path": "x.txt", "model": {"type": "file", "content": "x"}},
        {"op": "save", "path": "x.txt", "model": {"type": "file", "format": "base64", "content": "abc"}},
        {"op": "save", "path": ".secret.txt", "model": {"type": "file", "format": "text", "content": "x"}},
        {"op": "save", "path": "../escape.txt", "model": {"type": "file", "format": "text", "content": "x"}},
        {"op": "new", "path": "fresh.ipynb"},
        {"op": "new", "path": "fresh.txt"},
        {"op": "get", "path": "bad.ipynb"},
        {"op": "get", "path": "saved.ipynb"},
        {"op": "list_checkpoints", "path": "saved.ipynb"},
    ],
    "chunks": [
        {"op": "save", "path": "big.bin", "model": {"type": "file", "format": "base64", "content": b64(b"abc" * 100), "chunk": 1}},
        {"op": "save", "path": "big.bin", "model": {"type": "file", "format": "base64", "content": b64(b"def" * 100), "chunk": 2}},
        {"op": "save", "path": "big.bin", "model": {"type": "file", "format": "base64", "content": b64(b"xyz"), "chunk": -1}},
        {"op": "get", "path": "big.bin", "hash": True},
        {"op": "save", "path": "big.txt", "model": {"type": "file", "format": "text", "content": "one\n", "chunk": 1}},
        {"op": "save", "path": "big.txt", "model": {"type": "file", "format": "text", "content": "two\n", "chunk": -1}},
        {"op": "get", "path": "big.txt"},
        {"op": "save", "path": "nb2.ipynb", "model": {"type": "notebook", "content": NOTEBOOK, "chunk": 1}},
    ],
    "rename_copy_delete": [
        {"op": "rename", "path": "a.txt", "new_path": "b.txt"},
        {"op": "rename", "path": "b.txt", "new_path": "notes.md"},
        {"op": "rename", "path": "missing", "new_path": "m2"},
        {"op": "rename", "path": "b.txt", "new_path": "sub/b.txt"},
        {"op": "rename", "path": "sub/b.txt", "new_path": ".b.txt"},
        {"op": "rename", "path": "nb.ipynb", "new_path": "nb.ipynb"},
        {"op": "create_checkpoint", "path": "nb.ipynb"},
        {"op": "rename", "path": "nb.ipynb", "new_path": "sub/moved.ipynb"},
        {"op": "list_checkpoints", "path": "sub/moved.ipynb"},
        {"op": "copy", "path": "sub/moved.ipynb"},
        {"op": "copy", "path": "sub/moved.ipynb"},
        {"op": "copy", "path": "sub/moved-Copy1.ipynb"},
        {"op": "copy", "path": "sub/moved.ipynb", "to": ""},
        {"op": "copy", "path": "sub/moved.ipynb", "to": "empty/named.ipynb"},
        {"op": "copy", "path": "sub/moved.ipynb", "to": "nowhere/named.ipynb"},
        {"op": "copy", "path": "data.bin", "to": "sub"},
        {"op": "copy", "path": "notes.md"},
        {"op": "copy", "path": "sub/deeper", "to": ""},
        {"op": "copy", "path": "missing.txt"},
        {"op": "delete", "path": "notes.md"},
        {"op": "delete", "path": "notes.md"},
        {"op": "delete", "path": "empty"},
        {"op": "delete", "path": "sub"},
        {"op": "delete", "path": ""},
        {"op": "delete", "path": ".hidden.txt"},
        {"op": "delete", "path": "sub/moved.ipynb"},
        {"op": "list_checkpoints", "path": "sub/moved.ipynb"},
        {"op": "get", "path": ""},
    ],
    "checkpoints": [
        {"op": "list_checkpoints", "path": "a.txt"},
        {"op": "create_checkpoint", "path": "a.txt"},
        {"op": "list_checkpoints", "path": "a.txt"},
        {"op": "save", "path": "a.txt", "model": {"type": "file", "format": "text", "content": "changed"}},
        {"op": "restore_checkpoint", "path": "a.txt", "id": "checkpoint"},
        {"op": "get", "path": "a.txt"},
        {"op": "delete_checkpoint", "path": "a.txt", "id": "checkpoint"},
        {"op": "delete_checkpoint", "path": "a.txt", "id": "checkpoint"},
        {"op": "list_checkpoints", "path": "a.txt"},
        {"op": "create_checkpoint", "path": "sub/deeper/x.py"},
        {"op": "list_checkpoints", "path": "sub/deeper/x.py"},
    ],
}

SCENARIOS["more"] = [
    {"op": "save", "path": "a.txt", "model": {"type": "file", "format": "text", "content": "new ", "chunk": 1}},
    {"op": "save", "path": "a.txt", "model": {"type": "file", "format": "text", "content": "end", "chunk": -1}},
    {"op": "get", "path": "a.txt"},
    {"op": "copy", "path": "sub", "to": ""},
    {"op": "copy", "path": "sub", "to": ""},
    {"op": "rename", "path": "sub-Copy1", "new_path": "renamed"},
    {"op": "get", "path": "renamed/deeper"},
    {"op": "save", "path": "renamed/deeper/x.py", "model": {"type": "file", "format": "text", "content": "print(2)\n"}},
    {"op": "get", "path": "renamed/deeper/x.py", "type": "notebook"},
    {"op": "copy", "path": "a.txt", "to": "a.txt"},
    {"op": "new_untitled", "path": "renamed", "type": "file", "ext": ".tar.gz"},
    {"op": "new_untitled", "path": "renamed", "type": "file", "ext": ".tar.gz"},
    {"op": "copy", "path": "renamed/untitled.tar.gz"},
    {"op": "delete", "path": "renamed/deeper/x.py"},
    {"op": "delete", "path": "renamed/deeper"},
    {"op": "get", "path": "renamed"},
]

HIDDEN_SCENARIO = [
    {"op": "get", "path": ""},
    {"op": "get", "path": ".hidden.txt"},
    {"op": "get", "path": ".hiddendir"},
    {"op": "save", "path": ".new.txt", "model": {"type": "file", "format": "text", "content": "x"}},
    {"op": "rename", "path": ".new.txt", "new_path": ".renamed.txt"},
]


def run_scenario(tmp_path: Path, driver_bin: str, ops: list[dict], allow_hidden: bool = False) -> None:
    py_root, q_root = tmp_path / "jupyter", tmp_path / "quire"
    for root in (py_root, q_root):
        root.mkdir()
        seed(root)
    cm = python_manager(py_root, allow_hidden)
    args = [driver_bin, str(q_root)] + (["--allow-hidden"] if allow_hidden else [])
    lines = "".join(json.dumps(op) + "\n" for op in ops)
    done = subprocess.run(args, input=lines, capture_output=True, text=True, check=True, timeout=120)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(ops), done.stderr
    for op, quire in zip(ops, answers):
        expected = python_run(cm, op)
        if "status" in expected:
            assert "error" in quire, f"{op}: jupyter_server refused ({expected}), Quire answered {quire}"
            assert STATUS[quire["error"]["code"]] == expected["status"], f"{op}: {expected} vs {quire}"
        else:
            assert "ok" in quire, f"{op}: jupyter_server answered, Quire refused: {quire}"
            assert normalise(quire["ok"]) == normalise(expected["ok"]), op
    assert tree(q_root) == tree(py_root)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_contents_store_matches_jupyter_server(tmp_path, driver_bin, name):
    run_scenario(tmp_path, driver_bin, SCENARIOS[name])


def test_contents_store_allow_hidden_matches_jupyter_server(tmp_path, driver_bin):
    run_scenario(tmp_path, driver_bin, HIDDEN_SCENARIO, allow_hidden=True)


def test_known_difference_links_that_lead_nowhere_or_out_are_not_served(tmp_path, driver_bin):
    """jupyter_server lists (and serves) links out of the root and dangling links; Quire does not."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    py_root, q_root = tmp_path / "jupyter", tmp_path / "quire"
    for root in (py_root, q_root):
        root.mkdir()
        (root / "out.txt").symlink_to(outside / "secret.txt")
        (root / "dangling").symlink_to(tmp_path / "nowhere")
    cm = python_manager(py_root, False)
    assert {e["name"] for e in cm.get("")["content"]} == {"out.txt", "dangling"}
    assert cm.get("out.txt")["content"] == "secret"
    ops = [{"op": "get", "path": ""}, {"op": "get", "path": "out.txt"}]
    done = subprocess.run([driver_bin, str(q_root)], input="".join(json.dumps(o) + "\n" for o in ops),
                          capture_output=True, text=True, check=True, timeout=60)
    listing, secret = (json.loads(line) for line in done.stdout.splitlines())
    assert listing["ok"]["content"] == []
    assert secret["error"]["code"] == "outside-root"
