"""video jobs: the kind of job, and a clip's duration, frame rate and frame count

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows are photo jobs: the server default says so.
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='photo', nullable=False))
        batch_op.add_column(sa.Column('duration', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('fps', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('frames', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        for column in ('frames', 'fps', 'duration', 'kind'):
            batch_op.drop_column(column)
