"""job brush: the size at which a photo is painted (broad, medium or fine)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows were painted before brushes: they read back as the default brush.
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('brush', sa.String(length=16), server_default='medium',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('brush')
