"""accounts: e-mail address confirmed at sign-up

Revision ID: a7c41e2d9b10
Revises: 0f8bcc7ea9f0
Create Date: 2026-12-02 17:30:00

Accounts created before this revision were opened at once: they count as confirmed from their
creation.
"""
from alembic import op
import sqlalchemy as sa

import shop.db


# revision identifiers, used by Alembic.
revision = 'a7c41e2d9b10'
down_revision = '0f8bcc7ea9f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', shop.db.UTCDateTime(), nullable=True))
    op.execute("UPDATE user_account SET email_confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
