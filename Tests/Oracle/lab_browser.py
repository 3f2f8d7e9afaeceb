"""Helpers for the JupyterLab end-to-end test: the server process, headless Chromium, and JupyterLab
actions on a page (each one an explicit WebDriverWait on a condition, never a sleep)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

URL_RE = re.compile(r"http://127\.0\.0\.1:\d+")
KERNEL_CARD = '.jp-LauncherCard[data-category="Notebook"][title*="Python 3"]'
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
KERNEL_START_TIMEOUT = 60
STEP_TIMEOUT = 30


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server process whose stdout and stderr a reader thread collects line by line."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str):
        """Starts argv in its own process group, stderr merged into stdout."""
        self.argv = argv
        self.lines: list[str] = []
        self.ended = False
        self.changed = threading.Condition()
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                     start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Appends each output line as it arrives, then marks the end of the output."""
        for raw in self.proc.stdout:
            with self.changed:
                self.lines.append(raw.decode("utf-8", "replace"))
                self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def output(self) -> str:
        """Everything the server printed so far."""
        with self.changed:
            return "".join(self.lines)

    def wait_for_url(self, timeout: float) -> str:
        """The first http://127.0.0.1:PORT the server prints, awaited for at most timeout seconds."""
        def found() -> str | None:
            """The URL if a line has one yet."""
            return next((m.group(0) for line in self.lines if (m := URL_RE.search(line))), None)

        with self.changed:
            self.changed.wait_for(lambda: found() or self.ended, timeout)
            url = found()
        assert url, (f"no http://127.0.0.1:PORT line from {self.argv} within {timeout}s "
                     f"(exit status {self.proc.poll()}); it printed:\n{self.output()}")
        return url

    def stop(self, grace: float = 15) -> None:
        """SIGTERM, then SIGKILL to the whole process group if it has not ended after grace seconds."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(grace)


def start_browser() -> webdriver.Chrome:
    """Headless Debian Chromium through /usr/bin/chromedriver, keeping the browser console log."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def browser_log(driver) -> str:
    """The browser console log so far, one entry a line (or why it is unavailable)."""
    try:
        return "\n".join(f"{e['level']} {e['message']}" for e in driver.get_log("browser"))
    except (WebDriverException, AttributeError) as error:
        return f"(no browser log: {error})"


class Lab:
    """JupyterLab actions on one browser page, with numbered screenshots of the steps."""

    def __init__(self, driver, base_url: str, token: str, shots: Path):
        """Drives `driver` against the server at base_url; screenshots go to shots."""
        self.driver, self.base_url, self.token, self.shots = driver, base_url, token, shots
        self.step = 0

    def wait(self, condition, what: str, timeout: float = STEP_TIMEOUT):
        """condition(driver)'s first truthy value, polled for at most timeout seconds."""
        waiter = WebDriverWait(self.driver, timeout, poll_frequency=0.2,
                               ignored_exceptions=(StaleElementReferenceException,))
        try:
            return waiter.until(condition)
        except TimeoutException:
            self.shot("timeout")
            raise TimeoutException(f"timed out after {timeout}s waiting for {what}") from None

    def find(self, css: str, what: str | None = None, timeout: float = STEP_TIMEOUT, root=None):
        """The first displayed element matching css (under root), awaited."""
        def displayed(driver):
            """The first matching element that is displayed, if any."""
            return next((e for e in (root or driver).find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None)
        return self.wait(displayed, what or css, timeout)

    def shot(self, name: str) -> None:
        """Saves a numbered PNG screenshot of the page."""
        self.step += 1
        self.driver.save_screenshot(str(self.shots / f"{self.step:02d}-{name}.png"))

    def open(self) -> None:
        """Loads /lab with the token and waits until the app has started and the file browser lists files."""
        self.driver.get(f"{self.base_url}/lab?token={self.token}")
        self.wait_ready()

    def wait_ready(self) -> None:
        """Waits for the JupyterLab shell: theme applied, splash gone, menu bar and file browser shown."""
        self.wait(lambda d: d.execute_script(
            "return document.body.dataset.jpThemeName && !document.querySelector('#jupyterlab-splash')"),
            "JupyterLab to start", KERNEL_START_TIMEOUT)
        self.find("#jp-MainMenu .lm-MenuBar-item", "the main menu")
        self.find(".jp-DirListing-content", "the file browser")

    def new_notebook(self) -> None:
        """Creates a notebook from the Python 3 launcher card and waits for its kernel to be idle."""
        self.find(KERNEL_CARD, "the Python 3 notebook launcher card", KERNEL_START_TIMEOUT).click()
        self.find(f"{NOTEBOOK} .jp-Cell .cm-content", "the new notebook's first cell")
        accept, idle = ".jp-Dialog .jp-mod-accept", f'{NOTEBOOK} .jp-Notebook-ExecutionIndicator[data-status="idle"]'
        first = self.find(f"{accept}, {idle}", "a kernel chooser dialog or an idle kernel", KERNEL_START_TIMEOUT)
        if "jp-mod-accept" in first.get_attribute("class"):  # a kernel chooser: the launcher card names the kernel
            first.click()
        self.wait_kernel_idle()

    def wait_kernel_idle(self, timeout: float = KERNEL_START_TIMEOUT) -> None:
        """Waits until the notebook toolbar's execution indicator and the status bar show an idle Python 3 kernel."""
        self.find(f'{NOTEBOOK} .jp-Notebook-ExecutionIndicator[data-status="idle"]', "an idle kernel", timeout)
        self.wait(lambda d: re.search(r"Python 3.*\| Idle", d.find_element(By.ID, "jp-main-statusbar").text),
                  "'Python 3 ... | Idle' in the status bar", timeout)

    def cells(self) -> list:
        """The cells of the active notebook, in order."""
        return self.driver.find_elements(By.CSS_SELECTOR, f"{NOTEBOOK} .jp-Notebook .jp-Cell")

    def cell(self, index: int):
        """The cell at index, awaited."""
        return self.wait(lambda d: (cells := self.cells()) and len(cells) > index and cells[index],
                         f"cell {index}")

    def run_cell(self, index: int, code: str):
        """Types code into the empty cell at index, runs it with Shift+Enter and returns the cell."""
        cell = self.cell(index)
        editor = cell.find_element(By.CSS_SELECTOR, ".cm-content")
        assert editor.text == "", f"cell {index} is not empty: {editor.text!r}"
        editor.click()
        self.wait(lambda d: "jp-mod-editMode" in d.find_element(By.CSS_SELECTOR, f"{NOTEBOOK} .jp-Notebook")
                  .get_attribute("class"), f"edit mode in cell {index}")
        editor.send_keys(code)
        self.wait(lambda d: editor.text == code, f"cell {index} to read {code!r}")
        ActionChains(self.driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
        self.wait(lambda d: len(self.cells()) > index + 1 or "*" in self.prompt(index),
                  f"cell {index} to start running")
        return cell

    def prompt(self, index: int) -> str:
        """The execution prompt of the cell at index, like '[3]:' or '[*]:'."""
        return self.cell(index).find_element(By.CSS_SELECTOR, ".jp-InputPrompt").text

    def wait_output(self, index: int, text: str, timeout: float = STEP_TIMEOUT) -> str:
        """Waits until the output area of the cell at index contains text; returns the whole output text."""
        def output(driver):
            """The cell's output text if it contains text yet."""
            found = " ".join(e.text for e in self.cell(index).find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output"))
            return found if text in found else None
        return self.wait(output, f"{text!r} in the output of cell {index}", timeout)

    def wait_text(self, element, text: str, timeout: float = STEP_TIMEOUT) -> None:
        """Waits until an element's text is exactly text."""
        self.wait(lambda driver: element.text == text, f"the text {text!r} (it shows {element.text!r})", timeout)

    def wait_done(self, index: int) -> None:
        """Waits until the cell at index has an execution count (it is no longer queued or running)."""
        self.wait(lambda d: re.fullmatch(r"\[\d+\]:", self.prompt(index)), f"cell {index} to finish")

    def interrupt(self) -> None:
        """Clicks the notebook toolbar's interrupt-kernel button."""
        self.find(f'{NOTEBOOK} .jp-Toolbar-item[data-jp-item-name="interrupt"] jp-button', "the interrupt button").click()

    def save_as(self, name: str) -> None:
        """Saves with Ctrl+S, answers JupyterLab's rename-on-first-save dialog with name, awaits a clean tab."""
        ActionChains(self.driver).send_keys(Keys.ESCAPE).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
        field = self.find(".jp-Dialog input.jp-mod-styled", "the rename dialog's name field")
        self.shot("rename-dialog")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(name)
        self.find(".jp-Dialog .jp-mod-accept", "the rename dialog's accept button").click()
        self.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, ".jp-Dialog"), "the rename dialog to close")
        self.wait_clean_tab(name)

    def wait_clean_tab(self, name: str) -> None:
        """Waits for the current tab to be titled name and not marked dirty."""
        tab = ".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current"
        self.wait(lambda d: (t := d.find_element(By.CSS_SELECTOR, tab)).text.strip() == name
                  and "jp-mod-dirty" not in t.get_attribute("class"), f"a saved tab named {name}")

    def reopen(self, name: str) -> None:
        """Reloads the page and opens name by double-clicking it in the file browser."""
        self.driver.refresh()
        self.wait_ready()
        item = f'.jp-DirListing-item[title^="Name: {name}"]'

        def double_click(driver) -> bool:
            """Double-clicks the file's row (retried if the listing re-renders it meanwhile)."""
            ActionChains(driver).double_click(driver.find_element(By.CSS_SELECTOR, item)).perform()
            return True
        self.wait(double_click, f"{name} in the file browser")
        self.wait_clean_tab(name)
        self.find(f"{NOTEBOOK} .jp-Cell .cm-content", f"the cells of {name}")
