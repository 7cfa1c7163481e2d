"""The back office gate: anonymous -> login page, customer -> 403, staff and admin -> in."""

import pytest
from flask_login import login_user
from werkzeug.exceptions import Forbidden

from shop.notifications import Attachment, send_email
from shop.staff import bp
from shop.staff.guards import admin_required, staff_required
from tests.account_factories import log_in


def _staff_routes():
    """Every (method, URL) of the back office, from the URL map, with sample values."""
    from werkzeug.routing import IntegerConverter

    from shop import create_app
    from shop.config import TestConfig

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = "sqlite://"
    app = create_app(config)
    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff"):
            continue
        values = {name: 1 if isinstance(converter, IntegerConverter) else "PN-AAAA-BBBB"
                  for name, converter in rule._converters.items()}
        url = adapter.build(rule.endpoint, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url))
    assert len(routes) > 10
    return routes


STAFF_ROUTES = _staff_routes()


def _form(client, method: str) -> dict | None:
    """A POST carries the session's CSRF token, so that only the staff gate can refuse it."""
    from tests.account_factories import form_token

    return {"csrf_token": form_token(client, "/renoncer")} if method == "POST" else None


@pytest.mark.parametrize(("method", "url"), STAFF_ROUTES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, method, url):
    response = client.open(url, method=method, data=_form(client, method))
    assert response.status_code == 302, url
    assert response.headers["Location"].startswith("/compte/connexion?next=%2Fstaff")


@pytest.mark.parametrize(("method", "url"), STAFF_ROUTES)
def test_customers_get_403(client, customer, method, url):
    log_in(client, customer.email)
    response = client.open(url, method=method, data=_form(client, method))
    assert response.status_code == 403, url
    assert "Accès refusé" in response.get_data(as_text=True)


def test_every_staff_view_is_behind_the_blueprint_guard():
    assert bp.before_request_funcs[None][0].__name__ == "require_staff"


def test_staff_member_sees_the_home_and_the_header_link(client, staff_user):
    log_in(client, staff_user.email)
    html = client.get("/staff/").get_data(as_text=True)
    assert "Espace équipe" in html and "E-mails envoyés" in html


def test_outbox_lists_messages_and_serves_attachments(client, db, admin_user):
    user = type("U", (), {"first_name": "Léa", "email": "lea@example.com"})()
    send_email("lea@example.com", "Votre récapitulatif", "password_reset",
               context={"user": user, "link": "http://x", "valid_minutes": 60},
               attachments=[Attachment("recap.pdf", "application/pdf", b"%PDF-1.4 recap")])
    db.session.commit()
    log_in(client, admin_user.email)
    html = client.get("/staff/outbox").get_data(as_text=True)
    assert "Votre récapitulatif" in html and "lea@example.com" in html
    message_html = client.get("/staff/outbox/1").get_data(as_text=True)
    assert "recap.pdf" in message_html and "Bonjour Léa" in message_html
    attachment = client.get("/staff/outbox/attachments/1")
    assert attachment.data == b"%PDF-1.4 recap"
    assert attachment.mimetype == "application/pdf"
    assert "attachment" in attachment.headers["Content-Disposition"]
    preview = client.get("/staff/outbox/1/html")
    policy = preview.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "script-src" not in policy
    # The inlined look shows as the customer sees it; nothing else loads.
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy
    assert client.get("/staff/outbox/99").status_code == 404


def test_admin_required_lets_only_admins_in(app, db, staff_user, admin_user):
    view = admin_required(lambda: "ok")
    with app.test_request_context():
        login_user(staff_user)
        with pytest.raises(Forbidden):
            view()
        login_user(admin_user)
        assert view() == "ok"
        assert staff_required(lambda: "ok")() == "ok"


def test_staff_required_sends_anonymous_to_login(app, db):
    with app.test_request_context("/staff/anything"):
        response = staff_required(lambda: "ok")()
        assert response.status_code == 302
