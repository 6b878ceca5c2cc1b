"""Readable names for audit actions (``ballot.enter`` → 选票 · 录入) for the audit list.

The stored action stays the stable English code (it is part of the hash chain); only the
display is translated. Unknown parts are shown as stored, so a new action is never hidden.
"""

from __future__ import annotations

from desktop.i18n import N_, gettext

ENTITY_LABELS: dict[str, str] = {
    "activity": N_("Duty activity"),
    "agenda": N_("Agenda item"),
    "archives": N_("Duty archives"),
    "assessment": N_("Yearly assessment"),
    "attendance": N_("Attendance"),
    "ballot": N_("Ballot"),
    "community": N_("Community"),
    "contact": N_("Fixed contact"),
    "deliberation": N_("Deliberation opinion"),
    "deputy": N_("Deputy"),
    "export": N_("Export"),
    "holiday": N_("Holiday calendar"),
    "import": N_("Excel import"),
    "meeting": N_("Meeting"),
    "motion": N_("Input at a meeting"),
    "opinion": N_("Opinion"),
    "reception": N_("Reception day"),
    "opinion_unit": N_("Handling unit"),
    "pairing": N_("Pairing (结对联系)"),
    "poll": N_("Poll"),
    "points": N_("Duty points"),
    "project": N_("Livelihood project"),
    "reportback": N_("Report-back"),
    "representative": N_("Representative"),
    "resolution": N_("Resolution"),
    "setting": N_("Parameters"),
    "settings": N_("Parameters"),
    "station": N_("Station"),
    "street": N_("Street"),
    "sync": N_("Sync"),
    "term": N_("Term"),
    "user": N_("Account"),
    "user_account": N_("Account"),
}

VERB_LABELS: dict[str, str] = {
    "accept": N_("accepted on inspection"),
    "add": N_("added"),
    "answer": N_("answered"),
    "assign": N_("assigned"),
    "attend": N_("attendance recorded"),
    "categories": N_("categories changed"),
    "certify": N_("result certified"),
    "change_password": N_("password changed"),
    "clear": N_("day cleared"),
    "close": N_("closed"),
    "commit": N_("committed"),
    "correct": N_("corrected"),
    "correct_add": N_("corrected (added)"),
    "correct_move": N_("corrected (moved)"),
    "correct_remove": N_("corrected (removed)"),
    "create": N_("created"),
    "decide": N_("ruled on"),
    "delete": N_("deleted"),
    "demo": N_("demo data"),
    "edit": N_("modified"),
    "enrol": N_("device enrolled"),
    "enter": N_("entered"),
    "evaluate": N_("evaluation result read back"),
    "evaluation_poll": N_("put to the evaluation poll"),
    "export_unmasked": N_("exported with personal data"),
    "feedback": N_("feedback given to the proposer"),
    "follow_up": N_("followed up"),
    "import": N_("imported"),
    "issue.kept_mine": N_("conflict: kept this computer's version"),
    "issue.took_server": N_("conflict: took the server's version"),
    "issue.merged": N_("conflict: changes of both computers merged"),
    "pulled": N_("received from another computer"),
    "restore.start": N_("restore from the server started"),
    "restore.done": N_("restore from the server finished"),
    "enrol.abort": N_("enrolment cancelled"),
    "lockout": N_("locked out"),
    "milestone": N_("milestones changed"),
    "move": N_("moved"),
    "open": N_("opened"),
    "opinion": N_("opinion registered"),
    "options": N_("options changed"),
    "print": N_("ballots printed"),
    "propose": N_("proposal registered"),
    "public": N_("publication changed"),
    "read_back": N_("vote result read back"),
    "register": N_("registered"),
    "reinstate": N_("reinstated"),
    "remove": N_("removed"),
    "reopen": N_("reopened"),
    "report": N_("progress reported"),
    "reset_password": N_("password reset"),
    "retire": N_("retired"),
    "rules": N_("rules changed"),
    "score_rules": N_("scoring rules changed"),
    "screen": N_("screening decision"),
    "seed": N_("year copied from the calendar package"),
    "set": N_("day set"),
    "set_status": N_("status set"),
    "setup": N_("set up"),
    "sign_in": N_("signed in"),
    "signin": N_("logged in"),
    "signin_failed": N_("sign-in failed"),
    "start": N_("handed over for implementation"),
    "to_poll": N_("put to the vote"),
    "undo": N_("undone"),
    "unmasked": N_("with personal data"),
    "pack": N_("inspection pack written"),
    "update": N_("changed"),
    "urge": N_("urged (催办)"),
    "visit": N_("supervision visit recorded"),
    "settings": N_("settings changed"),
    "talk": N_("talk recorded"),
    "vulnerable": N_("vulnerable-group flag changed"),
    "handling_report": N_("handling report recorded"),
    "review": N_("review opinion given"),
    "send_back": N_("sent back to be handled again"),
    "rating_poll": N_("put to the satisfaction rating"),
    "rate": N_("satisfaction rating read back"),
    "to_agenda": N_("put in the follow-up report"),
    "to_opinion": N_("turned into an opinion"),
    "to_project": N_("turned into a project proposal"),
}


def entity_label(entity: str) -> str:
    label = ENTITY_LABELS.get(entity)
    return gettext(label) if label else entity


def describe(action: str) -> str:
    """``"ballot.enter"`` → ``"选票 · 录入"``; unknown parts stay as stored."""
    head, _, rest = action.partition(".")
    if not rest:
        return entity_label(head)
    verb = VERB_LABELS.get(rest)
    return f"{entity_label(head)} · {gettext(verb) if verb else rest}"
