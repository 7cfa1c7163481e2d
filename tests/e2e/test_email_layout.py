"""Every e-mail read in a narrow mail client (360 px, Chromium): nothing scrolls sideways, the
shop's header stays on top, and the main link is a button a thumb can press."""

import pytest
from sqlalchemy import select

from shop.notifications.models import MailMessage
from tests.email_flows import FLOWS


@pytest.mark.parametrize("template", sorted(FLOWS))
def test_an_email_fits_a_narrow_screen(app, db, client, shop_ready, browser, template):
    FLOWS[template](app, db, client)
    db.session.expire_all()
    mail = db.session.scalars(select(MailMessage).where(MailMessage.template == template)).first()
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_content(mail.html_body)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        header = page.locator("td.masthead").bounding_box()
        assert header["y"] < 40 and header["width"] >= 300
        for button in page.locator("a.button").all():
            box = button.bounding_box()
            assert box["height"] >= 44 and box["x"] + box["width"] <= 360
    finally:
        context.close()
