"""Customs data (issue 20, item 8): each product's HS code, origin and net weight, and the CN23
declaration an export order (outside the EU or overseas) copies from them when it is placed. Existing
products get NULL (publication now asks for them; `flask seed-demo` fills the demo's); existing
orders get no declaration.

Revision ID: 6940ffa5de83
Revises: 88883d25289b
Create Date: 2026-12-03 13:29:34.117617

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6940ffa5de83'
down_revision = '88883d25289b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('customer_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customs_declaration', sa.JSON(none_as_null=True), nullable=True))

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hs_code', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('origin_country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('net_weight_grams', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_column('net_weight_grams')
        batch_op.drop_column('origin_country')
        batch_op.drop_column('hs_code')

    with op.batch_alter_table('customer_order', schema=None) as batch_op:
        batch_op.drop_column('customs_declaration')
