"""Admins read the staff's audit trail, filtered; staff members do not."""

from shop.audit.services import record
from tests.account_factories import log_in, make_user


def test_only_admins_read_the_journal_and_filter_it(client, db, staff_user, admin_user):
    customer = make_user(db, last_name="<i>Martin</i>")
    record(staff_user, "user.dispute", customer, summary="Litige <b>ouvert</b>",
           changes={"payment_dispute_open": [False, True]})
    record(admin_user, "order.note", customer, summary="autre")
    db.session.commit()
    log_in(client, staff_user.email)
    assert client.get("/staff/journal").status_code == 403
    client.post("/compte/deconnexion", data={"csrf_token": _token(client)})
    log_in(client, admin_user.email)
    page = client.get(f"/staff/journal?qui={staff_user.email}").text
    assert "user.dispute" in page and "order.note" not in page
    assert "Litige &lt;b&gt;ouvert&lt;/b&gt;" in page
    assert "payment_dispute_open : False → True" in page
    assert "order.note" in client.get("/staff/journal?action=order.").text
    assert "user.dispute" not in client.get("/staff/journal?action=order.").text
    assert client.get("/staff/journal?avant=abc&action=%25").status_code == 200


def _token(client):
    from tests.account_factories import form_token

    return form_token(client, "/renoncer")
