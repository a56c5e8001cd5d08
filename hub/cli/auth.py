"""``watthub auth``: users and long-lived tokens of a stopped hub.

    watthub auth create-user NAME [--admin | --read-only] [--username U] [--password-stdin]
    watthub auth token NAME --name LABEL [--lifespan-days N]
    watthub auth list-users
    watthub auth delete-token NAME --name LABEL

(each with ``--config DIR``). They edit ``.storage`` directly, so they refuse to run
while a hub holds the configuration directory: stop it, or use the web UI. ``token``
prints the token as its last line, for scripts and benchmarks.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

from hub.auth import AUTH, Auth
from hub.auth.models import TokenType, User
from hub.auth.permissions import GROUP_ADMIN, GROUP_NAMES, GROUP_READ_ONLY, GROUP_USER
from hub.bootstrap import load_auth
from hub.config.slugs import slugify
from hub.core import Hub
from hub.exceptions import AuthError
from hub.instance_lock import HubAlreadyRunning, InstanceLock

DEFAULT_LIFESPAN_DAYS: Final = 3650


class CliError(Exception):
    """A problem to print (without a traceback) before exiting 1."""


def register(subparsers: Any) -> None:
    """Add the ``auth`` parser and its subcommands."""
    parser = subparsers.add_parser("auth", help="manage users and tokens (hub stopped)")
    commands = parser.add_subparsers(dest="auth_command", metavar="SUBCOMMAND", required=True)

    create = commands.add_parser("create-user", help="create a user who signs in with a password")
    create.add_argument("name", help="the person's display name")
    role = create.add_mutually_exclusive_group()
    role.add_argument("--admin", action="store_true", help="an administrator")
    role.add_argument("--read-only", action="store_true", help="may look but not control")
    create.add_argument("--username", help="sign-in name (default: from NAME)")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    _config_option(create)
    create.set_defaults(handler=_run(_create_user))

    token = commands.add_parser("token", help="create a long-lived access token and print it")
    token.add_argument("user", metavar="NAME", help="username or display name of the user")
    token.add_argument("--name", required=True, dest="label", help="label of the token")
    token.add_argument(
        "--lifespan-days",
        type=int,
        default=DEFAULT_LIFESPAN_DAYS,
        help=f"days the token is valid (default {DEFAULT_LIFESPAN_DAYS})",
    )
    _config_option(token)
    token.set_defaults(handler=_run(_create_token))

    listing = commands.add_parser("list-users", help="list users and their long-lived tokens")
    _config_option(listing)
    listing.set_defaults(handler=_run(_list_users))

    delete = commands.add_parser("delete-token", help="revoke a long-lived access token")
    delete.add_argument("user", metavar="NAME", help="username or display name of the user")
    delete.add_argument("--name", required=True, dest="label", help="label of the token")
    _config_option(delete)
    delete.set_defaults(handler=_run(_delete_token))


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", "-c", type=Path, default=Path("config"), help="configuration directory"
    )


Action = Callable[[Auth, argparse.Namespace], Awaitable[None]]


def _run(action: Action) -> Callable[[argparse.Namespace], int]:
    """A handler that runs ``action`` on an offline hub holding the instance lock."""

    def handle(args: argparse.Namespace) -> int:
        config_dir: Path = args.config
        if not config_dir.is_dir():
            print(
                f"{config_dir} is not a directory; point --config at your configuration",
                file=sys.stderr,
            )
            return 1
        lock = InstanceLock(config_dir)
        try:
            lock.acquire()
        except HubAlreadyRunning:
            print(
                f"A Watthub hub is running on {config_dir}; stop it first "
                "(or manage users and tokens in the web UI)",
                file=sys.stderr,
            )
            return 1
        try:
            asyncio.run(_offline(config_dir, action, args))
        except (CliError, AuthError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        finally:
            lock.release()
        return 0

    return handle


async def _offline(config_dir: Path, action: Action, args: argparse.Namespace) -> None:
    """Load the auth data without HTTP or integrations, act, and flush storage."""
    hub = Hub(config_dir)
    try:
        await load_auth(hub)
        await action(hub.data[AUTH], args)
    finally:
        await hub.stop()


async def _create_user(auth: Auth, args: argparse.Namespace) -> None:
    username = (args.username or slugify(args.name)).strip()
    if not username or (username == "unknown" and not args.username):
        raise CliError(f"cannot derive a username from {args.name!r}; pass --username")
    if auth.get_user_by_username(username) is not None or auth.provider.has_username(username):
        raise CliError(f"the username {username!r} is taken")
    password = _read_password(args.password_stdin)
    group = GROUP_ADMIN if args.admin else GROUP_READ_ONLY if args.read_only else GROUP_USER
    # As in HA's onboarding, the first administrator becomes the owner.
    is_owner = args.admin and not auth.has_owner
    user = await auth.create_user(args.name, username, password, group=group, is_owner=is_owner)
    role = "owner" if user.is_owner else GROUP_NAMES[group].lower()
    print(f"Created {args.name!r} (username {username!r}, {role})", file=sys.stderr)
    if not auth.has_owner:
        print(
            "No owner exists yet: onboarding stays open in the web UI until one does "
            "(create-user --admin makes the owner)",
            file=sys.stderr,
        )


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            raise CliError("the passwords differ")
    else:
        raise CliError("no password: pass --password-stdin and pipe it, or run in a terminal")
    if not password:
        raise CliError("the password is empty")
    return password


async def _create_token(auth: Auth, args: argparse.Namespace) -> None:
    if args.lifespan_days < 1:
        raise CliError("--lifespan-days must be 1 or more")
    user = _find_user(auth, args.user)
    refresh_token = await auth.create_refresh_token(
        user,
        client_name=args.label,
        token_type=TokenType.LONG_LIVED_ACCESS_TOKEN,
        access_token_expiration=timedelta(days=args.lifespan_days),
    )
    access_token = auth.create_access_token(refresh_token)
    print(
        f"Long-lived access token {args.label!r} for {user.name!r}, "
        f"valid {args.lifespan_days} days:",
        file=sys.stderr,
    )
    print(access_token)


async def _list_users(auth: Auth, args: argparse.Namespace) -> None:
    for user in sorted(auth.users, key=lambda u: (u.system_generated, u.name.casefold())):
        flags = [GROUP_NAMES.get(group, group) for group in user.group_ids]
        if user.is_owner:
            flags.insert(0, "owner")
        if not user.is_active:
            flags.append("inactive")
        if user.local_only:
            flags.append("local only")
        if user.system_generated:
            flags.append("system")
        print(f"{Auth.username_of(user) or '-'}\t{user.name}\t{', '.join(flags)}")
        for token in user.refresh_tokens.values():
            if token.token_type is TokenType.LONG_LIVED_ACCESS_TOKEN:
                print(f"\ttoken: {token.client_name}")


async def _delete_token(auth: Auth, args: argparse.Namespace) -> None:
    user = _find_user(auth, args.user)
    token = next(
        (
            t
            for t in user.refresh_tokens.values()
            if t.token_type is TokenType.LONG_LIVED_ACCESS_TOKEN and t.client_name == args.label
        ),
        None,
    )
    if token is None:
        raise CliError(f"{user.name!r} has no long-lived access token named {args.label!r}")
    await auth.remove_refresh_token(token)
    print(f"Revoked {args.label!r} of {user.name!r}", file=sys.stderr)


def _find_user(auth: Auth, name: str) -> User:
    """The user with this username, else the one user with this display name."""
    user = auth.get_user_by_username(name)
    if user is not None:
        return user
    wanted = name.strip().casefold()
    matches = [u for u in auth.users if u.name.casefold() == wanted and not u.system_generated]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CliError(f"several users are called {name!r}; give the username")
    raise CliError(f"no user {name!r} (see watthub auth list-users)")
