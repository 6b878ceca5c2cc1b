"""Certifying a tally, and correcting a certified one (with the old result kept)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.polls import (
    TallyCertificate,
)
from desktop.services import audit, counting
from desktop.services.counting import tally_io
from desktop.services.permissions import Actor, Permission
from desktop.services.polls.setup import snapshot
from desktop.services.polls.tally import ballot_rows, records, tally_view
from desktop.services.polls.views import (
    CertificateView,
    get_poll,
    load_poll,
    marks_to_json,
    result_hash,
    spec_for,
)

# ---------------------------------------------------------------- certification


def certificate_view(session: Session, cert: TallyCertificate) -> CertificateView:
    previous = session.get(TallyCertificate, cert.previous_id) if cert.previous_id else None
    return CertificateView(
        id=cert.id,
        poll_id=cert.poll_id,
        kind=cert.kind,
        certified_at=cert.certified_at,
        certified_by=cert.certified_by,
        counters=cert.counters,
        scrutineers=cert.scrutineers,
        chief_scrutineer=cert.chief_scrutineer,
        result=json.loads(cert.result_json),
        result_hash=cert.result_hash,
        reason=cert.reason,
        previous_id=cert.previous_id,
        previous_result=json.loads(previous.result_json) if previous else None,
    )


def certificates(session: Session, poll_id: str) -> list[CertificateView]:
    rows = session.scalars(
        select(TallyCertificate)
        .where(TallyCertificate.poll_id == poll_id, TallyCertificate.deleted_at.is_(None))
        .order_by(TallyCertificate.certified_at, TallyCertificate.created_at)
    )
    return [certificate_view(session, c) for c in rows]


def latest_certificate(session: Session, poll_id: str) -> CertificateView | None:
    certs = certificates(session, poll_id)
    return certs[-1] if certs else None


def certify(
    session: Session,
    actor: Actor,
    poll_id: str,
    *,
    counters: str,
    scrutineers: str,
    chief_scrutineer: str = "",
) -> CertificateView:
    """Certify the result (scrutineer): refused while an invariant fails or a double-entry
    mismatch is open. Locks the poll."""
    actor.require(Permission.CERTIFY)
    if not counters.strip() or not scrutineers.strip():
        raise ValidationError(N_("Name the counters and the scrutineers"), field="counters")
    view = tally_view(session, poll_id)
    if not view.certifiable:
        raise ConflictError(
            N_("The tally cannot be certified: {reasons}"), reasons="；".join(view.blockers)
        )
    poll = load_poll(session, poll_id)
    recs = records(session, poll_id)
    spec = spec_for(view.poll)
    digest = result_hash(spec, recs, view.result)
    now = utcnow()
    cert = TallyCertificate(
        poll_id=poll.id,
        kind="original",
        certified_at=now,
        certified_by=actor.display_name,
        counters=counters.strip(),
        scrutineers=scrutineers.strip(),
        chief_scrutineer=chief_scrutineer.strip(),
        result_json=json.dumps(
            tally_io.result_to_dict(view.result), ensure_ascii=False, sort_keys=True
        ),
        result_hash=digest,
        reason="",
    )
    session.add(cert)
    before = snapshot(poll)
    poll.status = "certified"
    poll.certified_at = now
    session.flush()
    audit.record(
        session,
        actor,
        "poll.certify",
        "poll",
        poll.id,
        before=before,
        after={**snapshot(poll), "result_hash": digest},
    )
    return certificate_view(session, cert)


def correct(
    session: Session,
    actor: Actor,
    poll_id: str,
    *,
    serial: int,
    marks: dict[int, str],
    void: bool,
    void_reason: str,
    reason: str,
) -> CertificateView:
    """Correct one ballot of a certified poll (admin, with a reason). Records a correction
    certificate chained to the previous one; the caller prints its supplement."""
    actor.require(Permission.CORRECT_CERTIFIED)
    if not reason.strip():
        raise ValidationError(N_("A correction needs a reason"), field="reason")
    poll = load_poll(session, poll_id)
    if poll.status != "certified":
        raise ConflictError(N_("Only a certified poll is corrected this way"))
    previous = latest_certificate(session, poll_id)
    if previous is None:
        raise ConflictError(N_("The poll has no certificate"))
    view = get_poll(session, poll_id)
    spec = spec_for(view)
    record = counting.BallotRecord(
        serial, void, {k: v for k, v in marks.items() if v != counting.ABSTAIN}
    )
    counting.check_ballot(spec, record)
    rows = [b for b in ballot_rows(session, poll_id) if b.serial == serial]
    if not rows:
        raise NotFound(N_("Ballot {serial} has not been entered"), serial=serial)
    now = utcnow()
    for row in rows:
        before = {"void": row.void, "void_reason": row.void_reason, "marks": row.marks_json}
        row.void = void
        row.void_reason = void_reason.strip() if void else ""
        row.marks_json = marks_to_json(record.marks)
        audit.record(
            session,
            actor,
            "ballot.correct",
            "ballot",
            row.id,
            before=before,
            after={"void": row.void, "void_reason": row.void_reason, "marks": row.marks_json},
            reason=reason.strip(),
        )
    session.flush()
    recs = records(session, poll_id)
    result = counting.tally(spec, recs)
    violations = counting.check_invariants(result)
    if violations:
        raise ConflictError(
            N_("The tally cannot be certified: {reasons}"),
            reasons="；".join(v.message for v in violations),
        )
    digest = result_hash(spec, recs, result)
    cert = TallyCertificate(
        poll_id=poll.id,
        kind="correction",
        certified_at=now,
        certified_by=actor.display_name,
        counters=previous.counters,
        scrutineers=previous.scrutineers,
        chief_scrutineer=previous.chief_scrutineer,
        result_json=json.dumps(tally_io.result_to_dict(result), ensure_ascii=False, sort_keys=True),
        result_hash=digest,
        previous_id=previous.id,
        reason=reason.strip(),
    )
    session.add(cert)
    session.flush()
    audit.record(
        session,
        actor,
        "poll.correct",
        "poll",
        poll.id,
        before={"result_hash": previous.result_hash},
        after={"result_hash": digest, "serial": serial},
        reason=reason.strip(),
    )
    return certificate_view(session, cert)
