"""Proof of identity (CGV 6): staff hold a paid order until its buyer proves who they are.

The order waits in « en attente d'un justificatif » (its stock stays allocated); the buyer is
e-mailed and uploads a PDF, JPEG or PNG from the order page; staff accept (the order goes back
to « payée ») or reject (cancelled and refunded). Without a document within the delay
`identity_proof_days` (shop.settings) a job cancels and refunds the order. The document is
deleted IDENTITY_PROOF_KEEP_DAYS after the decision, by a job.
"""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from shop.accounts.models import User
from shop.audit.services import record
from shop.extensions import db
from shop.fulfilment.documents import check_document
from shop.fulfilment.models import IdentityProof
from shop.fulfilment.services import _tell_customer, actor_of, cancel
from shop.jobs import schedule
from shop.orders import states
from shop.orders.models import Order
from shop.orders.services import FulfilmentError
from shop.settings.services import delay
from shop.storage import random_key, storage

DEADLINE_TASK = "shop.fulfilment.tasks:identity_deadline"
DELETE_TASK = "shop.fulfilment.tasks:delete_identity_document"


def current_proof(order: Order) -> IdentityProof | None:
    """The latest proof asked for this order."""
    return db.session.scalar(select(IdentityProof).where(IdentityProof.order_id == order.id)
                             .order_by(IdentityProof.id.desc()).limit(1))


def request_proof(order: Order, *, message: str, staff: User, now: datetime) -> IdentityProof:
    """Hold a paid order and ask its buyer for a proof of identity."""
    states.transition(order, states.AWAITING_IDENTITY, actor=actor_of(staff), at=now,
                      note="Justificatif d'identité demandé")
    days = delay("identity_proof_days")
    proof = IdentityProof(order_id=order.id, message=(message or "").strip()[:300],
                          requested_at=now, requested_by=actor_of(staff),
                          answer_by=now + timedelta(days=days))
    db.session.add(proof)
    db.session.flush()
    schedule(DEADLINE_TASK, proof.answer_by, proof.id, key=f"identity-deadline:{proof.id}")
    record(staff, "order.identity_request", order, at=now, summary=proof.message,
           changes={"status": [states.PAID, states.AWAITING_IDENTITY]})
    _tell_customer(order, _("Commande %(reference)s : justificatif d'identité demandé",
                            reference=order.reference),
                   "identity_requested", proof=proof, days=days)
    return proof


def submit_proof(order: Order, *, data: bytes, filename: str, now: datetime) -> IdentityProof:
    """The buyer's document, checked and stored; a second one replaces the first (deleted
    after the commit)."""
    proof = current_proof(order)
    if order.status != states.AWAITING_IDENTITY or proof is None or proof.status not in (
        "requested", "received"
    ):
        raise FulfilmentError(_("Aucun justificatif n'est attendu pour cette commande."))
    document = check_document(data, filename)
    replaced = proof.document_key
    proof.document_key = random_key("identity")
    storage().put(proof.document_key, document.content, document.content_type)
    proof.content_type, proof.size_bytes = document.content_type, len(document.content)
    proof.status, proof.received_at = "received", now
    states.note(order, "Justificatif d'identité reçu", actor=f"client:{order.user_id}", at=now)
    if replaced:
        schedule(DELETE_TASK, now, proof.id, replaced, key=f"identity-delete:{replaced}")
    return proof


def _decide(order: Order, status: str, *, note: str, staff: User, now: datetime) -> IdentityProof:
    proof = current_proof(order)
    if order.status != states.AWAITING_IDENTITY or proof is None or proof.status != "received":
        raise FulfilmentError(_("Il n'y a pas de justificatif reçu à examiner."))
    proof.status, proof.decided_at, proof.decided_by = status, now, actor_of(staff)
    proof.decision_note = (note or "").strip()[:300]
    _delete_later(proof, now)
    return proof


def _delete_later(proof: IdentityProof, now: datetime) -> None:
    proof.delete_after = now + timedelta(days=current_app.config["IDENTITY_PROOF_KEEP_DAYS"])
    if proof.document_key:
        schedule(DELETE_TASK, proof.delete_after, proof.id, proof.document_key,
                 key=f"identity-delete:{proof.document_key}")


def accept_proof(order: Order, *, staff: User, now: datetime) -> None:
    """The document is good: the order goes back to « payée » and on to preparation."""
    _decide(order, "accepted", note="", staff=staff, now=now)
    states.transition(order, states.PAID, actor=actor_of(staff), at=now,
                      note="Justificatif d'identité accepté")
    record(staff, "order.identity_accept", order, at=now,
           changes={"status": [states.AWAITING_IDENTITY, states.PAID]})


def reject_proof(order: Order, *, note: str, staff: User, now: datetime) -> int:
    """The document does not prove the buyer's identity: the order is cancelled and refunded.
    Returns the cents refunded."""
    _decide(order, "rejected", note=note, staff=staff, now=now)
    return cancel(order, reason="identity", note=note, staff=staff, now=now)


def expire_proof(proof_id: int, now: datetime) -> bool:
    """The job at the deadline: no document came, the order is cancelled and refunded. True
    when it did; harmless when the buyer answered or staff decided in time (runs once per
    proof, and only a proof still « requested » expires)."""
    proof = db.session.get(IdentityProof, proof_id)
    if proof is None or proof.status != "requested" or proof.order.status != (
        states.AWAITING_IDENTITY
    ):
        return False
    proof.status, proof.decided_at, proof.decided_by = "expired", now, "system:identity"
    cancel(proof.order, reason="identity", staff="system:identity", now=now,
           note=_("Aucun justificatif reçu dans le délai."))
    return True


def delete_document(proof_id: int, key: str, now: datetime) -> None:
    """Delete a stored document (replaced, or kept its 30 days after the decision). Twice is
    harmless: a missing file is not an error."""
    storage().delete(key)
    proof = db.session.get(IdentityProof, proof_id)
    if proof is not None and proof.document_key == key:
        proof.deleted_at = now
