"""The audit trail for administrators: who did what, when, on which object."""

from flask import render_template, request

from shop.audit.services import journal
from shop.staff import bp
from shop.staff.guards import admin_required

PAGE = 100


@bp.get("/journal")
@admin_required
def audit_journal():
    """Staff actions, newest first, filtered by who, what and on what; 100 a page."""
    filters = {name: request.args.get(name, "")[:100] for name in ("qui", "action", "objet")}
    before = request.args.get("avant", "")
    entries = journal(actor_email=filters["qui"], action=filters["action"],
                      target=filters["objet"], size=PAGE,
                      before_id=int(before) if before.isdigit() and len(before) < 10 else None)
    return render_template("staff/audit.html", entries=entries, filters=filters,
                           next_before=entries[-1].id if len(entries) == PAGE else None)
