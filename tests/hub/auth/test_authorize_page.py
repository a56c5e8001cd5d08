"""Tests of ``hub.auth.authorize_page``: the sign-in page's script, run by node against
the real hub with a minimal stand-in for the browser's DOM, signs in and redirects the
way OAuth clients expect."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pyotp
import pytest

from hub.auth import AUTH
from hub.auth.authorize_page import _SCRIPT
from tests.hub.auth.conftest import CLIENT_ID, OWNER, REDIRECT_URI, AuthClient, password_of

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")

# Just enough DOM for the page: elements with children, text, listeners and form
# fields; fetch goes to the hub; navigation and every render are reported as JSON lines.
BROWSER = r"""
const fs = require("fs");
const [, , BASE, SEARCH, INPUTS, SCRIPT] = process.argv;
const inputs = JSON.parse(INPUTS);
const report = (line) => process.stdout.write(JSON.stringify(line) + "\n");
function walk(el) { return [el, ...el.children.flatMap(walk)]; }
class El {
  constructor(tag) { this.tagName = tag; this.children = []; this.listeners = {};
                     this.textContent = ""; this.value = ""; }
  append(...items) { this.children.push(...items); }
  replaceChildren(...items) { this.children = [...items]; }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  querySelector() { return walk(this).find((e) => e.tagName === "input") || null; }
  focus() {}
  get elements() {
    const named = {};
    for (const e of walk(this)) if (e.tagName === "input" && e.name) named[e.name] = e;
    return named;
  }
}
const main = new El("div");
main.replaceChildren = function (...items) {
  El.prototype.replaceChildren.apply(this, items);
  setTimeout(rendered, 0);
};
function rendered() {
  const form = main.children.find((c) => c.tagName === "form");
  report({ render: walk(main).map((e) => e.textContent).filter(Boolean),
           fields: form ? Object.keys(form.elements) : [] });
  if (!form) process.exit(0);
  const values = inputs.shift();
  if (!values) process.exit(0);
  for (const [name, input] of Object.entries(form.elements)) input.value = values[name] ?? "";
  form.listeners.submit[0]({ preventDefault() {} });
}
globalThis.document = { getElementById: () => main, createElement: (t) => new El(t),
                        addEventListener() {} };
globalThis.location = { search: SEARCH, assign(url) { report({ assign: url }); process.exit(0); } };
const nodeFetch = globalThis.fetch;
globalThis.fetch = (url, options) => nodeFetch(BASE + url, options);
setTimeout(() => { report({ timeout: true }); process.exit(1); }, 8000);
eval(fs.readFileSync(SCRIPT, "utf8"));
"""


async def _browse(
    client: AuthClient, tmp_path: Path, query: dict[str, str], inputs: list[dict[str, str]]
) -> list[dict[str, Any]]:
    """Open the page with ``query``, fill each form with the next ``inputs``."""
    browser, script = tmp_path / "browser.js", tmp_path / "page.js"
    browser.write_text(BROWSER)
    script.write_text(_SCRIPT)
    process = await asyncio.create_subprocess_exec(
        "node",
        str(browser),
        client.base,
        "?" + urlencode(query),
        json.dumps(inputs),
        str(script),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=15)
    assert process.returncode == 0, (out, err)
    return [json.loads(line) for line in out.decode().splitlines()]


QUERY = {
    "response_type": "code",
    "client_id": CLIENT_ID,
    "redirect_uri": REDIRECT_URI,
    "state": "opaque-42",
}


async def test_page_signs_in_and_redirects_with_code_and_state(
    client: AuthClient, tmp_path: Path
) -> None:
    events = await _browse(
        client,
        tmp_path,
        QUERY,
        [
            {"username": OWNER, "password": "wrong"},
            {"username": OWNER, "password": password_of(OWNER)},
        ],
    )
    assert events[0]["fields"] == ["username", "password"]
    assert "Invalid username or password." in events[1]["render"]
    url = events[-1]["assign"]
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://client.example/callback"
    query = parse_qsl(parts.query)
    assert [key for key, _ in query] == ["from", "code", "state", "storeToken"]
    values = dict(query)
    assert values["from"] == "test"
    assert values["state"] == "opaque-42"
    assert values["storeToken"] == "true"
    reply = await client.token(
        grant_type="authorization_code", code=values["code"], client_id=CLIENT_ID
    )
    assert reply.status == 200


async def test_page_asks_for_the_authenticator_code(client: AuthClient, tmp_path: Path) -> None:
    auth = client.hub.data[AUTH]
    user = auth.get_user_by_username(OWNER)
    assert user is not None
    secret = pyotp.random_base32()
    await auth.mfa.enable(user.id, secret)
    events = await _browse(
        client,
        tmp_path,
        {**QUERY, "redirect_uri": "https://client.example/cb"},
        [{"username": OWNER, "password": password_of(OWNER)}, {"code": pyotp.TOTP(secret).now()}],
    )
    assert events[1]["fields"] == ["code"]
    assert "Enter the code from your authenticator app." in events[1]["render"]
    assert events[-1]["assign"].startswith("https://client.example/cb?code=")


async def test_page_explains_a_broken_link(client: AuthClient, tmp_path: Path) -> None:
    events = await _browse(client, tmp_path, {"client_id": CLIENT_ID}, [])
    assert events == [
        {"render": ["This sign-in link is missing client_id or redirect_uri."], "fields": []}
    ]
