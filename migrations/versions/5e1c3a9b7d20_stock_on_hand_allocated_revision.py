"""Stock on hand and allocated with a movement ledger; catalogue revision counter

Revision ID: 5e1c3a9b7d20
Revises: f0de3070b3ae
Create Date: 2026-12-02 14:00:00.000000

Product.stock meant "available": reserving took units off it and nothing changed at shipment.
It becomes on_hand (in the warehouse) and allocated (promised to orders not yet shipped):
on_hand = stock + units held by open orders, allocated = those units. Lines of shipped or
delivered orders stop holding units (the parcel took them: a `shipped` movement says so).
The old movements keep their history as `allocated`, `released` or `adjusted`, and each product
gets an `opening` movement dated before them, so that its movements add up to its levels.
"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

import shop.db


# revision identifiers, used by Alembic.
revision = '5e1c3a9b7d20'
down_revision = 'f0de3070b3ae'
branch_labels = None
depends_on = None

HOLDING = ('awaiting_payment', 'paid', 'preparing')
OLD_KINDS = {'order_reserved': ('allocated', 'order_placed'),
             'order_released': ('released', 'order_cancelled')}


def upgrade():
    op.create_table('catalog_revision',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_catalog_revision_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_revision'))
    )
    op.execute("INSERT INTO catalog_revision (id, number) VALUES (1, 1)")

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_hand', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('allocated', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), nullable=False, server_default='adjusted'))
        for name in ('on_hand_change', 'allocated_change', 'on_hand_after', 'allocated_after'):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('order_line_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_stock_movement_order_line_id_order_line'), 'order_line', ['order_line_id'], ['id'])
        batch_op.alter_column('reason', existing_type=sa.String(length=30), type_=sa.String(length=40), existing_nullable=False)

    _move_data(op.get_bind())

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_product_stock_not_negative'), type_='check')
        batch_op.drop_column('stock')
        batch_op.alter_column('on_hand', existing_type=sa.Integer(), server_default=None)
        batch_op.alter_column('allocated', existing_type=sa.Integer(), server_default=None)
        batch_op.create_check_constraint(batch_op.f('ck_product_allocated_not_negative'), 'allocated >= 0')
        batch_op.create_check_constraint(batch_op.f('ck_product_allocated_within_on_hand'), 'allocated <= on_hand')

    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_column('quantity')
        batch_op.drop_column('stock_after')
        for name in ('kind', 'on_hand_change', 'allocated_change', 'on_hand_after', 'allocated_after'):
            batch_op.alter_column(name, server_default=None)


def _move_data(conn):
    """Levels, the old movements' new columns, shipped lines, and an opening per product."""
    holding = sa.bindparam('holding', HOLDING, expanding=True)
    held = dict(conn.execute(sa.text(
        "SELECT l.product_id, SUM(l.reserved_quantity) FROM order_line l "
        "JOIN customer_order o ON o.id = l.order_id "
        "WHERE o.status IN :holding AND l.product_id IS NOT NULL GROUP BY l.product_id"
    ).bindparams(holding)).all())
    shipped = conn.execute(sa.text(
        "SELECT l.id, l.order_id, l.product_id, l.reserved_quantity, "
        "COALESCE(o.shipped_at, o.delivered_at, o.created_at) FROM order_line l "
        "JOIN customer_order o ON o.id = l.order_id WHERE o.status IN ('shipped', 'delivered') "
        "AND l.reserved_quantity > 0 AND l.product_id IS NOT NULL"
    )).all()
    conn.execute(sa.text(
        "UPDATE order_line SET reserved_quantity = 0 WHERE reserved_quantity != 0 AND order_id "
        "IN (SELECT id FROM customer_order WHERE status NOT IN :holding)"
    ).bindparams(holding))
    events: dict[int, list[dict]] = {}
    for row in conn.execute(sa.text(
        "SELECT id, product_id, quantity, reason, created_at FROM stock_movement"
    )).mappings():
        kind, reason = OLD_KINDS.get(row['reason'], ('adjusted', row['reason']))
        change = (row['quantity'], 0) if kind == 'adjusted' else (0, -row['quantity'])
        events.setdefault(row['product_id'], []).append(dict(
            id=row['id'], kind=kind, reason=reason, change=change,
            at=_aware(row['created_at'])))
    for line_id, order_id, product_id, quantity, at in shipped:
        events.setdefault(product_id, []).append(dict(
            id=None, kind='shipped', reason='order_shipped', change=(-quantity, -quantity),
            at=_aware(at), order_id=order_id, line_id=line_id))

    movement = sa.table('stock_movement', *(sa.column(name) for name in (
        'id', 'product_id', 'kind', 'on_hand_change', 'allocated_change', 'on_hand_after',
        'allocated_after', 'order_id', 'order_line_id', 'actor', 'reason', 'note', 'quantity',
        'stock_after')),
        sa.column('created_at', shop.db.UTCDateTime()))
    products = conn.execute(sa.text("SELECT id, stock, created_at FROM product")).all()
    for product_id, stock, created_at in products:
        allocated = int(held.get(product_id) or 0)
        on_hand = stock + allocated
        conn.execute(sa.text("UPDATE product SET on_hand = :on_hand, allocated = :allocated "
                             "WHERE id = :id"),
                     {"on_hand": on_hand, "allocated": allocated, "id": product_id})
        history = sorted(events.get(product_id, []), key=lambda e: (e['at'], e['id'] or 0))
        opening = (on_hand - sum(e['change'][0] for e in history),
                   allocated - sum(e['change'][1] for e in history))
        if opening == (0, 0) and not history:
            continue
        first = min([_aware(created_at)] + [e['at'] for e in history])
        levels = opening
        conn.execute(movement.insert().values(
            product_id=product_id, kind='opening', on_hand_change=opening[0],
            allocated_change=opening[1], on_hand_after=levels[0], allocated_after=levels[1],
            quantity=opening[0] - opening[1], stock_after=levels[0] - levels[1], order_id=None, order_line_id=None, actor='migration', reason='ledger_opening',
            note="Ouverture du grand livre (stock disponible et réservé avant la migration)",
            created_at=first))
        for event in history:
            levels = (levels[0] + event['change'][0], levels[1] + event['change'][1])
            values = dict(kind=event['kind'], reason=event['reason'],
                          on_hand_change=event['change'][0], allocated_change=event['change'][1],
                          on_hand_after=levels[0], allocated_after=levels[1])
            if event['id'] is not None:
                conn.execute(movement.update().where(movement.c.id == event['id']).values(**values))
            else:
                conn.execute(movement.insert().values(
                    product_id=product_id, order_id=event['order_id'], quantity=0,
                    stock_after=levels[0] - levels[1],
                    order_line_id=event['line_id'], actor='migration', note='', created_at=event['at'],
                    **values))


def _aware(value):
    """A stored moment as an aware UTC datetime (SQLite returns strings or naive values)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def downgrade():
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quantity', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('stock_after', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE stock_movement SET quantity = on_hand_change - allocated_change, "
               "stock_after = on_hand_after - allocated_after")
    op.execute("DELETE FROM stock_movement WHERE kind IN ('opening', 'shipped')")
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stock_movement_order_line_id_order_line'), type_='foreignkey')
        batch_op.drop_column('order_line_id')
        for name in ('kind', 'on_hand_change', 'allocated_change', 'on_hand_after', 'allocated_after'):
            batch_op.drop_column(name)
        batch_op.alter_column('reason', existing_type=sa.String(length=40), type_=sa.String(length=30), existing_nullable=False)

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stock', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE product SET stock = on_hand - allocated")
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_product_allocated_within_on_hand'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_product_allocated_not_negative'), type_='check')
        batch_op.drop_column('allocated')
        batch_op.drop_column('on_hand')
        batch_op.create_check_constraint(batch_op.f('ck_product_stock_not_negative'), 'stock >= 0')

    op.drop_table('catalog_revision')
