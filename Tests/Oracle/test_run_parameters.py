"""`quire run --prepare-only` against papermill 2.7.0: the translators of every language on generated
values, `-p` typing against `_resolve_type`, YAML typing against PyYAML's NoDatesSafeLoader, `-b`
decoding, and path templates against `str.format`. The command line and whole notebooks are in
test_run_prepare.py, `quire inspect` in test_inspect.py."""

from __future__ import annotations

import base64
import importlib.util
import itertools
import json
import random

import pytest
import yaml
from conftest import run_quire
from papermill.cli import _resolve_type
from papermill.iorw import NoDatesSafeLoader
from papermill.translators import translate_parameters
from papermill_support import contains, injected_cell, notebook, random_value, to_yaml, write_json, yaml_string


def test_black_is_not_importable():
    # papermill reformats Python parameter cells with black when it can import it; Quire never does.
    # If a future pin pulls black in, papermill's output changes and these comparisons lose meaning.
    assert importlib.util.find_spec("black") is None, "black is installed in the test venv: papermill would reformat"


def canonical(value) -> str:
    """JSON text that tells ints from floats and compares NaN equal to NaN."""
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


def prepare(quire_bin, tmp_path, nb: dict, *args: str, name: str = "in.ipynb"):
    """`quire run in.ipynb out.ipynb --prepare-only ARGS` in tmp_path: (process, output notebook or None)."""
    write_json(tmp_path / name, nb)
    out = tmp_path / ("out-" + name)
    proc = run_quire(quire_bin, "run", name, out.name, "--prepare-only", *args, cwd=str(tmp_path))
    return proc, (json.loads(out.read_text(encoding="utf-8")) if proc.returncode == 0 else None)


def python_notebook():
    return notebook([("code", "a = 1", ["parameters"]), ("code", "print(a)", [])])


# MARK: - Translators

KERNEL_KEYS = ["pysparkkernel", "sparkkernel", "sparkrkernel"]
LANGUAGE_KEYS = ["python", "R", "scala", "julia", "matlab", ".net-csharp", ".net-fsharp", ".net-powershell", "bash"]
TARGETS = [(key, "no-such-language") for key in KERNEL_KEYS + LANGUAGE_KEYS] + [("no-such-kernel", key) for key in LANGUAGE_KEYS]


@pytest.mark.parametrize("kernel,language", TARGETS, ids=lambda v: v)
def test_translators_match_papermill(quire_bin, tmp_path, kernel, language):
    rng = random.Random(f"{kernel}/{language}")
    params = {"_lead": 1, "__two": "x"}
    for i in range(150):
        params[f"p{i}"] = random_value(rng)
    key = kernel if kernel != "no-such-kernel" else language
    if key == "bash":
        params = {k: v for k, v in params.items() if not contains(v, lambda x: isinstance(x, dict))}
    if key == ".net-csharp":
        params = {k: v for k, v in params.items() if not contains(v, lambda x: x is None)}
    text = "".join(f"{yaml_string(k)}: {to_yaml(v)}\n" for k, v in params.items())
    loaded = yaml.load(text, Loader=NoDatesSafeLoader)
    assert canonical(loaded) == canonical(params), "the YAML writer lost a value"
    (tmp_path / "params.yaml").write_text(text, encoding="utf-8")

    nb = notebook([("code", "a = 1", ["parameters"])], kernelspec={"name": kernel, "language": language, "display_name": "k"},
                  language_info=language)
    proc, out = prepare(quire_bin, tmp_path, nb, "-f", "params.yaml")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "".join(injected_cell(out)["source"]) == translate_parameters(kernel, language, loaded, "Parameters")


@pytest.mark.parametrize("kernel,value,message", [
    ("bash", "{k: 1}", "cannot pass the parameter 'x': bash parameters cannot be dictionaries"),
    (".net-csharp", "[1, null]", "cannot pass the parameter 'x': C# parameters cannot be None"),
])
def test_untranslatable_values_fail_in_both(quire_bin, tmp_path, kernel, value, message):
    with pytest.raises(NotImplementedError):
        translate_parameters(kernel, "x", {"x": yaml.safe_load(value)}, "Parameters")
    nb = notebook([("code", "a = 1", ["parameters"])], kernelspec={"name": kernel, "language": "x", "display_name": "k"})
    proc, _ = prepare(quire_bin, tmp_path, nb, "-y", f"x: {value}")
    assert proc.returncode == 1 and message in proc.stderr.decode()


# MARK: - -p typing

P_VALUES = [
    "True", "False", "None", "true", "none", "TRUE", "1", "-1", "+3", " 7 ", "\t8\n", "1_000", "1__0", "_1", "1_", "0_0",
    "010", "00", "-0", "+-1", "0x10", "0o7", "0b1", "١٢٣", "１２３", "٣.٥", "\u20071", "1\xa0", "1\u2028", "\x1c1", "1 2",
    "", " ", "+", "-", ".", "1e3", "1E3", "1e+3", "1e-3", "1.5", "1_0.5", "1_e3", "1e1_0", ".5", "5.", "1.e3", "._5",
    "1._5", "1_.5", "1.5_", "nan", "-nan", "NaN", "+nan", "inf", "-inf", "+inf", "Infinity", "-Infinity", "iNfInItY",
    "infinit", "nan1", "1e400", "-1e400", "1e-400", "0x1p3", "12345678901234567890", "-000123456789012345678901234567890",
    "1" * 4300, "1" * 4301, "0" * 4301, "1_" * 2000 + "1", "9" * 400 + ".5", "hello", "O'Brien \"Bob\"\\tx", "-5",
]


def test_p_typing_matches_resolve_type(quire_bin, tmp_path):
    generated = ["".join(p) for p in itertools.product(["", "-", " "], ["0", "1", "_1", "1_2"], ["", ".", ".5", "e5", "_"])]
    values = P_VALUES + generated
    args = [a for i, v in enumerate(values) for a in ("-p", f"k{i}", v)]
    proc, out = prepare(quire_bin, tmp_path, python_notebook(), *args)
    assert proc.returncode == 0, proc.stderr.decode()
    ours = out["metadata"]["papermill"]["parameters"]
    mismatches = [(v, ours[f"k{i}"]) for i, v in enumerate(values) if canonical(ours[f"k{i}"]) != canonical(_resolve_type(v))]
    assert not mismatches


# MARK: - YAML typing

YAML_SCALARS = [
    "0o17", "017", "0x1F", "0X1F", "1_000", "0b1_01", "1:30", "1:30.5", "-1:30", "190:20:30.15", "1:0:0:0:0:0:0:0:0:0:0:0",
    "yes", "Yes", "YES", "yEs", "no", "NO", "on", "Off", "y", "n", "true", "False", "TRUE", "tRUE", "1e3", "1.0e3",
    "1.0e+3", "1.0E-3", ".5", "-.5", "+.5", "1.", "0.", ".inf", "-.Inf", "+.INF", ".NaN", "-.nan", ".nan", "09", "0_", "-0",
    "+0x_1", "1_._5", "1__0", "0.1_", "._5", "2001-01-01", "2001-12-14t21:59:43.10-05:00", "~", "null", "Null", "NULL",
    "nULL", "12345678901234567890123", "0x123456789abcdef0123", "-0b1111111111111111111111111111111111111111111111111111111111111111",
    "0777777777777777777777777", "=", "'1'", '"yes"', "!!str 1", "!!int '12'", "!!int ' 12 '", "!!int 0o17", "!!int '0x_1f'",
    "!!int '١٢'", "!!float 1", "!!float ' 1.5 '", "!!float 'nan'", "!!float '1:30'", "!!float 1e3", "!!bool yEs",
    "!!null x", "! 1", "! '1'", "! yes", "!<tag:yaml.org,2002:int> 5", "'it''s'", '"\\x41\\u00e9\\U0001F600"', "[1, {b: c}]",
    "{x: [], y: {}}", "|\n  l1\n  l2\n", ">\n  f1\n  f2\n", "&a [1]", "1 # comment", "a b  c", "caf\\u00e9",
]
YAML_ERRORS = ["!!bool maybe", "0b_", "0x_", "!!int", "!!float", "!!bool", "<<", "!foo x", "!!binary aGk=", "!!set {x}",
               "!!timestamp 2001-01-01", "!!str [1]", "!!map [1]", "!!seq {a: 1}", "*nope", "b: c"]


def plain_scalars():
    rng = random.Random(7)
    alphabet = "0123456789_+-.:eExXbBoOaAfFnNiIyYtT~"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(1500)]


def test_yaml_typing_matches_pyyaml(quire_bin, tmp_path):
    good, bad = [], []
    for scalar in YAML_SCALARS + plain_scalars():
        try:
            value = yaml.load(f"a: {scalar}", Loader=NoDatesSafeLoader)
            (good if isinstance(value, dict) and list(value) == ["a"] else bad).append(scalar)
        except Exception:
            bad.append(scalar)
    text = "".join(f"k{i}: {s}\n" if "\n" not in s else f"k{i}: {s}" for i, s in enumerate(good))
    expected = yaml.load(text, Loader=NoDatesSafeLoader)
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    proc, out = prepare(quire_bin, tmp_path, python_notebook(), "-f", "p.yaml")
    assert proc.returncode == 0, proc.stderr.decode()
    ours = out["metadata"]["papermill"]["parameters"]
    mismatches = [(s, ours.get(f"k{i}"), expected[f"k{i}"]) for i, s in enumerate(good)
                  if canonical(ours.get(f"k{i}")) != canonical(expected[f"k{i}"])]
    assert not mismatches
    assert len(good) > 1000


@pytest.mark.parametrize("scalar", YAML_ERRORS)
def test_yaml_values_papermill_cannot_use_are_errors(quire_bin, tmp_path, scalar):
    try:
        value = yaml.load(f"a: {scalar}", Loader=NoDatesSafeLoader)
        json.dumps(value)  # nbformat would have to write it into the notebook
        pytest.fail(f"PyYAML and json accept {scalar!r}")
    except Exception:
        pass
    proc, _ = prepare(quire_bin, tmp_path, python_notebook(), "-y", f"a: {scalar}")
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("quire: -y: ")


@pytest.mark.parametrize("scalar", ["!!omap [a: 1]", "!!pairs [a: 1]"])
def test_ordered_pairs_are_refused(quire_bin, tmp_path, scalar):
    # A known difference: PyYAML makes tuples, papermill writes them as lists and renders the
    # tuples' repr as strings ("('a', 1)"), which no kernel can use. Quire refuses them.
    assert yaml.load(f"a: {scalar}", Loader=NoDatesSafeLoader) == {"a": [("a", 1)]}
    proc, _ = prepare(quire_bin, tmp_path, python_notebook(), "-y", f"a: {scalar}")
    assert proc.returncode == 1 and b"cannot be parameters" in proc.stderr


@pytest.mark.parametrize("document", ["", "---\n...\n", "~", "{}", "a: 1\na: 2"])
def test_empty_documents_and_duplicate_keys(quire_bin, tmp_path, document):
    proc, out = prepare(quire_bin, tmp_path, python_notebook(), "-y", document, "-p", "z", "1")
    if document == "a: 1\na: 2":  # PyYAML keeps the last value; Yams' parser refuses repeated keys
        assert yaml.load(document, Loader=NoDatesSafeLoader) == {"a": 2}
        assert proc.returncode == 1 and b"appears twice" in proc.stderr
        return
    assert proc.returncode == 0
    assert out["metadata"]["papermill"]["parameters"] == {"z": 1}


def test_leading_byte_order_mark_in_yaml_strings_is_lost(quire_bin, tmp_path):
    # A known difference: Yams decodes scalars with Foundation, which drops a leading U+FEFF.
    # -p and -r values keep it; a U+FEFF anywhere else in a YAML string is kept.
    proc, out = prepare(quire_bin, tmp_path, python_notebook(), "-y", 'a: "\\ufeffx"\nb: "y\\ufeffx"', "-r", "c", "\ufeffz")
    assert proc.returncode == 0
    assert out["metadata"]["papermill"]["parameters"] == {"a": "x", "b": "y\ufeffx", "c": "\ufeffz"}


# MARK: - -b and path templates

BASE64_CASES = [base64.b64encode(b"a: 1\nb: [x, 2]").decode(), "YTo g\neA==!!garbage", "YTogeA", "YTogM", "YTo", "YQ==YQ==",
                "YTogeA=", "YTog=eA==", "=YTogeA==", "YTog\u00e9eA==", base64.b64encode("a: é".encode("utf-16")).decode(),
                base64.b64encode(b"a: \xff").decode(), "", "===="]


@pytest.mark.parametrize("encoded", BASE64_CASES)
def test_base64_matches_python(quire_bin, tmp_path, encoded):
    try:
        expected = yaml.load(base64.b64decode(encoded), Loader=NoDatesSafeLoader) or {}
    except Exception:
        expected = None
    proc, out = prepare(quire_bin, tmp_path, python_notebook(), "-b", encoded, "-p", "z", "1")
    if expected is None or not isinstance(expected, dict):
        assert proc.returncode == 1, f"papermill fails on {encoded!r}, quire gave {out}"
        return
    assert proc.returncode == 0, proc.stderr.decode()
    assert canonical(out["metadata"]["papermill"]["parameters"]) == canonical({**expected, "z": 1})


TEMPLATE_PARAMS = {"a": 7, "f": 0.6, "s": "x'y", "b": True, "n": None, "d": {"k": [1, "two"]}, "l": [3, 4], "big": 1234567}
TEMPLATES = ["o_{a}", "o_{f}", "o_{s}", "o_{b}", "o_{n}", "o_{d}", "o_{l}", "o_{d[k][1]}", "o_{l[0]}", "o_{s!r}", "o_{d!s}",
             "o_{s!a}", "{{x}}_{a}", "o_{a:>5}", "o_{a:<5}|", "o_{a:^5}|", "o_{a:*^7}", "o_{a:03d}", "o_{a:+d}", "o_{a: d}",
             "o_{a:#x}", "o_{a:X}", "o_{a:#o}", "o_{a:b}", "o_{big:,}", "o_{big:_}", "o_{big:_x}", "o_{f:.2f}", "o_{f:e}",
             "o_{f:.3E}", "o_{f:g}", "o_{f:%}", "o_{f:.1%}", "o_{f:10.3f}", "o_{f:<10}|", "o_{f:+}", "o_{a:f}", "o_{s:>6}",
             "o_{s:.1}", "o_{b:d}", "o_{big:,.2f}"]


@pytest.mark.parametrize("template", TEMPLATES)
def test_path_templates_match_str_format(quire_bin, tmp_path, template):
    expected = template.format(**TEMPLATE_PARAMS)
    write_json(tmp_path / "in.ipynb", python_notebook())
    params = "".join(f"{k}: {to_yaml(v)}\n" for k, v in TEMPLATE_PARAMS.items())
    proc = run_quire(quire_bin, "run", "in.ipynb", template, "--prepare-only", "-y", params, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads((tmp_path / expected).read_text())["metadata"]["papermill"]["output_path"] == expected
