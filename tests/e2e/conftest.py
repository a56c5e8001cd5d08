"""End-to-end fixtures: a real ``watthub run`` process on a copy of the demo home, users
and tokens made with the real CLI, and the real Home Assistant JS client (node).

The hub is shared by the tests of a module (starting one takes a second or two); a test
may restart it on the same port and configuration. Node and the packages of
``tests/js`` are required: ``make test`` installs them, and their absence is a failure
with instructions, never a skip, so CI proves that the real client works.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = ROOT / "config"
JS_DIR = ROOT / "tests" / "js"
HAWS_SCRIPT = JS_DIR / "haws_client.mjs"
JS_TEST_INTEGRATION = Path(__file__).resolve().parent / "custom_components" / "js_test"
WATTHUB = Path(sys.executable).with_name("watthub")

ADMIN_NAME = "JS Tester"
ADMIN_USERNAME = "js_tester"
ADMIN_PASSWORD = "correct horse battery staple"

# Entities of the demo home every scenario can rely on.
DEMO_ENTITIES = frozenset(
    {
        "switch.washing_machine",
        "switch.fridge",
        "switch.media",
        "water_heater.water_heater",
        "sensor.electricity_meter_power",
        "sensor.solar_power",
    }
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _cli(*args: str | Path, stdin: str | None = None) -> str:
    """Run ``watthub <args>``; returns its standard output."""
    done = subprocess.run(
        [str(WATTHUB), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=15,
        check=False,
    )
    assert done.returncode == 0, f"watthub {' '.join(map(str, args))}: {done.stderr}"
    return done.stdout


@dataclass
class LiveHub:
    """A ``watthub run`` process on a loopback port."""

    config: Path
    port: int
    token: str  # a long-lived access token of the administrator
    log_dir: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    stderr_files: list[Path] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.starts += 1
        stderr = self.log_dir / f"hub-{self.starts}.stderr"
        self.stderr_files.append(stderr)
        with stderr.open("wb") as err:
            self.process = subprocess.Popen(
                [
                    str(WATTHUB),
                    "run",
                    "--config",
                    str(self.config),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        self._wait_ready(time.monotonic() + 15)

    def _wait_ready(self, deadline: float) -> None:
        """Until ``GET /api/`` answers 200 with the token."""
        request = urllib.request.Request(
            f"{self.url}/api/", headers={"Authorization": f"Bearer {self.token}"}
        )
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(f"the hub exited with {self.process.returncode}:\n{self.stderr()}")
            try:
                with urllib.request.urlopen(request, timeout=1) as response:
                    assert response.status == 200
                    return
            except OSError:  # not listening yet (HTTP errors are OSErrors too)
                if time.monotonic() > deadline:
                    pytest.fail(f"the hub did not answer on {self.url}:\n{self.stderr()}")
                time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM, and check that the hub stopped cleanly."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail(f"the hub did not stop within 10 s of SIGTERM:\n{self.stderr()}")
        assert process.returncode == 0, self.stderr()

    def restart(self) -> None:
        """Stop and start again on the same port and configuration."""
        self.stop()
        self.start()

    def stderr(self) -> str:
        return "".join(path.read_text(errors="replace") for path in self.stderr_files)

    def request(self, method: str, path: str, body: Any = None) -> Any:
        """An authenticated REST call; returns the decoded JSON answer."""
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)

    def oauth_tokens(self, client_id: str) -> dict[str, Any]:
        """Sign in as the administrator through HA's OAuth flow, as a browser app would:
        login flow, then the authorization code exchanged at ``/auth/token``."""

        def post(path: str, body: dict[str, Any], form: bool = False) -> Any:
            data = urllib.parse.urlencode(body) if form else json.dumps(body)
            kind = "application/x-www-form-urlencoded" if form else "application/json"
            request = urllib.request.Request(
                f"{self.url}{path}", data=data.encode(), headers={"Content-Type": kind}
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                return json.load(response)

        flow = post(
            "/auth/login_flow",
            {
                "client_id": client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": f"{client_id}?auth_callback=1",
                "type": "authorize",
            },
        )
        assert flow["type"] == "form", flow
        step = post(
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": client_id, "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD},
        )
        assert step["type"] == "create_entry", step
        tokens: dict[str, Any] = post(
            "/auth/token",
            {"grant_type": "authorization_code", "code": step["result"], "client_id": client_id},
            form=True,
        )
        return tokens


@pytest.fixture(scope="session")
def node() -> str:
    """The ``node`` binary, with the pinned packages of ``tests/js`` installed."""
    binary = shutil.which("node")
    if binary is None:
        pytest.fail(
            "node is not installed: the WebSocket API is tested with the real "
            "home-assistant-js-websocket client. Run `make install-js` (or `make test`), "
            "which installs Debian's nodejs and npm and the packages of tests/js."
        )
    pinned = json.loads((JS_DIR / "package.json").read_text())["dependencies"]
    for package, version in pinned.items():
        manifest = JS_DIR / "node_modules" / package / "package.json"
        installed = json.loads(manifest.read_text())["version"] if manifest.is_file() else None
        if installed != version:
            pytest.fail(
                f"tests/js needs {package} {version} (found {installed or 'nothing'}): "
                "run `make install-js` (npm ci in tests/js)."
            )
    return binary


@pytest.fixture(scope="module")
def live_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    """A running hub on a copy of the demo home with the ``js_test`` integration, and an
    administrator (with a long-lived token) created by the CLI before the start."""
    base = tmp_path_factory.mktemp("e2e")
    config = base / "config"
    config.mkdir()
    for name in ("configuration.yaml", "customize.yaml"):
        shutil.copy(EXAMPLE_CONFIG / name, config / name)
    with (config / "configuration.yaml").open("a") as yaml:
        yaml.write("\n# Test-only services that return data (tests/e2e).\njs_test:\n")
    shutil.copytree(
        JS_TEST_INTEGRATION,
        config / "custom_components" / "js_test",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    _cli(
        "auth",
        "create-user",
        ADMIN_NAME,
        "--admin",
        "--username",
        ADMIN_USERNAME,
        "--password-stdin",
        "--config",
        config,
        stdin=ADMIN_PASSWORD + "\n",
    )
    token = _cli("auth", "token", ADMIN_USERNAME, "--name", "js client", "--config", config)
    hub = LiveHub(config, _free_port(), token.strip().splitlines()[-1], base)
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()
    log = hub.stderr()
    assert "Traceback" not in log, log


@dataclass
class HawsRun:
    """What one run of ``haws_client.mjs`` printed."""

    result: dict[str, Any]
    warnings: list[str]
    marks: list[str]


def parse_haws_output(stdout: str, stderr: str, hub: LiveHub) -> HawsRun:
    """The JSON lines of a finished run; a failure shows everything that is known."""
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    marks = [line["mark"] for line in lines if "mark" in line]
    final = lines[-1] if lines else {}
    if "result" not in final:
        pytest.fail(
            "the JS client failed: "
            + json.dumps(final, indent=1)
            + f"\nnode stderr:\n{stderr}\nhub log:\n{hub.stderr()[-4000:]}"
        )
    return HawsRun(final["result"], final.get("warnings", []), marks)


def haws_input(hub: LiveHub, **extra: Any) -> str:
    """The JSON argument of the script."""
    return json.dumps({"url": hub.url, "token": hub.token, **extra})
