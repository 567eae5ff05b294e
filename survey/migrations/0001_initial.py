"""The first schema: sites, wards, staff, residents, questionnaire versions, responses, answers.

Timestamps get their values from the app (``utcnow``), not from column defaults.
"""
from peewee import *


def up(migrator, db):
    class Questionnaire(Model):
        code = CharField()
        version = IntegerField()
        file_version = IntegerField()
        content_hash = CharField(max_length=64)
        kind = CharField()
        definition = TextField()
        current = BooleanField(default=True)
        loaded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'questionnaire'
            indexes = ((('code', 'version'), True), (('code', 'content_hash'), True))
    db.create_tables([Questionnaire])

    class Site(Model):
        name = CharField(unique=True)
        class Meta:
            database = db
            table_name = 'site'
    db.create_tables([Site])

    class Ward(Model):
        site = ForeignKeyField(Site, on_delete='RESTRICT')
        name = CharField()
        class Meta:
            database = db
            table_name = 'ward'
            indexes = ((('site', 'name'), True),)
    db.create_tables([Ward])

    class Resident(Model):
        ward = ForeignKeyField(Ward, on_delete='RESTRICT')
        label = CharField(max_length=80)
        admitted_on = DateField(null=True)
        discharged_on = DateField(null=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'resident'
            indexes = ((('ward', 'label'), True),)
    db.create_tables([Resident])

    class User(Model):
        username = CharField(unique=True)
        display_name = CharField()
        password_hash = CharField()
        roles = CharField(default='staff')
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'user'
    db.create_tables([User])

    class Response(Model):
        questionnaire = ForeignKeyField(Questionnaire, on_delete='RESTRICT')
        ward = ForeignKeyField(Ward, on_delete='RESTRICT')
        kind = CharField()
        status = CharField(default='in_progress')
        language = CharField(max_length=8)
        answered_by = CharField()
        resident = ForeignKeyField(Resident, null=True, on_delete='RESTRICT')
        staff = ForeignKeyField(User, null=True, on_delete='SET NULL')
        current_item = CharField(null=True, max_length=64)
        started_at = DateTimeField()
        updated_at = DateTimeField()
        finished_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'response'
            indexes = ((('ward', 'status'), False),)
    db.create_tables([Response])

    class Answer(Model):
        response = ForeignKeyField(Response, on_delete='CASCADE')
        item_code = CharField(max_length=64)
        value_code = IntegerField(null=True)
        value_number = FloatField(null=True)
        value_text = TextField(null=True)
        answered_by = CharField(null=True)
        answered_at = DateTimeField()
        revision = IntegerField(default=1)
        request_id = CharField(null=True, max_length=64)
        class Meta:
            database = db
            table_name = 'answer'
            indexes = ((('response', 'item_code'), True),)
    db.create_tables([Answer])

    class UserWard(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        ward = ForeignKeyField(Ward, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'user_ward'
            indexes = ((('user', 'ward'), True),)
    db.create_tables([UserWard])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('user_ward'))
    migrator.migrate(migrator.drop_table('answer'))
    migrator.migrate(migrator.drop_table('response'))
    migrator.migrate(migrator.drop_table('user'))
    migrator.migrate(migrator.drop_table('resident'))
    migrator.migrate(migrator.drop_table('ward'))
    migrator.migrate(migrator.drop_table('site'))
    migrator.migrate(migrator.drop_table('questionnaire'))
