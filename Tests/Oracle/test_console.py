"""`quire console`: output compared with what jupyter_client receives from the same kernel, and
clean exits proved by PID: after `quire console` ends (normally, at end of input, on SIGTERM),
no kernel process it started is left."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from conftest import ROOT

SNIPPETS = [
    "print(1+1)",
    "6*7",
    "for i in range(3): print(i)",
    "import sys; print('to stderr', file=sys.stderr)",
    "x = 5",
    "'a' * 3",
    "from IPython.display import display; display('shown'); 'result'",
]


def jupyter_output(kernel_name: str, code: str) -> tuple[str, str, str]:
    """stdout text, stderr text and status, as jupyter_client receives them, printed the way
    `quire console -c` prints them: stream text as sent, text/plain of results and displays."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name=kernel_name)
    out, err = [], []

    def hook(msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            (err if content["name"] == "stderr" else out).append(content["text"])
        elif kind in ("execute_result", "display_data") and "text/plain" in content["data"]:
            out.append(content["data"]["text/plain"] + "\n")

    try:
        reply = kc.execute_interactive(code, output_hook=hook, timeout=60)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return "".join(out), "".join(err), reply["content"]["status"]


def console(quire_bin: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([quire_bin, "console", "--python", sys.executable, *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, **kwargs)


@pytest.mark.parametrize("code", SNIPPETS)
def test_output_matches_what_jupyter_client_receives(quire_bin, code):
    expected_out, expected_err, status = jupyter_output("python3", code)
    result = console(quire_bin, "-c", code)
    assert result.stdout == expected_out
    assert expected_err in result.stderr
    assert result.returncode == (0 if status == "ok" else 1)


def test_an_error_prints_the_traceback_and_exits_1(quire_bin):
    result = console(quire_bin, "-c", "def f():\n    raise ValueError('bad value')\nf()")
    assert result.returncode == 1
    assert "ValueError" in result.stderr and "bad value" in result.stderr
    assert "\x1b[" not in result.stderr, "colours are stripped when stderr is not a terminal"


def test_other_kernels(quire_bin):
    result = console(quire_bin, "--kernel", "bash", "-c", "echo from bash; echo $((6*7))")
    assert (result.returncode, result.stdout) == (0, "from bash\n42\n")
    result = console(quire_bin, "--kernel", "xpython", "-c", "print('from xeus')")
    assert (result.returncode, result.stdout) == (0, "from xeus\n")


def test_unknown_kernel_is_a_clear_error(quire_bin):
    result = console(quire_bin, "--kernel", "no-such-kernel", "-c", "1")
    assert result.returncode == 1
    assert "no kernel named 'no-such-kernel'" in result.stderr


# --- clean exit, checked by PID ------------------------------------------------------------

def gone(pid: int, within: float) -> bool:
    """Waits up to `within` seconds for the process to disappear (a zombie counts as gone)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


class Repl:
    """`quire console` reading code from a pipe."""

    def __init__(self, quire_bin: str, kernel: str = "python3"):
        self.proc = subprocess.Popen([quire_bin, "console", "--python", sys.executable, "--kernel", kernel],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)

    def run(self, line: str) -> str:
        """Sends one line of code and returns the next line of output."""
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        assert ready, "no output from quire console within 60 s"
        return self.proc.stdout.readline().decode().strip()

    def wait(self) -> int:
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def test_exit_after_c_leaves_no_kernel(quire_bin):
    result = console(quire_bin, "-c", "import os; print(os.getpid())")
    assert result.returncode == 0
    assert gone(int(result.stdout), within=1), "the kernel outlived quire console -c"


def test_end_of_input_leaves_no_kernel(quire_bin):
    repl = Repl(quire_bin)
    kernel_pid = int(repl.run("import os; print(os.getpid())"))
    assert psutil.pid_exists(kernel_pid)
    repl.proc.stdin.close()
    assert repl.wait() == 0
    assert gone(kernel_pid, within=1)


@pytest.mark.parametrize("kernel,pid_code", [("python3", "import os; print(os.getpid())"),
                                             ("bash", "echo $PPID $$")])
def test_sigterm_shuts_the_kernels_down(quire_bin, kernel, pid_code):
    repl = Repl(quire_bin, kernel)
    pids = [int(p) for p in repl.run(pid_code).split()]
    assert all(psutil.pid_exists(p) for p in pids)
    repl.proc.send_signal(signal.SIGTERM)
    assert repl.wait() == 128 + signal.SIGTERM
    assert all(gone(p, within=1) for p in pids), f"kernel processes {pids} outlived quire"


def test_ctrl_c_interrupts_the_running_code(quire_bin):
    proc = subprocess.Popen([quire_bin, "console", "--python", sys.executable, "-c",
                             "import time; print('sleeping', flush=True); time.sleep(60)"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    assert ready and proc.stdout.readline() == "sleeping\n"
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert "KeyboardInterrupt" in err
    assert time.monotonic() - started < 10


def test_ipykernel_exits_soon_after_quire_is_killed(quire_bin):
    """Not a clean exit: SIGKILL gives quire no chance. ipykernel's parent poller (JPY_PARENT_PID,
    which Quire sets as jupyter_client does) notices within about a second and exits."""
    repl = Repl(quire_bin)
    kernel_pid = int(repl.run("import os; print(os.getpid())"))
    repl.proc.kill()
    repl.wait()
    assert gone(kernel_pid, within=5)
