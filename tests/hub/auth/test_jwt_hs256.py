"""Our HS256 JWTs interoperate with a standard JWT library (PyJWT, test-only)."""

from __future__ import annotations

import jwt
import pytest

from hub.auth import jwt_hs256

KEY = "a" * 64


def test_a_standard_library_verifies_ours() -> None:
    token = jwt_hs256.encode({"iss": "abc", "iat": 1, "exp": 2}, KEY)
    assert jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_exp": False}) == {
        "iss": "abc",
        "iat": 1,
        "exp": 2,
    }
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}


def test_we_verify_a_standard_librarys() -> None:
    token = jwt.encode({"iss": "abc", "path": "/x"}, KEY, algorithm="HS256")
    assert jwt_hs256.decode(token, KEY) == {"iss": "abc", "path": "/x"}


@pytest.mark.parametrize(
    "token",
    [
        jwt.encode({"iss": "abc"}, "b" * 64, algorithm="HS256"),  # other key
        jwt.encode({"iss": "abc"}, KEY, algorithm="HS512"),  # other algorithm
        jwt.encode({"iss": "abc"}, None, algorithm="none"),  # unsigned
        "not.a.token",
        "only.two",
        "",
    ],
)
def test_bad_tokens_are_refused(token: str) -> None:
    assert jwt_hs256.decode(token, KEY) is None


def test_tampered_claims_are_refused() -> None:
    token = jwt_hs256.encode({"iss": "abc", "exp": 2}, KEY)
    header, _, signature = token.split(".")
    forged_claims = jwt_hs256.encode({"iss": "abc", "exp": 99999999999}, "other").split(".")[1]
    assert jwt_hs256.decode(f"{header}.{forged_claims}.{signature}", KEY) is None
    assert jwt_hs256.unverified_claims(f"{header}.{forged_claims}.{signature}") == {
        "iss": "abc",
        "exp": 99999999999,
    }
