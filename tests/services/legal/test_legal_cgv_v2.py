"""CGV version 2 (issue 17): the true identity, the legal-guarantee box (A14), published by the
demo seed through the ordinary versioning while version 1 stays attached to its orders (A6)."""

from datetime import UTC, datetime

from shop.checkout.services import place_order
from shop.demo import seed_demo
from shop.legal.models import CgvVersion
from shop.legal.services import CGV_SOURCES, current_cgv, get_cgv, seed_cgv
from shop.shipping.services import seed_shipping_methods
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import make_product
from tests.pdf_text import pdf_text

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_version_two_gives_the_true_identity_and_the_guarantee_box(db):
    """A13, A14, H3."""
    seed_cgv(now=T0, upto=2)
    db.session.commit()
    body = _flat(get_cgv(2).body)
    for fact in [
        "SARL au capital de 152 449,02 €",
        "AV ZI 5EME AVENUE, 06510 Carros",
        "RCS Grasse 399 538 347", "FR 21399538347",
        "04 00 00 00 00 (numéro de démonstration), numéro non surtaxé",
        "0825 09 21 92 (0,06 € TTC/min + prix d'un appel)",
        # A14: the D211-2 box.
        "2 ans à compter de la délivrance du bien",
        "présumé exister au moment de la délivrance pendant ces 2 ans",
        "la réparation ou le remplacement du bien, à son choix",
        "réduction du prix", "résolution du contrat",
        "2 ans à compter de la découverte du défaut",
        # B9 and B1; B3 and B4 as the function works.
        "prolongé de 12 mois", "réception du dernier colis",
        "« Renoncer au contrat ici »", "« Confirmer la rétractation »",
        "sans avoir à se connecter", "date et l'heure de sa réception (heure de Paris)",
    ]:
        assert fact in body, fact
    for promise in ["Pugets", "50 000", "depuis le compte client", "depuis son compte client",
                    "téléchargée depuis le compte client"]:
        assert promise not in body, promise


def test_the_demo_seed_publishes_version_two_once(db):
    seed_cgv(now=T0)  # a demo database made before issue 17: version 1 only
    db.session.commit()
    assert current_cgv().number == 1
    seed_demo(T0)
    db.session.commit()
    assert current_cgv().number == len(CGV_SOURCES) == 2
    assert "152 449,02" in current_cgv().body
    seed_demo(T0)
    db.session.commit()
    assert db.session.query(CgvVersion).count() == 2


def test_new_orders_get_version_two_while_old_ones_keep_version_one(app, client, db):
    """A6: an order keeps the version its customer accepted."""
    seed_cgv(now=T0)
    seed_shipping_methods()
    user = make_user(db)
    product = make_product(db)
    db.session.commit()
    with app.test_request_context():
        old = place_order(user, order_request([(product, 1)], cgv_version=1), actor="test",
                          now=T0)
        db.session.commit()
        seed_cgv(now=T0, upto=2)
        db.session.commit()
        new = place_order(user, order_request([(product, 1)], cgv_version=2), actor="test",
                          now=T0)
        db.session.commit()
    assert (old.cgv_version, new.cgv_version) == (1, 2)
    assert "Version 2" in client.get("/cgv").text or "version 2" in client.get("/cgv").text
    v1_pdf = client.get("/cgv.pdf?version=1")
    assert v1_pdf.status_code == 200 and "Version 1" in pdf_text(v1_pdf.data)
