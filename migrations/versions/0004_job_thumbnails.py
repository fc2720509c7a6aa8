"""job thumbnails: small photo and result images for the history grid

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_thumb_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('result_thumb_id', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key('fk_jobs_photo_thumb_id_images', 'images',
                                    ['photo_thumb_id'], ['id'])
        batch_op.create_foreign_key('fk_jobs_result_thumb_id_images', 'images',
                                    ['result_thumb_id'], ['id'])


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_constraint('fk_jobs_result_thumb_id_images', type_='foreignkey')
        batch_op.drop_constraint('fk_jobs_photo_thumb_id_images', type_='foreignkey')
        batch_op.drop_column('result_thumb_id')
        batch_op.drop_column('photo_thumb_id')
