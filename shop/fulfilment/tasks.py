"""Job tasks of fulfilment (faces of the job system)."""

from shop.db import utcnow
from shop.fulfilment import identity


def identity_deadline(proof_id: int) -> None:
    """At the proof's deadline: cancel and refund the order if nothing came (idempotent: only
    a proof still « requested » expires)."""
    identity.expire_proof(proof_id, utcnow())


def delete_identity_document(proof_id: int, key: str) -> None:
    """Delete a stored identity document (idempotent: a missing file is not an error)."""
    identity.delete_document(proof_id, key, utcnow())
