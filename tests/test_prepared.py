"""Prepared queries: SQL built once, rows as peewee's own query gives them, new values each run."""

from __future__ import annotations

from survey.models import Resident, Site, Ward
from survey.prepared import Prepared

RESIDENTS_ON_WARD = Prepared(
    lambda ward_id, label: Resident.select(Resident, Ward).join(Ward)
    .where(Resident.ward == ward_id, Resident.label != label).order_by(Resident.id)
)


def test_a_prepared_query_gives_the_rows_peewee_gives(world):
    prepared = [(r.id, r.label, r.ward.name) for r in RESIDENTS_ON_WARD.rows(world.ward.id, "-")]
    plain = [(r.id, r.label, r.ward.name) for r in Resident.select(Resident, Ward).join(Ward)
             .where(Resident.ward == world.ward.id).order_by(Resident.id)]
    assert prepared == plain == [(world.resident.id, "Stue 1 · Karen", "Hus A")]


def test_each_run_takes_its_own_values(world):
    assert [r.label for r in RESIDENTS_ON_WARD.rows(world.other_ward.id, "-")] == ["Stue 11 · Inge"]
    assert list(RESIDENTS_ON_WARD.rows(world.other_ward.id, "Stue 11 · Inge")) == []
    assert [r.label for r in RESIDENTS_ON_WARD.rows(world.ward.id, "-")] == ["Stue 1 · Karen"]


def test_first_gives_none_when_nothing_matches(world):
    assert RESIDENTS_ON_WARD.first(world.ward.id + 1000, "-") is None


def test_values_are_parameters_never_sql(world):
    hostile = "x' OR '1'='1"
    Resident.create(ward=world.ward, label=hostile)
    labels = [r.label for r in RESIDENTS_ON_WARD.rows(world.ward.id, hostile)]
    assert labels == ["Stue 1 · Karen"]
    assert Site.select().count() == 1
