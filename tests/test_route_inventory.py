"""Every route of the app, and who may use it: a decision table, proved route by route.

Each endpoint in ``app.url_map`` must have a decision below. A public one is listed with
the reason it is public. Every other one is shown to be refused to an anonymous visitor
(sent to sign in), to a signed-in user holding every role except the ones allowed (and
working on every ward), and, when it is about one ward's residents, to a member of staff
of another ward; for those, the right member of staff is let in, which proves the URL
values point at real data. A new route without a decision fails
``test_every_route_has_a_decision``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from flask import url_for

from survey.models import (
    AgreedAction,
    Annotation,
    AnsweredBy,
    InvitationWave,
    Questionnaire,
    QuestionnaireKind,
    Resident,
    Response,
    Role,
    Site,
    User,
    UserWard,
    Ward,
)
from survey.questionnaire.store import definition_of
from survey.users import create_user
from tests.conftest import (
    POSTGRES_URL,
    PROJECT_DIR,
    TEST_PASSWORD,
    Tablet,
    _fresh_postgres_schema,
    csrf_token_in,
    migrate_database,
)

ALL_ROLES = frozenset(Role)
STAFF, QUALITY, ADMIN = Role.STAFF, Role.QUALITY, Role.ADMIN


@dataclass(frozen=True)
class Rule:
    """Who may use an endpoint: the roles allowed, and whether it is scoped to a ward."""

    roles: frozenset[Role]
    ward: bool = False


def only(*roles: Role, ward: bool = False) -> Rule:
    return Rule(frozenset(roles), ward)


SIGNED_IN = Rule(ALL_ROLES)

#: Endpoints anyone may use, and why.
PUBLIC = {
    "static": "the app's own pictograms and htmx",
    "assets.asset": "the app's own scripts and stylesheets, minified",
    "health.check": "a load balancer asks whether the database answers",
    "auth.login": "the sign-in page",
    "auth.logout": "signing out needs no sign-in and ends only the caller's own session",
    "auth.lock": "a locked ward tablet shows its lock screen to whoever holds it",
    "auth.unlock_tablet": "unlocking checks a PIN or password itself, within rate limits",
    "settings.language": "the interface language, chosen before signing in too",
    "relatives.landing": "relatives answer by the token in their letter, without an account",
    "relatives.start": "relatives' token page",
    "relatives.item": "relatives' token page",
    "relatives.answer": "relatives' token page",
    "relatives.review": "relatives' token page",
    "relatives.send": "relatives' token page",
}

#: Endpoints that need a signed-in user, and which one.
PROTECTED = {
    # Any signed-in user: the start page sends each role on; codebooks hold no answers.
    "dialogue.index": SIGNED_IN,
    "questionnaires.index": SIGNED_IN,
    "questionnaires.codebook": SIGNED_IN,
    # Staff, on their own wards only.
    "auth.pin": only(STAFF),
    "auth.remove_pin": only(STAFF),
    "dialogue.ward": only(STAFF, ward=True),
    "dialogue.start": only(STAFF, ward=True),
    "dialogue.resume": only(STAFF, ward=True),
    "dialogue.item": only(STAFF, ward=True),
    "dialogue.answer": only(STAFF, ward=True),
    "dialogue.follow_up": only(STAFF, ward=True),
    "dialogue.save_follow_up": only(STAFF, ward=True),
    "dialogue.actions": only(STAFF, ward=True),
    "dialogue.add_action": only(STAFF, ward=True),
    "dialogue.remove_action": only(STAFF, ward=True),
    "dialogue.actions_done": only(STAFF, ward=True),
    "dialogue.summary": only(STAFF, ward=True),
    "dialogue.stop": only(STAFF, ward=True),
    "dialogue.finish": only(STAFF, ward=True),
    "residents.history": only(STAFF, ward=True),
    # The quality team reads aggregates of all wards; administrators may read them too.
    "quality.dashboard_page": only(QUALITY, ADMIN),
    "quality.comparison": only(QUALITY, ADMIN),
    "quality.report": only(QUALITY, ADMIN),
    # Marks on the charts, waves and exports are the quality team's.
    "quality.add_annotation": only(QUALITY),
    "quality.delete_annotation": only(QUALITY),
    "quality.freeze_baseline": only(QUALITY),
    "quality.unfreeze_baseline": only(QUALITY),
    "waves.index": only(QUALITY),
    "waves.new": only(QUALITY),
    "waves.show": only(QUALITY),
    "waves.close": only(QUALITY),
    "waves.letters": only(QUALITY),
    "waves.posters": only(QUALITY),
    "waves.wave_comments": only(QUALITY),
    "exports.index": only(QUALITY),
    "exports.download": only(QUALITY),
    # Administration.
    "admin.index": only(ADMIN),
    "admin.sites": only(ADMIN),
    "admin.create_site": only(ADMIN),
    "admin.rename_site": only(ADMIN),
    "admin.create_ward": only(ADMIN),
    "admin.change_ward": only(ADMIN),
    "admin.users": only(ADMIN),
    "admin.new_user": only(ADMIN),
    "admin.edit_user": only(ADMIN),
    "admin.deactivate_user": only(ADMIN),
    "admin.activate_user": only(ADMIN),
    "admin.residents": only(ADMIN),
    "admin.new_resident": only(ADMIN),
    "admin.edit_resident": only(ADMIN),
    "admin.access_report": only(ADMIN),
    "admin.erase": only(ADMIN),
    "admin.questionnaires": only(ADMIN),
    "admin.audit_log": only(ADMIN),
    "admin.export_audit_log": only(ADMIN),
}


# --- One app and one world for the whole module (it only reads, bar the last checks) ----


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    """The app on a database with a dialogue, an agreed action, a change mark and a wave."""
    from survey import create_app
    from survey.db import db

    url = (_fresh_postgres_schema(POSTGRES_URL) if POSTGRES_URL
           else f"sqlite:///{tmp_path_factory.mktemp('inventory') / 'survey.db'}")
    migrate_database(url)
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": url,
        "QUESTIONNAIRE_DIR": str(PROJECT_DIR / "tests" / "fixtures" / "app_questionnaires"),
    })
    site = Site.create(name="Solhaven")
    ward = Ward.create(site=site, name="Hus A")
    other_ward = Ward.create(site=site, name="Hus B")
    anna = create_user("anna", "Anna", TEST_PASSWORD, ["staff"], [ward.id])
    create_user("bo", "Bo", TEST_PASSWORD, ["staff"], [other_ward.id])
    resident = Resident.create(ward=ward, label="Stue 1 · Karen")
    questionnaire = Questionnaire.get(Questionnaire.code == "min-hverdag",
                                      Questionnaire.current == True)  # noqa: E712
    first_item = definition_of(questionnaire).items[0]["code"]
    dialogue = Response.create(questionnaire=questionnaire, ward=ward,
                               kind=QuestionnaireKind.DIALOGUE, language="da",
                               answered_by=AnsweredBy.RESIDENT, resident=resident, staff=anna,
                               current_item=first_item)
    action = AgreedAction.create(response=dialogue, resident=resident, what="Gåtur")
    annotation = Annotation.create(ward=ward, started_on=dt.date(2026, 1, 5), title="Ny plan")
    wave = InvitationWave.create(questionnaire_code="min-hverdag", title="Forår",
                                 opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 4, 1))
    values = {
        "ward_id": ward.id, "resident_id": resident.id, "response_id": dialogue.id,
        "item_code": first_item, "action_id": action.id, "annotation_id": annotation.id,
        "code": questionnaire.code, "wave_id": wave.id, "site_id": site.id,
        "user_id": anna.id, "token": "not-a-real-token", "filename": "css/app.css",
    }
    yield app, values
    db.close_all()


def url_of(app, endpoint: str, values: dict) -> str:
    rule = next(app.url_map.iter_rules(endpoint))
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{endpoint}: the inventory world has no value for {missing}"
    with app.test_request_context():
        return url_for(endpoint, **{name: values[name] for name in rule.arguments})


def methods_of(app, endpoint: str) -> list[str]:
    methods = set().union(*(rule.methods for rule in app.url_map.iter_rules(endpoint)))
    return sorted(methods - {"HEAD", "OPTIONS"})


def signed_in_as(app, roles: frozenset[Role], wards: list[Ward] | None = None) -> Tablet:
    """A fresh browser signed in as a user with exactly these roles, on these wards."""
    name = "u-" + "-".join(sorted(role.value for role in roles)) + (
        "-" + "-".join(str(w.id) for w in wards) if wards else "")
    if User.get_or_none(User.username == name) is None:
        user = create_user(name, name, TEST_PASSWORD, [r.value for r in roles])
        # Granted everything else, so that only the role or the ward can explain a refusal.
        user.can_read_free_text = True
        user.save()
        for ward in wards or []:
            UserWard.create(user=user, ward=ward)
    tablet = Tablet(app.test_client())
    assert tablet.sign_in(name).status_code == 302
    return tablet


def anonymous(app) -> Tablet:
    tablet = Tablet(app.test_client())
    tablet.token = csrf_token_in(tablet.get("/login").get_data(as_text=True))
    return tablet


def call(tablet: Tablet, method: str, url: str):
    return tablet.get(url) if method == "GET" else tablet.post(url)


def sent_to_sign_in(reply) -> bool:
    return reply.status_code in (302, 303) and "/login" in reply.headers.get("Location", "")


def refused(reply) -> bool:
    return reply.status_code in (403, 404)


def let_in(reply) -> bool:
    """Neither refused nor sent away to sign in or to the lock screen."""
    location = reply.headers.get("Location", "") or reply.headers.get("HX-Redirect", "")
    return (reply.status_code < 500 and reply.status_code not in (401, 403, 404)
            and "/login" not in location and "/lock" not in location)


# --- The table matches the app ---------------------------------------------------------


def test_every_route_has_a_decision(inventory):
    app, _values = inventory
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    undecided = sorted(endpoints - set(PUBLIC) - set(PROTECTED))
    assert not undecided, f"routes without a decision in tests/test_route_inventory.py: {undecided}"


def test_no_endpoint_is_both_public_and_protected():
    assert not set(PUBLIC) & set(PROTECTED)


# --- Each protected route refuses whoever it must -------------------------------------


@pytest.mark.parametrize("endpoint", sorted(PROTECTED))
def test_an_anonymous_visitor_is_sent_to_sign_in(inventory, endpoint):
    app, values = inventory
    assert endpoint in app.view_functions, "a line in PROTECTED names no route: remove it"
    url = url_of(app, endpoint, values)
    visitor = anonymous(app)
    for method in methods_of(app, endpoint):
        reply = call(visitor, method, url)
        assert sent_to_sign_in(reply), (method, url, reply.status_code)


@pytest.mark.parametrize("endpoint", sorted(e for e, rule in PROTECTED.items()
                                            if rule.roles != ALL_ROLES))
def test_a_user_without_the_role_is_refused(inventory, endpoint):
    app, values = inventory
    assert endpoint in app.view_functions, "a line in PROTECTED names no route: remove it"
    rule = PROTECTED[endpoint]
    url = url_of(app, endpoint, values)
    # Every other role, and every ward: only the missing role can explain a refusal.
    wrong = signed_in_as(app, ALL_ROLES - rule.roles, list(Ward.select().order_by(Ward.id)))
    for method in methods_of(app, endpoint):
        reply = call(wrong, method, url)
        assert refused(reply), (method, url, reply.status_code)


@pytest.mark.parametrize("endpoint", sorted(e for e, rule in PROTECTED.items() if rule.ward))
def test_staff_of_another_ward_are_refused_and_the_ward_s_own_let_in(inventory, endpoint):
    app, values = inventory
    assert endpoint in app.view_functions, "a line in PROTECTED names no route: remove it"
    rule = PROTECTED[endpoint]
    url = url_of(app, endpoint, values)
    ward, other_ward = list(Ward.select().order_by(Ward.id))[:2]
    outsider = signed_in_as(app, rule.roles, [other_ward])
    for method in methods_of(app, endpoint):
        reply = call(outsider, method, url)
        assert refused(reply), (method, url, reply.status_code)
    # The ward's own staff get in with the same URL: it names real data. (GET only:
    # posting would change the shared world.)
    if "GET" in methods_of(app, endpoint):
        insider = signed_in_as(app, rule.roles, [ward])
        reply = insider.get(url)
        assert let_in(reply), (url, reply.status_code, reply.headers.get("Location"))


def test_a_user_with_the_role_is_let_in(inventory):
    """The refusals above are not an accident of a wrong URL. Checked on GET routes only:
    posting would change the data the other checks share."""
    app, values = inventory
    readable = [endpoint for endpoint in sorted(PROTECTED)
                if not PROTECTED[endpoint].ward and PROTECTED[endpoint].roles != ALL_ROLES
                and "GET" in methods_of(app, endpoint)]
    assert readable
    for endpoint in readable:
        user = signed_in_as(app, PROTECTED[endpoint].roles)
        url = url_of(app, endpoint, values)
        reply = user.get(url)
        assert let_in(reply), (endpoint, url, reply.status_code)
