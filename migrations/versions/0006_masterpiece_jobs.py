"""masterpiece jobs: the method, what a job cost, its optimisation settings and progress

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows are fast jobs that cost one credit: the server defaults say so.
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method', sa.String(length=16), server_default='fast', nullable=False))
        batch_op.add_column(sa.Column('cost', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('iterations', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('style_weight', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('progress', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('stop_requested', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('progress_image_id', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key('fk_jobs_progress_image_id_images', 'images',
                                    ['progress_image_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_constraint('fk_jobs_progress_image_id_images', type_='foreignkey')
        for column in ('progress_image_id', 'stop_requested', 'progress', 'size', 'style_weight',
                       'iterations', 'cost', 'method'):
            batch_op.drop_column(column)
