"""The online withdrawal function (B3, B4) through the test client."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from shop.withdrawal.models import Withdrawal
from tests.account_factories import log_in
from tests.conftest import csrf_token_from, visible_text
from tests.error_summary import error_summary
from tests.withdrawal_factories import delivered_order

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.now(PARIS)


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html).group(1)


def _post(client, page: str, **fields):
    data = {"csrf_token": csrf_token_from(page), "idempotency_key": _key(page)} | fields
    return client.post("/renoncer", data=data)


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Withdrawal))


def test_the_footer_link_leads_to_a_form_without_logging_in(client, db, shop_ready):
    """B3: « Renoncer au contrat ici » in the footer, the form asks only name, order, e-mail."""
    home = client.get("/").text
    assert 'href="/renoncer">Renoncer au contrat ici</a>' in home
    assert 'href="/renoncer"' in client.get("/retractation").text
    page = client.get("/renoncer")
    assert page.status_code == 200
    form = page.text[page.text.index('action="/renoncer"'):]
    names = set(re.findall(r'<input[^>]* name="([^"]+)"', form[:form.index("</form>")]))
    assert names == {"csrf_token", "idempotency_key", "name", "reference", "email"}
    assert 'for="name"' in page.text and 'for="email"' in page.text
    assert "Confirmer la rétractation</button>" in page.text
    assert _count(db) == 0  # no state change on GET


def test_confirming_records_once_and_says_what_was_received(app, client, db, shop_ready):
    """B3: double submission records one declaration; the next page says what was received."""
    order = delivered_order(app, db, delivered_at=NOW)
    page = client.get("/renoncer").text
    fields = {"name": order.customer_name, "reference": order.reference.lower(),
              "email": order.customer_email}
    first = _post(client, page, **fields)
    assert first.status_code == 302 and first.headers["Location"].endswith("/renoncer/accuse")
    again = _post(client, page, **fields)  # double click / retried POST
    assert again.status_code == 302
    second_tab = client.get("/renoncer").text  # a new visit gets a new key
    assert _count(db) == 1
    receipt = visible_text(client.get("/renoncer/accuse").text)
    assert "Nous avons reçu votre déclaration de rétractation" in receipt
    assert order.customer_email in receipt and "Magnésium marin" in receipt
    assert _key(second_tab) != _key(page)


def test_a_wrong_reference_gets_the_same_neutral_answer(app, client, db, shop_ready):
    """B3: recorded « à vérifier », the page reveals nothing of any order."""
    order = delivered_order(app, db, delivered_at=NOW)
    page = client.get("/renoncer").text
    response = _post(client, page, name=order.customer_name, reference="PN-0000-0000",
                     email=order.customer_email)
    assert response.status_code == 302
    receipt = visible_text(client.get("/renoncer/accuse").text)
    assert "Magnésium" not in receipt and order.reference not in receipt
    assert "PN-0000-0000" in receipt and "vérifie votre déclaration" in receipt
    assert db.session.scalar(select(Withdrawal)).needs_review


def test_missing_fields_are_shown_with_an_error_summary(client, db):
    page = client.get("/renoncer").text
    response = _post(client, page, name="", reference="", email="pas-une-adresse")
    assert response.status_code == 200
    assert 'role="alert"' in response.text and 'aria-invalid="true"' in response.text
    summary = error_summary(response.text)
    assert summary.heading == "Le formulaire contient 3 erreurs"
    assert [href for href, _text in summary.links] == ["#name", "#reference", "#email"]
    assert _count(db) == 0


def test_without_csrf_token_nothing_is_recorded(client, db):
    response = client.post("/renoncer", data={"name": "A", "reference": "B", "email": "a@b.fr",
                                              "idempotency_key": "x" * 32})
    assert response.status_code in (400, 200)
    assert _count(db) == 0


def test_the_form_is_rate_limited(app, client, db):
    app.config["RATELIMIT_WITHDRAWAL"] = "2 per hour"
    try:
        page = client.get("/renoncer").text
        codes = [_post(client, page, name="", reference="", email="").status_code
                 for _ in range(3)]
    finally:
        app.config["RATELIMIT_WITHDRAWAL"] = "10 per hour"
    assert codes[-1] == 429


def test_the_consumer_order_page_shows_the_link_with_its_lines(app, client, db, shop_ready):
    """B3: a prominent link on the order page during the period; signed in, lines to choose."""
    order = delivered_order(app, db, delivered_at=NOW)
    log_in(client, order.customer_email)
    page = client.get(f"/compte/commandes/{order.reference}").text
    link = f'href="/renoncer?commande={order.reference}"'
    assert link in page and "Renoncer au contrat ici" in page
    form = client.get(f"/renoncer?commande={order.reference}").text
    assert form.count('type="checkbox"') == 2 and form.count("checked") == 2
    line_id = order.lines[0].id
    response = _post(client, form, name=order.customer_name, reference=order.reference,
                     email=order.customer_email, lines=str(line_id))
    assert response.status_code == 302
    (withdrawal,) = db.session.scalars(select(Withdrawal)).all()
    assert [line.order_line_id for line in withdrawal.lines] == [line_id]
    assert "Rétractation reçue" in client.get(f"/compte/commandes/{order.reference}").text


def test_unticking_every_product_is_refused_with_a_message(app, client, db, shop_ready):
    """Before: no product ticked declared the whole order, without saying so."""
    order = delivered_order(app, db, delivered_at=NOW)
    log_in(client, order.customer_email)
    form = client.get(f"/renoncer?commande={order.reference}").text
    response = _post(client, form, name=order.customer_name, reference=order.reference,
                     email=order.customer_email)
    assert response.status_code == 200
    assert "Cochez au moins un produit" in visible_text(response.text)
    assert _count(db) == 0


def test_a_professional_sees_no_link(app, client, db, shop_ready):
    """B10, I2."""
    order = delivered_order(app, db, delivered_at=NOW, customer_type="professional",
                            company_name="Pharmacie du Port", siret="73282932000074")
    log_in(client, order.customer_email)
    assert "Renoncer au contrat ici" not in client.get(f"/compte/commandes/{order.reference}").text
    assert "Renoncer au contrat ici" not in client.get("/").text
