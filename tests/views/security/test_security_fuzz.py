"""Issue 18 §7: the project's own fuzz test.

Every route of the URL map, GET and POST, as an anonymous visitor, a customer and a staff
member, receives Hypothesis-generated hostile values: NUL and control characters, invalid
UTF-8, 10,000 characters, huge and negative integers, JSON and multipart bodies with file
parts, duplicated and missing fields, in the path, the query string and the body. No answer
may be a server error, and a refused request (4xx) must leave the database as it was.

The budget is fixed: EXAMPLES examples per route and method for each of the three visitors,
derandomised so that CI runs the same requests every time (about 30 s per database).
"""

import json
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from shop.extensions import limiter
from tests.account_factories import log_in
from tests.conftest import csrf_token_from
from tests.factories import make_category, make_product

EXAMPLES = 4
# Ending the session would turn the rest of the walk into an anonymous one.
SKIPPED_POSTS = {"accounts.logout", "accounts.logout_everywhere"}
FIELDS = [
    "email", "password", "confirm", "current_password", "remember", "first_name", "last_name",
    "customer_type", "company_name", "siret", "vat_number", "marketing_consent", "label",
    "company", "line1", "line2", "postal_code", "city", "country_code", "phone",
    "is_default_delivery", "is_default_billing", "product_id", "quantity", "next",
    "lines-0-product_id", "lines-0-quantity", "lines-1-quantity", "delivery_id", "billing_same",
    "billing_id", "method", "payment", "cgv_accepted", "idempotency_key", "expected_total",
    "cgv_version", "token", "choice", "channel", "key", "note", "open", "confirm",
    "address_line1", "address_postal_code", "address_phone", "address_country_code",
]
QUERY_KEYS = ["q", "page", "tri", "next", "version", "token", "pour", "country", "postal_code"]
HOSTILE = [
    "\x00", "a\x00b", "\r\nBcc: victime@example.com", "\t", "\x1b[31m", "\x7f", "\u0085",
    "x" * 10_000, "9" * 40, "-1", "0", "2147483648", "9223372036854775808",
    "-9223372036854775809", "1e400", "NaN", "' OR 1=1 --", "<script>alert(1)</script>",
    "../../etc/passwd", "%00", "é" * 300, "", " ", "１２", "\u202e", "\ufeff",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    st.integers(-(2**70), 2**70).map(str),
)
hostile_int = st.one_of(st.integers(-(2**70), 2**70),
                        st.sampled_from([0, 1, 2**31, 2**63, -(2**63) - 1]))
form_pairs = st.lists(st.tuples(st.sampled_from(FIELDS), hostile_text), max_size=8)
invalid_utf8 = st.sampled_from([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\x80abc"])


def fill_path(rule, data) -> str:
    """The rule's path with a hostile value for each parameter (ints beyond any bound)."""
    path = rule.rule
    for name, converter in rule._converters.items():
        if type(converter).__name__ == "DatabaseIntConverter":
            value = str(data.draw(hostile_int))
        elif name == "filename":
            value = data.draw(st.sampled_from(["css/shop.css", "../secret", "%00"]))
        else:
            value = quote(data.draw(hostile_text)[:500], safe="")
        spec = next(part for part in (f"<{name}>", f"<int:{name}>", f"<path:{name}>")
                    if part in path)
        path = path.replace(spec, value or "x")
    return path


def query_string(data) -> str:
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS), hostile_text), max_size=4))
    raw = urlencode(pairs)
    if data.draw(st.booleans()):
        raw += "&q=" + "".join(f"%{b:02X}" for b in data.draw(invalid_utf8))
    return raw


def post_kwargs(data, token: str) -> dict:
    """A hostile body: a form (with the valid CSRF token, so that it reaches the view),
    JSON, multipart with a file part, or invalid UTF-8."""
    kind = data.draw(st.sampled_from(["form", "form", "json", "multipart", "bytes"]))
    pairs = [("csrf_token", token), *data.draw(form_pairs)]
    if kind == "form":
        return {"data": urlencode(pairs),
                "content_type": "application/x-www-form-urlencoded"}
    if kind == "json":
        body = data.draw(st.one_of(
            st.dictionaries(st.sampled_from(FIELDS), st.one_of(hostile_text, hostile_int,
                                                               st.none(), st.lists(st.none()))),
            st.lists(hostile_int, max_size=3), hostile_text))
        return {"data": json.dumps(body), "content_type": "application/json",
                "headers": {"X-CSRFToken": token}}
    if kind == "multipart":
        from io import BytesIO

        fields = dict(pairs)
        fields[data.draw(st.sampled_from(FIELDS))] = (BytesIO(b"\x00\xff" * 10), "f.bin")
        return {"data": fields, "content_type": "multipart/form-data"}
    encoded = urlencode(pairs).encode() + b"&" + data.draw(st.sampled_from(FIELDS)).encode()
    return {"data": encoded + b"=" + data.draw(invalid_utf8),
            "content_type": "application/x-www-form-urlencoded"}


def database_state(db) -> tuple:
    """Row counts of every table and the accounts' rows: what a refusal must not change."""
    db.session.rollback()
    counts = ", ".join(f'(SELECT count(*) FROM "{table.name}")'
                       for table in db.metadata.sorted_tables)
    accounts = db.session.execute(text(
        "SELECT id, email, first_name, last_name, session_token, password_hash"
        " FROM user_account ORDER BY id")).all()
    return (tuple(db.session.execute(text(f"SELECT {counts}")).one()), tuple(accounts))


@pytest.fixture()
def walk(app, client, db, shop_ready, customer, staff_user):
    """The routes with their methods, a prepared shop, and the request function."""
    product = make_product(db, category=make_category(db, slug="vitamines"),
                           slug="vitamine-d3", on_hand=5)
    routes = [(rule, method) for rule in app.url_map.iter_rules()
              for method in ("GET", "POST") if method in rule.methods
              and not (method == "POST" and rule.endpoint in SKIPPED_POSTS)
              and rule.endpoint != "static"]
    return routes, product


@pytest.mark.parametrize("who", ["anonymous", "customer", "staff"])
def test_no_route_answers_a_server_error_to_hostile_input(app, client, db, walk, customer,
                                                          staff_user, who):
    routes, product = walk
    if who != "anonymous":
        assert log_in(client, (customer if who == "customer" else staff_user).email
                      ).status_code == 302
    with client.session_transaction() as session:
        session["cart"] = [[product.id, 1, product.price_cents]]
    token = csrf_token_from(client.get("/compte/connexion" if who == "anonymous"
                                       else "/compte/").text)

    for rule, method in routes:
        fuzz(db, client, token, who, rule, method)


def fuzz(db, client, token: str, who: str, rule, method: str) -> None:
    """EXAMPLES hostile requests to one route: no 5xx, and no change when refused."""

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def hit(data):
        limiter.reset()
        url = fill_path(rule, data)
        if data.draw(st.booleans()):
            url += "?" + query_string(data)
        before = database_state(db)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, **post_kwargs(data, token))
        assert response.status_code < 500, (who, method, url, response.status_code)
        if response.status_code >= 400:
            assert database_state(db) == before, (who, method, url, response.status_code)

    hit()
