"""Tests of ``watthub auth`` (``hub.cli.auth``): users and long-lived tokens of a stopped
hub, and the refusal to touch a running hub's storage."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from hub.auth import AUTH, password_provider
from hub.auth.permissions import GROUP_ADMIN, GROUP_READ_ONLY, GROUP_USER
from hub.bootstrap import build_hub, load_auth
from hub.cli import main
from hub.core import Hub
from hub.http.server import HTTP_SERVER
from hub.instance_lock import InstanceLock
from tests.conftest import TEST_HTTP
from tests.hub.cli.conftest import WATTHUB


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap password hashes for the in-process commands."""
    monkeypatch.setattr(password_provider, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Standard input the commands read (not a terminal)."""
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stdin", stream)
    return stream


def _auth(config_dir: Path, *args: str) -> int:
    return main(["auth", *args, "--config", str(config_dir)])


def _create(config_dir: Path, stdin: io.StringIO, password: str, *args: str) -> int:
    stdin.write(password + "\n")
    stdin.seek(0)
    code = _auth(config_dir, "create-user", *args, "--password-stdin")
    stdin.seek(0)
    stdin.truncate()
    return code


async def _status_with_token(config_dir: Path, token: str) -> tuple[int, object]:
    """Start the hub on ``config_dir`` and ``GET /api/`` with ``token``."""
    hub = await build_hub(config_dir, overrides=TEST_HTTP)
    try:
        await hub.start()
        host, port = hub.data[HTTP_SERVER].bound[0]
        async with (
            aiohttp.ClientSession() as session,
            session.get(
                f"http://{host}:{port}/api/", headers={"Authorization": f"Bearer {token}"}
            ) as response,
        ):
            body = await response.json() if response.status == 200 else await response.text()
            return response.status, body
    finally:
        await hub.stop()


async def _users(config_dir: Path) -> dict[str, tuple[list[str], bool]]:
    """username -> (groups, is_owner), read the way the hub reads them."""
    hub = Hub(config_dir)
    try:
        await load_auth(hub)
        auth = hub.data[AUTH]
        return {
            auth.username_of(user) or "": (user.group_ids, user.is_owner) for user in auth.users
        }
    finally:
        await hub.stop()


def test_created_user_and_token_work_against_the_api(
    config_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "configuration.yaml").write_text("")
    assert _create(config_dir, stdin, "correct horse", "Jane Doe", "--admin") == 0
    assert "Created 'Jane Doe' (username 'jane_doe', owner)" in capsys.readouterr().err
    assert _auth(config_dir, "token", "jane_doe", "--name", "bench", "--lifespan-days", "30") == 0
    out = capsys.readouterr().out
    token = out.strip().splitlines()[-1]
    assert token.count(".") == 2  # a JWT
    assert asyncio.run(_status_with_token(config_dir, token)) == (200, {"message": "API running."})
    # The same label twice is refused, as in the web UI.
    assert _auth(config_dir, "token", "Jane Doe", "--name", "bench") == 1
    assert "bench already exists" in capsys.readouterr().err


def test_delete_token_revokes_it(
    config_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "configuration.yaml").write_text("")
    assert _create(config_dir, stdin, "pw", "Sam", "--username", "sam") == 0
    assert _auth(config_dir, "token", "sam", "--name", "meter") == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert _auth(config_dir, "delete-token", "sam", "--name", "meter") == 0
    status, _ = asyncio.run(_status_with_token(config_dir, token))
    assert status == 401
    assert _auth(config_dir, "delete-token", "sam", "--name", "meter") == 1
    assert "no long-lived access token named 'meter'" in capsys.readouterr().err


def test_roles_and_the_first_admin_is_the_owner(config_dir: Path, stdin: io.StringIO) -> None:
    assert _create(config_dir, stdin, "pw", "Kid", "--read-only") == 0
    assert _create(config_dir, stdin, "pw", "Ann", "--admin") == 0
    assert _create(config_dir, stdin, "pw", "Bob", "--admin") == 0
    assert _create(config_dir, stdin, "pw", "Cy") == 0
    assert asyncio.run(_users(config_dir)) == {
        "kid": ([GROUP_READ_ONLY], False),
        "ann": ([GROUP_ADMIN], True),
        "bob": ([GROUP_ADMIN], False),
        "cy": ([GROUP_USER], False),
    }


def test_list_users(
    config_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _create(config_dir, stdin, "pw", "Ann", "--admin") == 0
    assert _create(config_dir, stdin, "pw", "Kid", "--read-only") == 0
    assert _auth(config_dir, "token", "ann", "--name", "grafana") == 0
    capsys.readouterr()
    assert _auth(config_dir, "list-users") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "ann\tAnn\towner, Administrators",
        "\ttoken: grafana",
        "kid\tKid\tRead Only",
    ]


def test_refuses_a_running_hub(
    config_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _create(config_dir, stdin, "pw", "Ann", "--admin") == 0
    with InstanceLock(config_dir):
        assert _auth(config_dir, "token", "ann", "--name", "x") == 1
        assert _create(config_dir, stdin, "pw", "Bob") == 1
    err = capsys.readouterr().err
    assert err.count("A Watthub hub is running on") == 2
    assert asyncio.run(_users(config_dir)) == {"ann": ([GROUP_ADMIN], True)}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["token", "nobody", "--name", "x"], "no user 'nobody'"),
        (["token", "ann", "--name", "x", "--lifespan-days", "0"], "--lifespan-days must be 1"),
        (["create-user", "Other", "--username", "ANN", "--password-stdin"], "'ANN' is taken"),
        (["create-user", "Eve"], "no password: pass --password-stdin"),
        (["create-user", "Eve", "--password-stdin"], "the password is empty"),
    ],
)
def test_errors_exit_1_with_a_message(
    config_dir: Path,
    stdin: io.StringIO,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert _create(config_dir, stdin, "pw", "Ann", "--admin") == 0
    capsys.readouterr()
    assert _auth(config_dir, *args) == 1
    assert message in capsys.readouterr().err


def test_missing_config_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _auth(tmp_path / "nowhere", "list-users") == 1
    assert "is not a directory" in capsys.readouterr().err


def test_prompts_in_a_terminal(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter(["typed secret", "typed secret", "one", "two"])
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert _auth(config_dir, "create-user", "Ann", "--admin") == 0
    assert prompts == ["Password: ", "Repeat password: "]
    assert _auth(config_dir, "create-user", "Bob") == 1
    assert "the passwords differ" in capsys.readouterr().err


def test_the_installed_command_reads_the_password_from_stdin(config_dir: Path) -> None:
    created = subprocess.run(
        [str(WATTHUB), "auth", "create-user", "Ann", "--admin", "--password-stdin",
         "--config", str(config_dir)],
        input="s3cret\n", capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    token = subprocess.run(
        [str(WATTHUB), "auth", "token", "ann", "--name", "ci", "--config", str(config_dir)],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert token.returncode == 0, token.stderr
    assert token.stdout.strip().splitlines()[-1].count(".") == 2
