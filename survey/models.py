"""The tables. Residents are pseudonymous labels chosen by the ward: never a CPR number."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)
from playhouse.fields import EnumField

from .db import db


def utcnow() -> dt.datetime:
    """Return the current time in UTC, without tzinfo, as every timestamp is stored."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Role(StrEnum):
    STAFF = "staff"
    QUALITY = "quality"
    ADMIN = "admin"


class QuestionnaireKind(StrEnum):
    DIALOGUE = "dialogue"
    RELATIVES = "relatives"
    STAFF = "staff"


class ResponseStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"
    DROPPED = "dropped"


class AnsweredBy(StrEnum):
    RESIDENT = "resident"
    RESIDENT_ASSISTED = "resident_assisted"
    RELATIVE_PROXY = "relative_proxy"
    STAFF_OBSERVATION = "staff_observation"
    RELATIVE = "relative"
    #: A member of staff answering the staff pulse for themselves, anonymously (a ward poster).
    STAFF = "staff"


#: Who answers in a resident dialogue; RELATIVE and STAFF answer their own surveys instead.
DIALOGUE_ANSWERERS = (AnsweredBy.RESIDENT, AnsweredBy.RESIDENT_ASSISTED,
                      AnsweredBy.RELATIVE_PROXY, AnsweredBy.STAFF_OBSERVATION)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Site(BaseModel):
    """A care home or residential facility."""

    name = CharField(unique=True)


class Ward(BaseModel):
    """A ward, house or team: the unit indicators are reported for."""

    site = ForeignKeyField(Site, backref="wards", on_delete="RESTRICT")
    name = CharField()

    class Meta:
        indexes = ((("site", "name"), True),)

    @property
    def full_name(self) -> str:
        return f"{self.site.name} · {self.name}"


class User(BaseModel):
    """A member of staff who signs in."""

    username = CharField(unique=True)
    display_name = CharField()
    password_hash = CharField()
    #: Space-separated roles (see ``Role``); a user may hold several.
    roles = CharField(default=Role.STAFF.value)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    #: A short personal code for switching user on a ward tablet (hashed like a password).
    pin_hash = CharField(null=True)
    #: Quality staff may read free text (which can name people) only when granted.
    can_read_free_text = BooleanField(default=False)

    def has_role(self, role: Role) -> bool:
        return role.value in self.roles.split()

    def wards(self) -> list[Ward]:
        """Return the wards this user works on, by site and name."""
        return list(
            Ward.select(Ward, Site)
            .join(Site)
            .switch(Ward)
            .join(UserWard)
            .where(UserWard.user == self)
            .order_by(Site.name, Ward.name)
        )

    def works_on(self, ward: Ward) -> bool:
        return UserWard.select().where(UserWard.user == self, UserWard.ward == ward).exists()


class UserWard(BaseModel):
    """Which wards a member of staff holds dialogues on."""

    user = ForeignKeyField(User, backref="ward_links", on_delete="CASCADE")
    ward = ForeignKeyField(Ward, backref="user_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("user", "ward"), True),)


class Resident(BaseModel):
    """A resident, known to the app only by a label the ward chooses (room, first name)."""

    ward = ForeignKeyField(Ward, backref="residents", on_delete="RESTRICT")
    label = CharField(max_length=80)
    admitted_on = DateField(null=True)
    discharged_on = DateField(null=True)
    created_at = DateTimeField(default=utcnow)
    #: Set when what identifies the resident was removed (retention or a request).
    erased_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("ward", "label"), True),)

    @classmethod
    def current_on(cls, ward: Ward):
        """Residents living on the ward now, by label."""
        return (
            cls.select()
            .where(cls.ward == ward, cls.discharged_on.is_null())
            .order_by(cls.label)
        )


class Questionnaire(BaseModel):
    """One version of a questionnaire file: a changed file becomes a new version."""

    code = CharField()
    #: Counts up per code each time the file's content changes.
    version = IntegerField()
    #: The version number the author wrote in the file.
    file_version = IntegerField()
    #: SHA-256 of the parsed definition: comments and layout do not make a new version.
    content_hash = CharField(max_length=64)
    kind = EnumField(QuestionnaireKind)
    #: The parsed, validated file as JSON text.
    definition = TextField()
    #: True for the version whose file is shipped now: new responses use it.
    current = BooleanField(default=True)
    loaded_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("code", "version"), True), (("code", "content_hash"), True))


class InvitationWave(BaseModel):
    """A round of relatives' letters (and ward posters) for one questionnaire."""

    questionnaire_code = CharField(max_length=64)
    title = CharField(max_length=120)
    opens_on = DateField()
    closes_on = DateField()
    #: Set when the quality team closes the wave before its closing date.
    closed_at = DateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    #: Random, per wave: with the app's secret key it derives the letters' tokens
    #: (survey/relatives/tokens.py), so letters can be printed again.
    token_salt = CharField(max_length=32, null=True)


class Invitation(BaseModel):
    """One letter (or one ward poster, ``open_link``): only the token's hash is stored."""

    wave = ForeignKeyField(InvitationWave, backref="invitations", on_delete="CASCADE")
    ward = ForeignKeyField(Ward, backref="invitations", on_delete="RESTRICT")
    #: Position of the letter in the wave for its ward (1, 2, ...): how the token is derived.
    number = IntegerField()
    token_hash = CharField(max_length=64, unique=True)
    #: A poster anyone may use: many responses, no response rate.
    open_link = BooleanField(default=False)
    #: Dates only, never times: answers must not be matched to logs or letter order.
    first_opened_on = DateField(null=True)
    submitted_on = DateField(null=True)

    class Meta:
        indexes = ((("wave", "ward", "number", "open_link"), True),)


class Response(BaseModel):
    """One dialogue with a resident (or, later, one relative's questionnaire)."""

    questionnaire = ForeignKeyField(Questionnaire, backref="responses", on_delete="RESTRICT")
    ward = ForeignKeyField(Ward, backref="responses", on_delete="RESTRICT")
    kind = EnumField(QuestionnaireKind)
    status = EnumField(ResponseStatus, default=ResponseStatus.IN_PROGRESS)
    #: The language the questions are put in (not the staff's interface language).
    language = CharField(max_length=8)
    answered_by = EnumField(AnsweredBy)
    resident = ForeignKeyField(Resident, null=True, backref="responses", on_delete="RESTRICT")
    staff = ForeignKeyField(User, null=True, backref="responses", on_delete="SET NULL")
    #: The item the dialogue resumes at; null once every item has been passed.
    current_item = CharField(null=True, max_length=64)
    #: The rotating module of items asked in this dialogue (see the questionnaire file).
    module = CharField(null=True, max_length=32)
    #: Relatives only: the letter or poster it came through (never a person).
    invitation = ForeignKeyField(Invitation, null=True, backref="responses", on_delete="SET NULL")
    #: Relatives only: the wave, kept after submitting, when the link to the letter is dropped.
    wave = ForeignKeyField(InvitationWave, null=True, backref="responses", on_delete="SET NULL")
    #: Relatives only: answered through an open ward poster (no response rate for these).
    open_link = BooleanField(default=False)
    started_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("ward", "status"), False),)

    @classmethod
    def in_progress_on(cls, ward: Ward):
        """Unfinished dialogues on the ward, most recently touched first."""
        return (
            cls.select(cls, Resident)
            .join(Resident)
            .where(cls.ward == ward, cls.status == ResponseStatus.IN_PROGRESS)
            .order_by(cls.updated_at.desc())
        )


class Answer(BaseModel):
    """One answer to one item. Saving again replaces it: unique per (response, item)."""

    response = ForeignKeyField(Response, backref="answers", on_delete="CASCADE")
    item_code = CharField(max_length=64)
    value_code = IntegerField(null=True)
    value_number = FloatField(null=True)
    #: Free text, or the codes of a multiple-choice answer separated by ";".
    value_text = TextField(null=True)
    #: Set when someone other than the response's usual answerer gave this answer.
    answered_by = EnumField(AnsweredBy, null=True)
    answered_at = DateTimeField(default=utcnow)
    #: Counts the saves of this answer; a form carries the revision it was shown with.
    revision = IntegerField(default=1)
    #: The id of the request that last saved it, so a retried request is recognised.
    request_id = CharField(max_length=64, null=True)

    class Meta:
        indexes = ((("response", "item_code"), True),)


class AgreedAction(BaseModel):
    """Something agreed in a dialogue, followed up at the resident's next dialogue."""

    response = ForeignKeyField(Response, backref="agreed_actions", on_delete="CASCADE")
    resident = ForeignKeyField(Resident, backref="agreed_actions", on_delete="CASCADE")
    #: What will happen, in the resident's words where possible.
    what = TextField()
    who = CharField(max_length=120, null=True)
    due_on = DateField(null=True)
    #: How we will know it happened.
    how_we_know = TextField(null=True)
    status = EnumField(ActionStatus, default=ActionStatus.OPEN)
    followed_up_in = ForeignKeyField(
        Response, null=True, backref="followed_up_actions", on_delete="SET NULL"
    )
    followed_up_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("resident", "status"), False),)


class AuditEvent(BaseModel):
    """Who did what, when, to which object. Written by the app, never edited by it."""

    at = DateTimeField(default=utcnow, index=True)
    user = ForeignKeyField(User, null=True, backref="audit_events", on_delete="SET NULL")
    #: Kept as text so the trail still reads after a user is removed.
    username = CharField(max_length=80, null=True)
    #: The role the user acted in (staff, quality, admin).
    role = CharField(max_length=20, null=True)
    action = CharField(max_length=40, index=True)
    object_type = CharField(max_length=40, null=True)
    object_id = IntegerField(null=True)
    #: The resident whose data was touched, so a resident can see who looked.
    resident_id = IntegerField(null=True, index=True)
    #: Details as JSON text (filters of an export, number of rows, ...).
    detail = TextField(null=True)


class UserSession(BaseModel):
    """A signed-in session, kept on the server so signing out really ends it."""

    #: SHA-256 of the random session id in the cookie; the id itself is never stored.
    token_hash = CharField(max_length=64, unique=True)
    user = ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    #: The ward a shared tablet is signed in to, if any.
    ward = ForeignKeyField(Ward, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    last_seen_at = DateTimeField(default=utcnow)
    ended_at = DateTimeField(null=True)


class RateCounter(BaseModel):
    """Hits per key and time window, shared by every server process (rate limits)."""

    key = CharField(max_length=120)
    window_start = DateTimeField()
    count = IntegerField(default=0)

    class Meta:
        indexes = ((("key", "window_start"), True),)


class Annotation(BaseModel):
    """A change on a ward (a PDSA cycle) marked on its run charts from the day it started."""

    ward = ForeignKeyField(Ward, backref="annotations", on_delete="CASCADE")
    started_on = DateField()
    title = CharField(max_length=120)
    note = TextField(null=True)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class ChartBaseline(BaseModel):
    """A frozen baseline: the run chart's median is taken from the periods up to this one."""

    ward = ForeignKeyField(Ward, backref="baselines", on_delete="CASCADE")
    questionnaire_code = CharField(max_length=64)
    indicator = CharField(max_length=120)
    #: The last period (``2026-03`` or ``2026-Q1``) of the baseline.
    frozen_through = CharField(max_length=10)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("ward", "questionnaire_code", "indicator"), True),)


MODELS = [Site, Ward, User, UserWard, Resident, Questionnaire, InvitationWave, Invitation,
          Response, Answer, AgreedAction, AuditEvent, UserSession, RateCounter, Annotation,
          ChartBaseline]
