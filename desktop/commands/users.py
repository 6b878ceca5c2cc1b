"""`yishi users list | add | reset-password` — account recovery without the GUI."""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from desktop.commands._common import fail, open_db, say, t
from desktop.i18n import N_


def add_parser(sub: Any) -> None:
    p = sub.add_parser("users", help="账号管理（本机管理员用）")
    actions = p.add_subparsers(dest="users_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="列出账号")
    add = actions.add_parser("add", help="新建账号")
    add.add_argument("username")
    add.add_argument("display_name")
    add.add_argument("role", choices=["admin", "clerk", "scrutineer", "viewer"])
    add.add_argument("--password", help="初始密码（省略则交互输入）")
    reset = actions.add_parser("reset-password", help="重置密码并解除锁定")
    reset.add_argument("username")
    reset.add_argument("--password", help="新密码（省略则交互输入）")


def _password(given: str | None) -> str:
    return given if given is not None else getpass.getpass(t(N_("Password: ")))


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from desktop.errors import AppError
    from desktop.models.accounts import User
    from desktop.services import accounts
    from desktop.services.permissions import ROLE_LABELS, SYSTEM_ACTOR

    try:
        database = open_db()
        with database.transaction() as s:
            if args.users_action == "list":
                for u in accounts.list_users(s, SYSTEM_ACTOR):
                    # The role code stays: it is what `users add` takes.
                    role = f"{u.role}（{t(ROLE_LABELS.get(u.role, u.role))}）"
                    state = t(N_("Enabled")) if u.active else t(N_("Disabled"))
                    say(f"{u.id}\t{u.username}\t{u.display_name}\t{role}\t{state}")
            elif args.users_action == "add":
                accounts.create_user(
                    s,
                    SYSTEM_ACTOR,
                    args.username,
                    args.display_name,
                    args.role,
                    _password(args.password),
                )
                say(t(N_("Account {username} created."), username=args.username))
            elif args.users_action == "reset-password":
                user = s.scalar(select(User).where(User.username == args.username))
                if user is None:
                    return fail(N_("No such user."))
                accounts.reset_password(s, SYSTEM_ACTOR, user.id, _password(args.password))
                say(t(N_("Password of {username} reset."), username=args.username))
        database.dispose()
    except AppError as err:
        return fail(err.template, **err.params)
    return 0
