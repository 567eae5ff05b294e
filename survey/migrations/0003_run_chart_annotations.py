"""Run-chart annotations (when a PDSA change started on a ward) and frozen baselines."""
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

    class Annotation(Model):
        ward = ForeignKeyField(Ward, on_delete='CASCADE')
        started_on = DateField()
        title = CharField(max_length=120)
        note = TextField(null=True)
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'annotation'

    class ChartBaseline(Model):
        ward = ForeignKeyField(Ward, on_delete='CASCADE')
        questionnaire_code = CharField(max_length=64)
        indicator = CharField(max_length=120)
        frozen_through = CharField(max_length=10)
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'chart_baseline'
            indexes = ((('ward', 'questionnaire_code', 'indicator'), True),)

    db.create_tables([Annotation, ChartBaseline])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('chart_baseline'))
    migrator.migrate(migrator.drop_table('annotation'))
