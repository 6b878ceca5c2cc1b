"""The audit list shows every action the code writes in Chinese, never a bare code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.services import audit_labels
from desktop.services.opinions import ACTION_LABELS

ROOT = Path(__file__).resolve().parents[2] / "desktop"
ENTITIES = "|".join(audit_labels.ENTITY_LABELS)
ACTION_LITERAL = re.compile(rf'"((?:{ENTITIES})\.[a-z_]+(?:\.[a-z_]+)?)"')


def written_actions() -> set[str]:
    found = {
        m.group(1)
        for path in ROOT.rglob("*.py")
        if "ui" not in path.relative_to(ROOT).parts
        for m in ACTION_LITERAL.finditer(path.read_text(encoding="utf-8"))
        if not m.group(1).endswith(".id")  # ForeignKey("community.id")
    }
    found |= {f"opinion.{a}" for a in ACTION_LABELS}  # f"opinion.{action}"
    found |= {"sync.issue.kept_mine", "sync.issue.took_server"}  # f"sync.issue.{status}"
    found |= {"sync.issue.merged"}
    return found


def test_the_scan_finds_the_actions() -> None:
    actions = written_actions()
    assert {"ballot.enter", "user.signin_failed", "agenda.correct_move"} <= actions
    assert len(actions) > 60


@pytest.mark.parametrize("action", sorted(written_actions()))
def test_every_written_action_reads_in_chinese(action: str) -> None:
    text = audit_labels.describe(action)
    head, _, rest = action.partition(".")
    assert head not in text and rest not in text, text


def test_examples_and_unknown_parts() -> None:
    assert audit_labels.describe("ballot.enter") == "选票 · 录入"
    assert audit_labels.describe("user.signin") == "账号 · 登录"
    assert audit_labels.describe("sync.issue.took_server") == "同步 · 冲突：采用服务器版本"
    assert audit_labels.describe("ledger.archive") == "ledger · archive"
    assert audit_labels.entity_label("representative") == "议事代表"
