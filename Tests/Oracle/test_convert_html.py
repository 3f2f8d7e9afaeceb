"""`quire convert --to html`: one self-contained page, checked in headless Chromium (selenium):
the content shows, images load, and notebook scripts run only with --trusted. A screenshot of
each page is saved in the test's tmp dir."""

from __future__ import annotations

import base64
import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from conftest import run_quire


def png(width: int, height: int, rgb: tuple[int, int, int]) -> str:
    """A solid-colour PNG, base64-encoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return base64.b64encode(data).decode()


SCRIPT_HTML = "<p>html output</p><script>document.title = 'pwned'; window.quirePwned = 1;</script>"
TABLE_HTML = ("<table class='dataframe'><thead><tr><th></th><th>city</th><th>temp</th></tr></thead><tbody>"
              "<tr><th>0</th><td>Oslo</td><td>-3.5</td></tr><tr><th>1</th><td>Lagos</td><td>31.0</td></tr></tbody></table>")
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#4c8"/>'
       '<text x="10" y="25">svg ok</text></svg>')


def demo_notebook() -> dict:
    md = ("# Quire demo\n\nSome *emphasis*, **strong**, `code` and a [link](https://jupyter.org).\n\n"
          "- first item\n- second item with $x_1 * y_2$\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
          "> quoted\n\n```python\nprint('fenced')\n```\n\n![attached](attachment:dot.png)\n\n"
          "<b>inline html</b> <img src=x onerror=\"document.title='md-pwned'\">\n")
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": "Hello from stdout\nprogress\r50%\r100%\n"},
        {"output_type": "stream", "name": "stderr", "text": "a warning on stderr\n"},
        {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "42"}},
        {"output_type": "display_data", "metadata": {"image/png": {"width": 64}},
         "data": {"image/png": png(16, 8, (220, 40, 40)), "text/plain": "<Figure>"}},
        {"output_type": "display_data", "metadata": {}, "data": {"text/html": TABLE_HTML, "text/plain": "df"}},
        {"output_type": "display_data", "metadata": {}, "data": {"image/svg+xml": SVG, "text/plain": "svg"}},
        {"output_type": "display_data", "metadata": {}, "data": {"text/html": SCRIPT_HTML, "text/plain": "x"}},
        {"output_type": "display_data", "metadata": {},
         "data": {"application/javascript": "window.quireJS = 1;", "text/plain": "<Javascript>"}},
        {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": "**markdown output**"}},
        {"output_type": "display_data", "metadata": {}, "data": {"text/latex": "$\\alpha^2$"}},
        {"output_type": "display_data", "metadata": {}, "data": {"application/json": {"key": [1, 2, {"n": None}]}}},
        {"output_type": "display_data", "metadata": {},
         "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "m1", "version_major": 2, "version_minor": 0},
                  "text/plain": "IntSlider(value=3)"}},
        {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero",
         "traceback": ["\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
                       "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"]},
    ]
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": md,
             "attachments": {"dot.png": {"image/png": png(10, 10, (30, 90, 200))}}},
            {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "print('Hello from stdout')\n1/0",
             "outputs": outputs},
            {"cell_type": "raw", "metadata": {}, "source": "raw <cell>"},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver_path = shutil.which("chromedriver")
    assert binary and driver_path, "chromium and chromium-driver must be installed (apt-get install chromium chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    yield driver
    driver.quit()


def convert(quire_bin, tmp_path: Path, *flags: str) -> Path:
    path = tmp_path / "demo.ipynb"
    path.write_text(json.dumps(demo_notebook()), encoding="utf-8")
    out = tmp_path / ("trusted" if flags else "untrusted")
    result = run_quire(quire_bin, "convert", "--to", "html", "--output-dir", str(out), *flags, str(path))
    assert result.returncode == 0, result.stderr.decode()
    return out / "demo.html"


def screenshot(driver, tmp_path: Path, name: str) -> Path:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1100, min(max(height + 40, 600), 8000))
    shot = tmp_path / f"{name}.png"
    driver.save_screenshot(str(shot))
    driver.set_window_size(1100, 900)
    print(f"screenshot: {shot}")
    return shot


def test_untrusted_page_renders_everything_and_runs_no_notebook_script(quire_bin, browser, tmp_path):
    page = convert(quire_bin, tmp_path)
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html.lower(), "no script element may come from the notebook"
    assert "Content-Security-Policy" in html
    browser.get(page.as_uri())
    text = browser.find_element("tag name", "body").text
    for expected in ["Quire demo", "emphasis", "first item", "Hello from stdout", "100%", "a warning on stderr",
                     "In [1]:", "Out[1]:", "42", "ZeroDivisionError: division by zero", "markdown output",
                     "\\alpha^2", '"key"', "IntSlider(value=3)", "window.quireJS = 1;", "<b>inline html</b>",
                     "raw <cell>"]:
        assert expected in text, f"{expected!r} not shown"
    assert "50%" not in text
    images = browser.find_elements("css selector", "img")
    widths = {img.get_attribute("alt"): browser.execute_script("return arguments[0].naturalWidth", img) for img in images}
    assert widths.get("<Figure>") == 16 and widths.get("attached") == 10 and widths.get("svg") == 120, widths
    frames = browser.find_elements("css selector", "iframe")
    assert len(frames) == 2 and all(f.get_attribute("sandbox") == "" for f in frames)
    browser.switch_to.frame(frames[0])
    assert "Lagos" in browser.find_element("tag name", "body").text
    browser.switch_to.default_content()
    assert browser.title == "Quire demo"
    assert browser.execute_script("return [window.quirePwned, window.quireJS]") == [None, None]
    assert screenshot(browser, tmp_path, "untrusted").stat().st_size > 10000


def test_trusted_page_runs_notebook_scripts(quire_bin, browser, tmp_path):
    page = convert(quire_bin, tmp_path, "--trusted")
    html = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" not in html
    browser.get(page.as_uri())
    assert browser.execute_script("return [window.quirePwned, window.quireJS]") == [1, 1]
    assert browser.title in ("pwned", "md-pwned")
    assert "inline html" in browser.find_element("tag name", "b").text
    screenshot(browser, tmp_path, "trusted")


def test_every_corpus_notebook_becomes_a_safe_page(quire_bin, v4_corpus, tmp_path):
    import html.parser

    staged = tmp_path / "in"
    staged.mkdir()
    for i, path in enumerate(v4_corpus):
        shutil.copyfile(path, staged / f"{i:03d}.ipynb")
    out = tmp_path / "out"
    result = run_quire(quire_bin, "convert", "-q", "--to", "html", "--output-dir", str(out), str(staged))
    pages = sorted(out.glob("*.html"))
    # notebooks quire cannot read (or whose images are not base64) are reported; the rest are converted
    failures = result.stderr.decode().strip().splitlines()
    assert len(pages) + len(failures) == len(v4_corpus) and len(pages) > 250, failures[:5]

    class Checker(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            for name, value in attrs:
                assert not name.startswith("on"), f"event handler attribute {name}"
                if name in ("href", "src") and value:
                    assert not value.strip().lower().startswith("javascript:"), value

    for page in pages:
        text = page.read_text(encoding="utf-8")
        checker = Checker()
        checker.feed(text)
        assert "script" not in checker.tags, page.name
        assert checker.tags.count("meta") >= 3 and "Content-Security-Policy" in text
