"""Issue 21, item 7: a failed form opens on a summary of its errors, with a link to each field."""

from tests.account_factories import form_token, log_in, make_user
from tests.error_summary import error_summary


def test_a_failed_sign_up_lists_each_missing_field_with_a_link_to_it(client, db):
    url = "/compte/inscription"
    response = client.post(url, data={"csrf_token": form_token(client, url),
                                      "customer_type": "consumer", "first_name": "Léa"})
    assert response.status_code == 200
    summary = error_summary(response.text)
    assert summary.heading == "Le formulaire contient 3 erreurs"
    assert [href for href, _text in summary.links] == ["#last_name", "#email", "#password"]
    assert summary.links[0][1] == "Nom : Ce champ est obligatoire."


def test_a_professional_sign_up_from_the_checkout_links_to_the_company_fields(client, db):
    url = "/compte/inscription?next=/commande/"
    response = client.post(url, data={"csrf_token": form_token(client, url),
                                      "customer_type": "professional", "last_name": "Roy",
                                      "first_name": "Léa", "email": "lea@example.com",
                                      "password": "une phrase assez longue"})
    summary = error_summary(response.text)
    assert summary.heading == "Le formulaire contient 2 erreurs"
    assert [href for href, _text in summary.links] == ["#company_name", "#siret"]


def test_a_refused_sign_in_says_why_without_a_field_link(client, db):
    make_user(db, email="lea@example.com")
    db.session.commit()
    response = log_in(client, "lea@example.com", "pas le bon mot de passe")
    summary = error_summary(response.text)
    assert summary.heading == "Le formulaire contient 1 erreur"
    assert summary.links == [] and len(summary.items) == 1


def test_a_refused_address_links_to_its_fields(client, db):
    user = make_user(db)
    db.session.commit()
    log_in(client, user.email)
    url = "/compte/adresses/nouvelle"
    response = client.post(url, data={"csrf_token": form_token(client, url),
                                      "first_name": "Léa", "country_code": "FR"})
    summary = error_summary(response.text)
    hrefs = [href for href, _text in summary.links]
    assert {"#last_name", "#line1", "#postal_code", "#city"} <= set(hrefs), hrefs
