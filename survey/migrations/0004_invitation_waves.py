"""Relatives' invitation waves and invitations (letters and ward posters)."""
from peewee import *


def up(migrator, db):
    class Ward(Model):
        class Meta:
            database = db
            table_name = 'ward'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class InvitationWave(Model):
        questionnaire_code = CharField(max_length=64)
        title = CharField(max_length=120)
        opens_on = DateField()
        closes_on = DateField()
        closed_at = DateTimeField(null=True)
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'invitation_wave'

    class Invitation(Model):
        wave = ForeignKeyField(InvitationWave, on_delete='CASCADE')
        ward = ForeignKeyField(Ward, on_delete='RESTRICT')
        number = IntegerField()
        token_hash = CharField(max_length=64, unique=True)
        open_link = BooleanField(default=False)
        first_opened_on = DateField(null=True)
        submitted_on = DateField(null=True)
        class Meta:
            database = db
            table_name = 'invitation'
            indexes = ((('wave', 'ward', 'number', 'open_link'), True),)

    db.create_tables([InvitationWave, Invitation])
    migrator.migrate(migrator.add_column(
        'response', 'invitation_id',
        ForeignKeyField(Invitation, null=True, on_delete='SET NULL', field=Invitation.id)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('response', 'invitation_id'))
    migrator.migrate(migrator.drop_table('invitation'))
    migrator.migrate(migrator.drop_table('invitation_wave'))
