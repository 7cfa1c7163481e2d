"""billing: payment attempts and refunds ledger

Revision ID: f0de3070b3ae
Revises: bd9813080ad7
Create Date: 2026-12-02 13:37:27.879250

"""
from alembic import op
import sqlalchemy as sa

import shop.db


# revision identifiers, used by Alembic.
revision = 'f0de3070b3ae'
down_revision = 'bd9813080ad7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('attempt_ref', sa.String(length=120), nullable=True),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('captured_ref', sa.String(length=120), nullable=True),
    sa.Column('captured_cents', sa.Integer(), nullable=False),
    sa.Column('captured_currency', sa.String(length=3), nullable=True),
    sa.Column('created_at', shop.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', shop.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('captured_at', shop.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', shop.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('open', 'captured', 'failed', 'expired', 'cancelled')", name=op.f('ck_payment_status')),
    sa.ForeignKeyConstraint(['order_id'], ['customer_order.id'], name=op.f('fk_payment_order_id_customer_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('provider', 'attempt_ref', name='uq_payment_attempt')
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_captured_ref'), ['captured_ref'], unique=False)
        batch_op.create_index('ix_payment_order_status', ['order_id', 'status'], unique=False)

    op.create_table('refund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('provider_ref', sa.String(length=120), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', shop.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('settled_at', shop.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name=op.f('ck_refund_status')),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_refund_positive')),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_refund_payment_id_payment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund')),
    sa.UniqueConstraint('payment_id', 'provider_ref', name='uq_refund_provider_ref')
    )
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index('ix_refund_status', ['status'], unique=False)

    # Each order's last attempt becomes a Payment row before the column goes: a paid order's
    # attempt captured its total, an unpaid one is still open, a cancelled one was closed.
    op.execute(
        """
        INSERT INTO payment (order_id, provider, attempt_ref, amount_cents, currency, status,
                             captured_ref, captured_cents, captured_currency, created_at,
                             expires_at, captured_at, ended_at)
        SELECT id, payment_method, payment_provider_ref, total_ttc_cents, currency,
               CASE WHEN paid_at IS NOT NULL THEN 'captured'
                    WHEN status = 'awaiting_payment' THEN 'open' ELSE 'cancelled' END,
               CASE WHEN paid_at IS NOT NULL THEN payment_ref END,
               CASE WHEN paid_at IS NOT NULL THEN total_ttc_cents ELSE 0 END,
               CASE WHEN paid_at IS NOT NULL THEN currency END,
               created_at, payment_expires_at, paid_at, COALESCE(paid_at, cancelled_at)
        FROM customer_order WHERE payment_provider_ref IS NOT NULL
        """
    )
    # Not a batch (table copy): on SQLite, copying customer_order would drop the table its
    # lines and events cascade from. SQLite 3.35+ drops a plain column in place.
    op.drop_index('ix_customer_order_payment_provider_ref', table_name='customer_order')
    op.drop_column('customer_order', 'payment_provider_ref')


def downgrade():
    with op.batch_alter_table('customer_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payment_provider_ref', sa.VARCHAR(length=120), nullable=True))
        batch_op.create_index(batch_op.f('ix_customer_order_payment_provider_ref'), ['payment_provider_ref'], unique=False)

    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_index('ix_refund_status')
        batch_op.drop_index(batch_op.f('ix_refund_payment_id'))

    op.drop_table('refund')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_order_status')
        batch_op.drop_index(batch_op.f('ix_payment_captured_ref'))

    op.drop_table('payment')
