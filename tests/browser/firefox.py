"""Debian's firefox-esr, headless, driven over Marionette, the protocol built into Firefox.

Playwright drives only its own patched Firefox builds, and no browser but
Debian's can be installed here. Marionette needs no driver program: Firefox
listens on a local port and speaks length-prefixed JSON (``17:[0,1,"Cmd",{}]``),
which a few lines can send. Every proxy points at a closed local port, so
whatever a page tried to fetch over the network would fail on this machine.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

#: Preferences of the throwaway profile: a port of the system's choosing, no
#: background traffic, and any network request sent to a closed local port.
PREFS: dict[str, object] = {
    "marionette.port": 0,
    "app.update.enabled": False,
    "app.normandy.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.safebrowsing.update.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "extensions.update.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.allow_hijacking_localhost": True,
}
#: Seconds to wait for Firefox to open its Marionette port.
START_TIMEOUT = 30.0


class Firefox:
    """One headless Firefox with a fresh profile; `close` ends it and removes the profile."""

    def __init__(self, executable: str) -> None:
        self._profile = Path(tempfile.mkdtemp(prefix="firefox-profile-"))
        (self._profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFS.items())
        )
        self._process = subprocess.Popen(
            [executable, "--headless", "--marionette", "--no-remote", "--profile", self._profile],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._socket = socket.create_connection(("127.0.0.1", self._port()))
        self._buffer = b""
        self._last_id = 0
        self._receive()  # the server's greeting
        self._command("WebDriver:NewSession", {"capabilities": {}})

    def open(self, path: Path) -> None:
        """Load a local file and wait for its load event."""
        self._command("WebDriver:Navigate", {"url": path.resolve().as_uri()})

    def evaluate(self, arrow: str) -> Any:
        """The value of a JavaScript function (``"() => …"``) called in the page."""
        return self._command("WebDriver:ExecuteScript", {"script": f"return ({arrow})();"})["value"]

    def wait_for(self, arrow: str, timeout: float = 10.0) -> Any:
        """Call ``arrow`` until it returns something truthy; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not (value := self.evaluate(arrow)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{arrow} stayed falsy for {timeout} s")
            time.sleep(0.05)
        return value

    def close(self) -> None:
        try:
            self._command("Marionette:Quit", {"flags": ["eForceQuit"]})
        finally:
            self._socket.close()
            self._process.wait(timeout=START_TIMEOUT)
            shutil.rmtree(self._profile, ignore_errors=True)

    def _port(self) -> int:
        written = self._profile / "MarionetteActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if written.exists() and written.read_text().strip():
                return int(written.read_text())
            time.sleep(0.05)
        self._process.kill()
        raise TimeoutError("Firefox opened no Marionette port")

    def _command(self, name: str, parameters: dict[str, Any]) -> Any:
        self._last_id += 1
        message = json.dumps([0, self._last_id, name, parameters]).encode()
        self._socket.sendall(str(len(message)).encode() + b":" + message)
        while True:
            kind, message_id, error, result = self._receive()
            if kind == 1 and message_id == self._last_id:
                if error:
                    raise RuntimeError(f"{name}: {error}")
                return result

    def _receive(self) -> Any:
        while b":" not in self._buffer:
            self._buffer += self._chunk()
        length, _, rest = self._buffer.partition(b":")
        while len(rest) < int(length):
            rest += self._chunk()
        self._buffer = rest[int(length) :]
        return json.loads(rest[: int(length)])

    def _chunk(self) -> bytes:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise ConnectionError("Firefox closed the Marionette connection")
        return chunk
