"""Start Prism (``@stoplight/prism-cli``, pinned in package.json) as a mock server of a spec.

Used by the contract tests, the README tests and ``make demo``. Prism is an implementation of
the specs that nobody here wrote: it rejects requests the spec does not allow (``sl-violations``
header) and answers with the spec's examples.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"


class PrismError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


class Prism:
    """``with Prism("reduct") as p:`` -> a mock of openapi/reduct.yaml at ``p.url``."""

    def __init__(self, spec: str, port: int | None = None) -> None:
        self.spec = ROOT / "openapi" / f"{spec}.yaml"
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = tempfile.NamedTemporaryFile(prefix=f"prism-{spec}-", suffix=".log", delete=False)  # noqa: SIM115
        self.log_path = Path(self._log.name)
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> Prism:
        if not PRISM.exists():
            node = shutil.which("node")
            hint = "run `make install`" if node else "install Node.js 18+ with npm, then run `make install`"
            raise PrismError(f"Prism is not installed at {PRISM}: {hint}")
        env = dict(os.environ, NO_COLOR="1", FORCE_COLOR="0")
        self._proc = subprocess.Popen(
            [str(PRISM), "mock", str(self.spec), "-h", "127.0.0.1", "-p", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise PrismError(f"Prism exited with {self._proc.returncode}:\n{self.logs()}")
            if "Prism is listening" in self.logs():
                return self
            time.sleep(0.1)
        self.stop()
        raise PrismError(f"Prism did not start within {timeout} s:\n{self.logs()}")

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
        self._proc = None
        self._log.close()

    def __enter__(self) -> Prism:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
