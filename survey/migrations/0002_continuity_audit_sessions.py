"""Agreed actions and rotating modules (continuity), the audit trail, server-side sessions,
shared rate counters, tablet PINs, and erasure of residents."""
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

    class Resident(Model):
        class Meta:
            database = db
            table_name = 'resident'

    class Response(Model):
        class Meta:
            database = db
            table_name = 'response'

    migrator.migrate(
        migrator.add_column('response', 'module', CharField(null=True, max_length=32)),
        migrator.add_column('user', 'pin_hash', CharField(null=True)),
        migrator.add_column('user', 'can_read_free_text', BooleanField(default=False)),
        migrator.add_column('resident', 'erased_at', DateTimeField(null=True)),
    )

    class AgreedAction(Model):
        response = ForeignKeyField(Response, on_delete='CASCADE')
        resident = ForeignKeyField(Resident, on_delete='CASCADE')
        what = TextField()
        who = CharField(max_length=120, null=True)
        due_on = DateField(null=True)
        how_we_know = TextField(null=True)
        status = CharField(default='open')
        followed_up_in = ForeignKeyField(Response, null=True, on_delete='SET NULL')
        followed_up_at = DateTimeField(null=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'agreed_action'
            indexes = ((('resident', 'status'), False),)

    class AuditEvent(Model):
        at = DateTimeField(index=True)
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        username = CharField(max_length=80, null=True)
        role = CharField(max_length=20, null=True)
        action = CharField(max_length=40, index=True)
        object_type = CharField(max_length=40, null=True)
        object_id = IntegerField(null=True)
        resident_id = IntegerField(null=True, index=True)
        detail = TextField(null=True)
        class Meta:
            database = db
            table_name = 'audit_event'

    class UserSession(Model):
        token_hash = CharField(max_length=64, unique=True)
        user = ForeignKeyField(User, on_delete='CASCADE')
        ward = ForeignKeyField(Ward, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        last_seen_at = DateTimeField()
        ended_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'user_session'

    class RateCounter(Model):
        key = CharField(max_length=120)
        window_start = DateTimeField()
        count = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'rate_counter'
            indexes = ((('key', 'window_start'), True),)

    db.create_tables([AgreedAction, AuditEvent, UserSession, RateCounter])


def down(migrator, db):
    for table in ('rate_counter', 'user_session', 'audit_event', 'agreed_action'):
        migrator.migrate(migrator.drop_table(table))
    migrator.migrate(
        migrator.drop_column('resident', 'erased_at'),
        migrator.drop_column('user', 'can_read_free_text'),
        migrator.drop_column('user', 'pin_hash'),
        migrator.drop_column('response', 'module'),
    )
