"""VAT regime on orders, VIES check on accounts (issue 20): the regime, its mention and whether
the order reads HT are copied onto each order; each line keeps its unit price HT. Orders placed
before were all under French VAT; their lines get the HT of their TTC unit price.

Revision ID: 702e6df17858
Revises: cc6f0d574d0a
Create Date: 2026-12-03 09:39:51.498831

"""
from decimal import ROUND_HALF_UP, Decimal

from alembic import op
import sqlalchemy as sa

import shop.db


# revision identifiers, used by Alembic.
revision = '702e6df17858'
down_revision = 'cc6f0d574d0a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('customer_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vat_number_status', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('vat_number_checked_at', shop.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('vat_regime', sa.String(length=20), nullable=False, server_default='french_vat'))
        batch_op.add_column(sa.Column('vat_mention', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('prices_ht', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE customer_order SET prices_ht = (customer_type = 'professional')")

    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_ht_cents', sa.Integer(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, unit_price_cents, vat_rate FROM order_line")).all()
    for line_id, unit, rate in rows:
        ht = (Decimal(unit) * 100 / (100 + Decimal(str(rate)))).quantize(Decimal(1), ROUND_HALF_UP)
        connection.execute(sa.text("UPDATE order_line SET unit_ht_cents = :ht WHERE id = :id"),
                           {"ht": int(ht), "id": line_id})
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.alter_column('unit_ht_cents', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vat_number_status', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('vat_number_checked_at', shop.db.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('vat_number_checked_at')
        batch_op.drop_column('vat_number_status')

    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_column('unit_ht_cents')

    with op.batch_alter_table('customer_order', schema=None) as batch_op:
        batch_op.drop_column('prices_ht')
        batch_op.drop_column('vat_mention')
        batch_op.drop_column('vat_regime')
        batch_op.drop_column('vat_number_checked_at')
        batch_op.drop_column('vat_number_status')
