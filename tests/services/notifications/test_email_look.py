"""Every e-mail looks like the shop and survives mail clients (issue 21, item 6): the shop's
header and colours with the CSS inlined (no stylesheet to load, no <style> rule but the narrow
screen ones), absolute links only, and a text version beside the HTML."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from shop.notifications.models import MailMessage
from tests.email_flows import FLOWS

TEMPLATES = sorted(path.stem for path in (Path(__file__).parents[3] / "templates/email")
                   .glob("*.html") if not path.name.startswith("_"))


# An @media block holding plain rules (one level of braces inside).
_MEDIA = re.compile(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}")


def test_every_email_template_has_a_flow_that_sends_it():
    assert sorted(FLOWS) == TEMPLATES


def _sent(db, template):
    return db.session.scalars(
        select(MailMessage).where(MailMessage.template == template)).all()


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_email_is_inlined_with_absolute_links_and_a_text_version(
        app, db, client, shop_ready, template):
    FLOWS[template](app, db, client)
    db.session.expire_all()
    mails = _sent(db, template)
    assert mails, f"the flow sent no {template} e-mail"
    for mail in mails:
        html = mail.html_body
        assert not re.search(r"<link\b", html, re.I), "an external stylesheet"
        assert "@import" not in html
        styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S | re.I)
        left = [_MEDIA.sub("", css).strip() for css in styles]
        assert not any(left), f"rules left in <style> instead of inlined: {left}"
        # The header: the shop's name on its green band, the colour written on the element.
        masthead = re.search(r'<td class="masthead" style="([^"]*)"', html)
        assert masthead and "#1f6f50" in masthead.group(1)
        assert re.search(r'<a class="brand" href="http://localhost/"[^>]*style="[^"]*#ffffff',
                         html)
        links = re.findall(r'\b(?:href|src)="([^"]*)"', html)
        assert links, "no link at all"
        relative = [link for link in links
                    if not re.match(r"(https?://[^/\s]+|mailto:[^@\s]+@[^@\s]+$)", link)]
        assert not relative, f"relative links in {template}: {relative}"
        assert mail.text_body.strip() and "<" not in mail.text_body.replace("<http", "")


def test_the_call_to_action_is_a_button_with_inlined_colours(app, db, client, shop_ready):
    FLOWS["password_reset"](app, db, client)
    [mail] = _sent(db, "password_reset")
    button = re.search(r'<a class="button" href="(http://localhost/[^"]+)" style="([^"]*)"',
                       mail.html_body)
    assert button, "the reset link is not a styled button"
    assert "background: #1f6f50" in button.group(2) and "color: #ffffff" in button.group(2)


def test_narrow_screens_stack_the_addresses(app, db, client, shop_ready):
    FLOWS["order_confirmation"](app, db, client)
    [mail] = _sent(db, "order_confirmation")
    media = re.search(r"@media \(max-width: 480px\)\s*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}",
                      mail.html_body).group(0)
    assert re.search(r"\.columns td \{ display: block !important; width: 100% !important", media)
    assert re.search(r'<table class="columns" role="presentation"', mail.html_body)
