"""``GET /auth/authorize``: the sign-in page OAuth clients open in a browser.

A small self-contained page (no external assets): it runs the login flow with ``fetch``
(password, then the authenticator code if the user has one) and on success navigates to
``redirect_uri`` with ``code`` and ``state`` added, keeping the URI's own query, plus
``storeToken=true`` when "Keep me signed in" is ticked, as Home Assistant's page does.
The script is pinned by a Content-Security-Policy hash.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Final

from aiohttp import web

from hub.http.view import HubView

_SCRIPT: Final = r"""
"use strict";
const params = new URLSearchParams(location.search);
const clientId = params.get("client_id");
const redirectUri = params.get("redirect_uri");
const state = params.get("state");
const main = document.getElementById("main");
const ERRORS = {
  invalid_auth: "Invalid username or password.",
  invalid_code: "Invalid authentication code.",
  login_expired: "The sign-in took too long. Please start again.",
  too_many_retry: "Too many wrong codes. Please start again.",
  invalid_auth_module: "Two-factor authentication changed. Please start again.",
};
const LABELS = { username: "Username", password: "Password", code: "Authentication code" };
let flowId = null;

function show(message, restart) {
  main.replaceChildren();
  const p = document.createElement("p");
  p.className = "error";
  p.textContent = message;
  main.append(p);
  if (restart) {
    const button = document.createElement("button");
    button.textContent = "Start again";
    button.addEventListener("click", start);
    main.append(button);
  }
}

async function call(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.message || `Sign-in failed (${response.status})`);
  return data;
}

function render(step) {
  if (step.type === "create_entry") return finish(step.result);
  if (step.type === "abort") return show(ERRORS[step.reason] || step.reason, true);
  flowId = step.flow_id;
  const form = document.createElement("form");
  const error = step.errors && step.errors.base;
  if (error) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = ERRORS[error] || error;
    form.append(p);
  }
  if (step.step_id === "mfa") {
    const p = document.createElement("p");
    p.textContent = "Enter the code from your authenticator app.";
    form.append(p);
  }
  for (const field of step.data_schema) {
    const label = document.createElement("label");
    label.textContent = LABELS[field.name] || field.name;
    const input = document.createElement("input");
    input.name = field.name;
    input.required = true;
    if (field.name === "password") {
      input.type = "password";
      input.autocomplete = "current-password";
    } else if (field.name === "code") {
      input.inputMode = "numeric";
      input.autocomplete = "one-time-code";
    } else {
      input.autocomplete = "username";
    }
    label.append(input);
    form.append(label);
  }
  if (step.step_id !== "mfa") {
    const remember = document.createElement("label");
    remember.className = "check";
    remember.innerHTML = '<input type="checkbox" id="remember" checked> Keep me signed in';
    form.append(remember);
  }
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.textContent = "Sign in";
  form.append(submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { client_id: clientId };
    for (const field of step.data_schema) body[field.name] = form.elements[field.name].value;
    submit.disabled = true;
    call(`/auth/login_flow/${flowId}`, body).then(render, (err) => show(err.message, true));
  });
  main.replaceChildren(form);
  const first = form.querySelector("input");
  if (first) first.focus();
}

let keepSignedIn = true;
document.addEventListener("change", (event) => {
  if (event.target.id === "remember") keepSignedIn = event.target.checked;
});

function finish(code) {
  let url = redirectUri + (redirectUri.includes("?") ? "&" : "?");
  url += "code=" + encodeURIComponent(code);
  if (state) url += "&state=" + encodeURIComponent(state);
  if (keepSignedIn) url += "&storeToken=true";
  show("Signed in. Redirecting…", false);
  location.assign(url);
}

async function start() {
  if (!clientId || !redirectUri) {
    return show("This sign-in link is missing client_id or redirect_uri.", false);
  }
  try {
    const providers = await fetch("/auth/providers");
    if (providers.status === 400) {
      return show("This hub is not set up yet. Open its web page to create the owner.", false);
    }
    render(await call("/auth/login_flow", {
      client_id: clientId,
      handler: ["homeassistant", null],
      redirect_uri: redirectUri,
      type: "authorize",
    }));
  } catch (err) {
    show(err.message, true);
  }
}

start();
"""

_STYLE: Final = """
body { font-family: system-ui, sans-serif; background: #f5f5f5; margin: 0; }
.card { max-width: 22rem; margin: 10vh auto; background: #fff; padding: 1.5rem 2rem;
        border-radius: 12px; box-shadow: 0 2px 8px rgba(0,0,0,.15); }
h1 { font-size: 1.3rem; margin-top: 0; }
label { display: block; margin: .8rem 0; }
label input { display: block; width: 100%; box-sizing: border-box; padding: .5rem;
              margin-top: .2rem; }
label.check input { display: inline; width: auto; }
button { padding: .5rem 1.2rem; background: #03a9f4; color: #fff; border: 0; border-radius: 4px; }
.error { color: #b00020; }
"""

PAGE: Final = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Sign in - Watthub</title>
<style>{_STYLE}</style>
</head>
<body>
<div class="card">
<h1>Sign in</h1>
<div id="main"><noscript>This page needs JavaScript to sign you in.</noscript></div>
</div>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; "
    f"script-src {_sha256_source(_SCRIPT)}; "
    f"style-src {_sha256_source(_STYLE)}; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)


class AuthorizeView(HubView):
    """The sign-in page."""

    url = "/auth/authorize"
    name = "auth:authorize"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        return web.Response(
            text=PAGE,
            content_type="text/html",
            headers={
                "Content-Security-Policy": CONTENT_SECURITY_POLICY,
                "Cache-Control": "no-store",
            },
        )
