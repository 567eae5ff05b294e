"""Relatives' answers: a per-wave salt for deriving letter tokens, and the wave and
open-link mark kept on a response so it can drop its link to a numbered letter."""
from peewee import *


def up(migrator, db):
    class InvitationWave(Model):
        class Meta:
            database = db
            table_name = 'invitation_wave'

    migrator.migrate(
        migrator.add_column('invitation_wave', 'token_salt', CharField(max_length=32, null=True)),
        migrator.add_column(
            'response', 'wave_id',
            ForeignKeyField(InvitationWave, null=True, on_delete='SET NULL', field=InvitationWave.id)),
        migrator.add_column('response', 'open_link', BooleanField(default=False)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('response', 'open_link'),
        migrator.drop_column('response', 'wave_id'),
        migrator.drop_column('invitation_wave', 'token_salt'),
    )
