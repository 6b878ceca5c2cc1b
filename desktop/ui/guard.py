"""Enable what the signed-in role may do; disable the rest and say why (never "enabled, then
refused"). The table itself is :data:`desktop.services.permissions.ACTION_ROLES`."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.services.permissions import Actor, Permission


def allow(
    target: QWidget | QAction, actor: Actor, permission: Permission, *, also: bool = True
) -> bool:
    """Enable ``target`` when ``actor`` may do ``permission`` (and ``also`` holds); a
    refused action gets the refusal, in Chinese, as its tooltip. Returns whether enabled."""
    allowed = actor.can(permission)
    target.setEnabled(allowed and also)
    target.setToolTip("" if allowed else str(actor.refusal(permission)))
    return allowed and also
