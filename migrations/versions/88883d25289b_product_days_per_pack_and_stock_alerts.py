"""Product page (issue 21): how many days a pack lasts (for the cost per day, unknown for the
products already there) and the « Prévenez-moi » stock alerts, whose e-mails carry a one-click
unsubscribe link (`mail_message.unsubscribe_url`, sent as RFC 8058 headers).

Revision ID: 88883d25289b
Revises: 702e6df17858
Create Date: 2026-12-03 13:29:40.536555

"""
from alembic import op
import sqlalchemy as sa

import shop.db


# revision identifiers, used by Alembic.
revision = '88883d25289b'
down_revision = '702e6df17858'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stock_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', shop.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('notified_at', shop.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_alert_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_alert')),
    sa.UniqueConstraint('product_id', 'email', name=op.f('uq_stock_alert_product_id'))
    )
    with op.batch_alter_table('stock_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_alert_email'), ['email'], unique=False)

    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=True))

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('days_per_pack', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_product_days_per_pack_positive'), 'days_per_pack > 0'
        )



def downgrade():
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_product_days_per_pack_positive'), type_='check')
        batch_op.drop_column('days_per_pack')

    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')

    with op.batch_alter_table('stock_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_alert_email'))

    op.drop_table('stock_alert')
