"""`yishi tally SPEC.json BALLOTS.jsonl [--json]`: exit codes, messages, output."""

from __future__ import annotations

import ast
import json
import string
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

ROOT = Path(__file__).resolve().parents[3]
SPEC = {
    "kind": "selection",
    "options": [
        {"no": 1, "name": "张伟强"},
        {"no": 2, "name": "李秀英"},
        {"no": 3, "name": "王芳"},
    ],
    "quota": 2,
    "members_total": 9,
    "present": 7,
    "issued": 7,
    "threshold": {"base": "present", "ratio": "1/2", "strict": True},
}
BALLOTS = [
    {"serial": 1, "void": False, "marks": {"1": "for", "2": "for"}},
    {"serial": 2, "void": False, "marks": {"1": "for", "3": "for"}},
    {"serial": 3, "void": False, "marks": {"1": "for", "2": "for", "3": "for"}},
    {"serial": 4, "void": True, "marks": {}},
    {"serial": 5, "void": False, "marks": {"1": "for", "2": "for", "3": "against"}},
    {"serial": 6, "void": False, "marks": {"1": "for", "2": "against", "3": "for"}},
]


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YISHI_LANG", raising=False)


def _write(tmp_path: Path, spec: object = SPEC, lines: list[str] | None = None) -> list[str]:
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    ballots_path = tmp_path / "ballots.jsonl"
    if lines is None:
        lines = [json.dumps(ballot) for ballot in BALLOTS]
    ballots_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["tally", str(spec_path), str(ballots_path)]


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_write(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "poll_valid": True,
        "issued": 7,
        "returned": 6,
        "valid": 4,
        "void": 2,
        "threshold_votes": 4,
        "options": [
            {"no": 1, "for": 4, "against": 0, "abstain": 0, "outcome": "chosen"},
            {"no": 2, "for": 2, "against": 1, "abstain": 1, "outcome": "not_chosen"},
            {"no": 3, "for": 2, "against": 1, "abstain": 1, "outcome": "not_chosen"},
        ],
        "chosen": [1],
        "tied": [],
        "unfilled": 1,
    }


def test_chinese_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_write(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "计票结果（差额票决，应选 2 名）" in out
    assert "发出选票 7 张，收回 6 张，其中有效票 4 张，废票 2 张" in out
    assert "当选票数门槛：超过出席人数（7）的二分之一，即至少 4 票" in out
    rows = [line.split() for line in out.splitlines()]
    assert ["编号", "名称", "赞成", "反对", "弃权", "结果"] in rows
    assert ["1", "张伟强", "4", "0", "0", "当选"] in rows
    assert ["3", "王芳", "2", "1", "1", "未当选"] in rows
    assert "当选：张伟强（1 号）" in out
    assert "尚缺名额（需另行投票）：1 名" in out
    assert "核对：各项计票关系均成立" in out


def test_report_of_an_invalid_poll(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = dict(
        SPEC, issued=5, threshold={"base": "members_total", "ratio": "2/3", "strict": False}
    )
    assert main(_write(tmp_path, spec)) == 0
    out = capsys.readouterr().out
    assert "不少于全体成员数（9）的三分之二，即至少 6 票" in out
    assert "本次投票无效：收回票数（6）多于发出票数（5）。" in out
    assert "核对未通过：收回票数（6）多于发出票数（5）" in out
    assert out.count("投票无效") == 1 + 3
    assert "当选：" not in out  # nothing is chosen in an invalid poll, and no runoff either
    assert "尚缺名额" not in out


def test_report_of_a_tie_and_of_a_rating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"serial": n, "void": False, "marks": {"1": "for", str(2 + n % 2): "for"}})
        for n in range(1, 5)
    ]
    low = dict(SPEC, threshold={"base": "valid", "ratio": "1/4", "strict": True})
    assert main(_write(tmp_path, low, lines)) == 0
    out = capsys.readouterr().out
    assert "当选票数门槛：超过有效票数（4）的四分之一，即至少 2 票" in out
    assert "末位票数相同，需在以下候选人中另行投票：李秀英（2 号）、王芳（3 号）" in out
    rating = {
        "kind": "rating",
        "options": [{"no": 1, "name": "城管科"}],
        "levels": ["满意", "基本满意", "不满意"],
        "positive_levels": ["满意", "基本满意"],
        "members_total": 3,
        "present": 3,
        "issued": 3,
    }
    lines = [
        '{"serial": 1, "void": false, "marks": {"1": "满意"}}',
        '{"serial": 2, "void": false, "marks": {"1": "不满意"}}',
        '{"serial": 3, "void": false, "marks": {"1": "基本满意"}}',
    ]
    assert main(_write(tmp_path, rating, lines)) == 0
    out = capsys.readouterr().out
    assert "计票结果（测评）" in out
    assert "未设门槛（测评只报告结果）" in out
    assert ["1", "城管科", "1", "1", "1", "0", "2/3", "(66.7%)"] in [
        row.split() for row in out.splitlines()
    ]
    assert "好评率 = 评为满意、基本满意的票数 ÷ 有效票数" in out


def test_english_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YISHI_LANG", "en")
    assert main(_write(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "Votes needed to be chosen: more than 1/2 of the number present (7)" in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"serial": 9, "void": false, "marks": {"1": "for"', "第 3 行：不是有效的 JSON"),
        ('{"serial": 9, "void": false, "marks": {"7": "for"}}', "第 3 行：未知的选项编号 7"),
        (
            '{"serial": 9, "void": false, "marks": {"1": "yes"}}',
            '第 3 行：选项 1 的标记 "yes" 无法识别',
        ),
        ('{"serial": 1, "void": false, "marks": {}}', "第 3 行：选票编号 1 重复（第 1 行已出现）"),
    ],
)
def test_malformed_ballots_exit_2_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    lines = [json.dumps(BALLOTS[0]), json.dumps(BALLOTS[1]), line, json.dumps(BALLOTS[2])]
    args = _write(tmp_path, lines=lines)
    assert main([*args, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{args[2]}：{message}"), captured.err


def test_missing_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write(tmp_path)
    assert main(["tally", str(tmp_path / "nope.json"), args[2]]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'nope.json'}：文件不存在"
    assert main(["tally", args[1], str(tmp_path / "nope.jsonl")]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'nope.jsonl'}：文件不存在"


def test_bad_spec_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write(tmp_path, dict(SPEC, quota=5))
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == f"{args[1]}：应选数必须在 1 到候选数（3）之间"
    (tmp_path / "spec.json").write_text("{", encoding="utf-8")
    assert main(args) == 2
    assert "不是有效的 JSON（第 1 行第 2 列" in capsys.readouterr().err
    (tmp_path / "spec.json").write_bytes(b"\xff\xfe")
    assert main(args) == 2
    assert "文件不是 UTF-8 编码的文本" in capsys.readouterr().err


def test_ballots_not_utf8_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write(tmp_path)
    ballots = tmp_path / "ballots.jsonl"
    ballots.write_bytes(ballots.read_bytes() + "张".encode("gbk") + b"\n")
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == f"{args[2]}：文件不是 UTF-8 编码的文本"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["tally", "only-one.json"])
    assert caught.value.code == 2


def test_bom_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write(tmp_path)
    for name in ("spec.json", "ballots.jsonl"):
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] == 4


HEAVY = ("sqlalchemy", "PySide6", "argon2", "reportlab", "openpyxl", "alembic", "httpx", "qrcode")


def test_the_process_imports_nothing_heavy(tmp_path: Path) -> None:
    args = _write(tmp_path)
    code = (
        "import sys\n"
        "from desktop.cli import main\n"
        f"code = main({[*args, '--json']!r})\n"
        "print(sorted(sys.modules), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["chosen"] == [1]
    modules = ast.literal_eval(done.stderr.strip().splitlines()[-1])
    heavy = [name for name in modules if name.split(".")[0] in HEAVY]
    assert heavy == []


def test_python_m_desktop_tally(tmp_path: Path) -> None:
    args = _write(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["unfilled"] == 1


# --- the catalogue --------------------------------------------------------------------

SOURCES = [
    "desktop/services/counting/rules.py",
    "desktop/services/counting/tally_io.py",
    "desktop/commands/tally.py",
]


def _templates() -> list[str]:
    found = []
    for source in SOURCES:
        tree = ast.parse((ROOT / source).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                argument = node.args[0]
                assert isinstance(argument, ast.Constant), f"{source}: N_ needs a literal"
                found.append(argument.value)
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_its_chinese() -> None:
    catalogue = json.loads(
        (ROOT / "desktop/resources/translations/zh_CN/counting.json").read_text(encoding="utf-8")
    )
    templates = _templates()
    assert len(templates) > 50
    missing = [template for template in templates if template not in catalogue]
    assert missing == []
    for template in templates:
        assert _fields(catalogue[template]) == _fields(template), template
    assert set(catalogue) <= set(templates), "unused catalogue entries"
