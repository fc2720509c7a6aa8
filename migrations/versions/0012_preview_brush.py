"""preview brush: free previews are painted at the brush's working size

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # Existing sets were painted at 256 px, before brushes: they read as the default.
    with op.batch_alter_table('preview_sets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('brush', sa.String(length=16), server_default='medium',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('preview_sets', schema=None) as batch_op:
        batch_op.drop_column('brush')
