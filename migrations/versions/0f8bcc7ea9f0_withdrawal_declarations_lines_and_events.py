"""withdrawal declarations, lines and events (issue 17)

Also `customer_order.withdrawal_info_sent_at` (B9), added in place (no batch copy of the orders
table on SQLite). Orders paid before this revision had their confirmation, which carries the
withdrawal information and form for consumers, sent when paid: they get `paid_at`.

Revision ID: 0f8bcc7ea9f0
Revises: 5e1c3a9b7d20
Create Date: 2026-12-02 14:48:28.127112

"""
from alembic import op
import sqlalchemy as sa

import shop.db


# revision identifiers, used by Alembic.
revision = '0f8bcc7ea9f0'
down_revision = '5e1c3a9b7d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('withdrawal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('review_reason', sa.String(length=200), nullable=False),
    sa.Column('refusal_reason', sa.String(length=300), nullable=False),
    sa.Column('received_at', shop.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('typed_name', sa.String(length=200), nullable=False),
    sa.Column('typed_reference', sa.String(length=40), nullable=False),
    sa.Column('typed_email', sa.String(length=254), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['customer_order.id'], name=op.f('fk_withdrawal_order_id_customer_order'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawal')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_withdrawal_idempotency_key'))
    )
    with op.batch_alter_table('withdrawal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_withdrawal_order_id'), ['order_id'], unique=False)

    op.create_table('withdrawal_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('withdrawal_id', sa.Integer(), nullable=False),
    sa.Column('at', shop.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['withdrawal_id'], ['withdrawal.id'], name=op.f('fk_withdrawal_event_withdrawal_id_withdrawal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawal_event'))
    )
    with op.batch_alter_table('withdrawal_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_withdrawal_event_withdrawal_id'), ['withdrawal_id'], unique=False)

    op.create_table('withdrawal_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('withdrawal_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=True),
    sa.Column('product_name', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_line.id'], name=op.f('fk_withdrawal_line_order_line_id_order_line'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['withdrawal_id'], ['withdrawal.id'], name=op.f('fk_withdrawal_line_withdrawal_id_withdrawal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawal_line'))
    )
    with op.batch_alter_table('withdrawal_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_withdrawal_line_withdrawal_id'), ['withdrawal_id'], unique=False)

    op.add_column('customer_order', sa.Column('withdrawal_info_sent_at', shop.db.UTCDateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE customer_order SET withdrawal_info_sent_at = paid_at "
        "WHERE paid_at IS NOT NULL AND customer_type <> 'professional'"
    )



def downgrade():
    op.drop_column('customer_order', 'withdrawal_info_sent_at')

    with op.batch_alter_table('withdrawal_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_withdrawal_line_withdrawal_id'))

    op.drop_table('withdrawal_line')
    with op.batch_alter_table('withdrawal_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_withdrawal_event_withdrawal_id'))

    op.drop_table('withdrawal_event')
    with op.batch_alter_table('withdrawal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_withdrawal_order_id'))

    op.drop_table('withdrawal')
