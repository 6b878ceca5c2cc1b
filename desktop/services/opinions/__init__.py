"""Residents' opinions ledger (群众意见建议台账): intake, the workflow, deadlines, queues,
duplicates, statistics and masking of personal data.

The area's public API, re-exported so ``from desktop.services import opinions`` then
``opinions.register(...)`` works. Where each rule lives:

* :mod:`.vocabulary` — labels, the transition table, constants, transfer-letter QR
* :mod:`.records` — the dataclasses handed to the UI, reports and exports
* :mod:`.category` — the category tree
* :mod:`.privacy` — masking on screen and the unmasked-export right
* :mod:`.common` — shared steps (version check, events, audit, search index, row view)
* :mod:`.intake` — registering and editing
* :mod:`.workflow` — assign, answer, close, follow up, reopen, urge
* :mod:`.ledger` — detail, pages, pager, queues
* :mod:`.duplicates` — possible duplicates
* :mod:`.stats` — statistics
* :mod:`.search` — the full-text index; :mod:`.units` — the departments (承办单位)
"""

from __future__ import annotations

from desktop.services.opinions.category import (
    Category,
    categories,
    category_labels,
    category_tree,
    category_usage,
    save_category_tree,
)
from desktop.services.opinions.common import (
    next_number,
)
from desktop.services.opinions.duplicates import (
    DuplicateCandidate,
    possible_duplicates,
    similarity,
)
from desktop.services.opinions.intake import (
    register,
    set_public,
    update_details,
)
from desktop.services.opinions.ledger import (
    KEYSET_SORTS,
    QUEUE_COUNT_CAP,
    LedgerPager,
    OverdueGroup,
    QueueCount,
    departments,
    get,
    input_of,
    overdue_by,
    query_ids,
    query_page,
    queue_counts,
)
from desktop.services.opinions.privacy import (
    ExportGrant,
    export_grant,
    mask_address,
    mask_name,
    mask_phone,
    sees_personal_data,
    unmasked_rows,
)
from desktop.services.opinions.records import (
    QUEUE_LABELS,
    QUEUES,
    SORT_COLUMNS,
    Assignment,
    OpinionDetail,
    OpinionEventView,
    OpinionFilter,
    OpinionInput,
    OpinionRow,
)
from desktop.services.opinions.stats import (
    Count,
    Statistics,
    statistics,
)
from desktop.services.opinions.vocabulary import (
    ACTION_LABELS,
    ANSWER_OUTCOMES,
    CATEGORY_SETTING_KEY,
    CHANNEL_LABELS,
    CLOSE_REASON_LABELS,
    CLOSE_WITHOUT_ANSWER,
    DEFAULT_CATEGORIES,
    DUE_SOON_DAYS,
    DUPLICATE_THRESHOLD,
    DUPLICATE_WINDOW_DAYS,
    OPINION_QR_PREFIX,
    SATISFACTION_LABELS,
    STATUS_LABELS,
    TRANSITIONS,
    parse_qr,
    qr_text,
)
from desktop.services.opinions.workflow import (
    allowed_actions,
    answer,
    answer_outcome,
    assign,
    close,
    compute_due,
    follow_up,
    reopen,
    urge,
    urge_count,
)

__all__ = [
    "ACTION_LABELS",
    "ANSWER_OUTCOMES",
    "CATEGORY_SETTING_KEY",
    "CHANNEL_LABELS",
    "CLOSE_REASON_LABELS",
    "CLOSE_WITHOUT_ANSWER",
    "DEFAULT_CATEGORIES",
    "DUE_SOON_DAYS",
    "DUPLICATE_THRESHOLD",
    "DUPLICATE_WINDOW_DAYS",
    "KEYSET_SORTS",
    "OPINION_QR_PREFIX",
    "QUEUES",
    "QUEUE_COUNT_CAP",
    "QUEUE_LABELS",
    "SATISFACTION_LABELS",
    "SORT_COLUMNS",
    "STATUS_LABELS",
    "TRANSITIONS",
    "Assignment",
    "Category",
    "Count",
    "DuplicateCandidate",
    "ExportGrant",
    "LedgerPager",
    "OpinionDetail",
    "OpinionEventView",
    "OpinionFilter",
    "OpinionInput",
    "OpinionRow",
    "OverdueGroup",
    "QueueCount",
    "Statistics",
    "allowed_actions",
    "answer",
    "answer_outcome",
    "assign",
    "categories",
    "category_labels",
    "category_tree",
    "category_usage",
    "close",
    "compute_due",
    "departments",
    "export_grant",
    "follow_up",
    "get",
    "input_of",
    "mask_address",
    "mask_name",
    "mask_phone",
    "next_number",
    "overdue_by",
    "parse_qr",
    "possible_duplicates",
    "qr_text",
    "query_ids",
    "query_page",
    "queue_counts",
    "register",
    "reopen",
    "save_category_tree",
    "sees_personal_data",
    "set_public",
    "similarity",
    "statistics",
    "unmasked_rows",
    "update_details",
    "urge",
    "urge_count",
]
