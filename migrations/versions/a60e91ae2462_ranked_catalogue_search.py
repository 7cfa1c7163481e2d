"""Ranked catalogue search: words by weight, full-text index, vocabulary for typos

Revision ID: a60e91ae2462
Revises: 6940ffa5de83
Create Date: 2026-12-03 13:23:53.613965

`product.search_text` (one lowercased text searched with LIKE) becomes three columns of words
by weight (A name, brand, category; B short description, nutrients; C ingredients), filled here
from the existing rows. `search_term` is the vocabulary typos are corrected against. Then the
index the database derives from the words (shop.catalog.search_index.install): on PostgreSQL
the pg_trgm extension, a generated weighted tsvector with its GIN index and a trigram index on
the vocabulary; on SQLite an FTS5 table kept by triggers, filled from the existing rows.
"""
from alembic import op
import sqlalchemy as sa

import shop.db
from shop.catalog import search_index
from shop.catalog.words import fold


# revision identifiers, used by Alembic.
revision = 'a60e91ae2462'
down_revision = '6940ffa5de83'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_term',
    sa.Column('word', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_term'))
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_a', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('search_b', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('search_c', sa.Text(), nullable=False, server_default=''))
        batch_op.drop_column('search_text')
    _fill_search_words(op.get_bind())
    search_index.install(op.get_bind())


def _fill_search_words(conn):
    """Each existing product's words, and the vocabulary they make."""
    categories = dict(conn.execute(sa.text("SELECT id, name FROM category")).all())
    nutrients: dict[int, list[str]] = {}
    for product_id, name in conn.execute(
            sa.text("SELECT product_id, name FROM nutrient ORDER BY product_id, position")):
        nutrients.setdefault(product_id, []).append(name)
    vocabulary: set[str] = set()
    products = conn.execute(sa.text(
        "SELECT id, name, brand, category_id, short_description, ingredients FROM product")).all()
    for id_, name, brand, category_id, short_description, ingredients in products:
        a, b, c = search_index.document(
            name, brand, categories.get(category_id, ""), short_description or "",
            nutrients.get(id_, []), ingredients or "")
        conn.execute(sa.text("UPDATE product SET search_a = :a, search_b = :b, search_c = :c "
                             "WHERE id = :id"), {"a": a, "b": b, "c": c, "id": id_})
        vocabulary.update(f"{a} {b} {c}".split())
    if vocabulary:
        conn.execute(sa.text("INSERT INTO search_term (word) VALUES (:word)"),
                     [{"word": word} for word in sorted(vocabulary)])


def downgrade():
    conn = op.get_bind()
    search_index.uninstall(conn)
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.TEXT(), nullable=False, server_default=''))
        batch_op.drop_column('search_c')
        batch_op.drop_column('search_b')
        batch_op.drop_column('search_a')
    for id_, name, brand, ingredients in conn.execute(
            sa.text("SELECT id, name, brand, ingredients FROM product")).all():
        conn.execute(sa.text("UPDATE product SET search_text = :text WHERE id = :id"),
                     {"text": fold(" ".join([name, brand, ingredients or ""])), "id": id_})
    op.drop_table('search_term')
