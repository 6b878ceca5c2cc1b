"""Which ledger column a sheet's header names: the header itself, its synonyms, a mapping.

Clerks name columns their own way (身份证号码, 所在社区, 手机号码, 出生年月 …). Each column
is found by its header, by the synonyms declared on the column (``Column.synonyms``) and by
the common synonyms below (keyed by the canonical header, so every ledger with a 联系电话
column also takes 手机号码). A synonym that is another column's header in the same ledger,
or that two columns claim, is not used. Headers are compared without spaces, line breaks,
a trailing * and a parenthesised remark: "身份证号码（18位）" is "身份证号码".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from desktop.excel.spec import Ledger
from desktop.services import validators

#: Canonical header → the other names clerks give that column.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "姓名": ("名字", "代表姓名"),
    "性别": ("男/女",),
    "身份证号": (
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "身份证",
        "身份证件号码",
        "证件号码",
    ),
    "出生日期": ("出生年月", "出生年月日", "生日", "出生时间"),
    "所属社区": ("所在社区", "社区", "社区名称", "所属社区(村)"),
    "所在社区": ("所属社区", "社区", "社区名称"),
    "社区": ("所属社区", "所在社区"),
    "界别": ("所属界别", "代表界别"),
    "工作单位": ("单位", "工作单位名称", "所在单位"),
    "职务": ("职务职称", "职位", "现任职务"),
    "联系电话": ("手机号码", "手机号", "手机", "电话", "电话号码", "联系方式", "移动电话"),
    "住址": ("家庭住址", "居住地址", "现住址", "家庭地址", "地址"),
    "任职日期": ("任职时间", "担任时间", "任职年月"),
    "当选日期": ("当选时间", "当选年月"),
    "离任日期": ("离任时间",),
    "离任原因": ("离任说明",),
    "状态": ("在任状态",),
    "备注": ("说明",),
    "代表层级": ("层级", "代表级别", "级别"),
    "选举方式": ("产生方式",),
    "选区": ("所在选区", "选区名称"),
    "联系站点": ("所属站点", "联系站", "进站"),
    "列席议事会议": ("列席会议",),
    "名称": ("站点名称", "家站点名称"),
    "类型": ("站点类型",),
    "地址": ("站点地址", "活动地址"),
    "上级站点": ("所属家",),
    "人大代表": ("代表姓名", "联系代表"),
    "联系对象姓名": ("联系对象", "群众姓名"),
    "联系对象类型": ("对象类型",),
    "建立联系日期": ("建立联系时间", "联系日期"),
    "登记日期": ("登记时间", "反映时间", "反映日期", "收集日期"),
    "反映渠道": ("渠道", "来源", "收集渠道"),
    "分类": ("类别", "意见分类", "问题分类"),
    "群众姓名": ("反映人", "反映人姓名", "提出人"),
    "意见内容": ("意见建议内容", "意见建议", "反映内容", "问题内容", "主要内容"),
    "问题地点": ("地点",),
    "办理状态": ("办理情况",),
    "承办单位": ("责任单位", "交办单位", "办理单位"),
    "答复内容": ("答复情况", "办理结果"),
    "答复日期": ("答复时间",),
    "交办日期": ("交办时间",),
    "办结日期": ("办结时间",),
}

#: Columns that never carry ledger data: ignored without asking.
HARMLESS = frozenset({"序号", "序", "编号", "行号", "no", "no.", "号", "排序"})

_REMARK_RE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]$")


def normalise(text: object) -> str:
    """A header as compared: no spaces or line breaks, no trailing * or remark in brackets."""
    value = validators.compact(str(text)) if text is not None else ""
    value = value.replace("\n", "").replace("\r", "").replace(" ", "").replace("　", "")
    value = value.rstrip("*＊")
    stripped = _REMARK_RE.sub("", value)
    return (stripped or value).rstrip("*＊").lower()


def harmless(normal: str) -> bool:
    return normal in HARMLESS


def lookup(
    ledger: Ledger, mapping: Mapping[str, str | None] | None = None
) -> dict[str, str | None]:
    """Normalised header → column key (``None``: ignore this column) for ``ledger``."""
    out: dict[str, str | None] = {normalise(c.header): c.key for c in ledger.columns}
    claimed: dict[str, set[str]] = {}
    for col in ledger.columns:
        for name in (*getattr(col, "synonyms", ()), *SYNONYMS.get(col.header, ())):
            claimed.setdefault(normalise(name), set()).add(col.key)
    for name, keys in claimed.items():
        if name not in out and len(keys) == 1:
            out[name] = next(iter(keys))
    keys = set(ledger.keys)
    for header, key in (mapping or {}).items():
        if key is None or key in keys:
            out[normalise(header)] = key
    return out


def signature(headers: tuple[str, ...] | list[str]) -> str:
    """The key a remembered mapping is stored by: the file's header texts, in order."""
    return "|".join(normalise(h) for h in headers)
