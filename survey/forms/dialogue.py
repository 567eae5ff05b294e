"""Forms of the dialogue on the tablet: starting one, and one answer per item."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..cpr import NoCpr
from ..languages import LANGUAGE_NAMES  # noqa: F401 - imported from here by the views
from ..models import ActionStatus, Answer, AnsweredBy
from ..questionnaire.definition import Definition, Item
from ..questionnaire.items import item_type
from .base import BaseForm

#: Who may answer in a dialogue, in the words staff see.
ANSWERERS = [
    SelectChoice(AnsweredBy.RESIDENT.value, _l("The resident answers")),
    SelectChoice(AnsweredBy.RESIDENT_ASSISTED.value, _l("The resident answers with support")),
    SelectChoice(AnsweredBy.RELATIVE_PROXY.value, _l("A relative answers for the resident")),
    SelectChoice(AnsweredBy.STAFF_OBSERVATION.value, _l("Staff answer from what they observe")),
]
#: The question put to staff beside each item: who answers it.
ANSWERER_QUESTION = _l("Who answers this question?")



class StartDialogueForm(BaseForm):
    questionnaire = RadioField(_l("Questionnaire"), coerce=int, validators=[DataRequired()])
    answered_by = RadioField(
        _l("Who is answering?"), choices=ANSWERERS, default=AnsweredBy.RESIDENT.value,
        validators=[DataRequired()],
    )
    language = RadioField(_l("Language of the questions"), validators=[DataRequired()])


class AnswerFormBase(BaseForm):
    answered_by = RadioField(ANSWERER_QUESTION, choices=ANSWERERS,
                             validators=[Optional()])
    # An explicit label, even an empty one: without it WTForms translates a made-up
    # label, and flask-wtf loads its catalogue from disk for that on every request.
    request_id = HiddenField(label="")
    revision = HiddenField(label="")

    def base_revision(self) -> int | None:
        """The answer's revision when the form was shown, if the form said."""
        try:
            return int(self.revision.data)
        except (TypeError, ValueError):
            return None

    def is_empty(self) -> bool:
        """Tell whether nothing was entered (which clears a saved answer)."""
        raw = self.value.raw_data
        return not raw or all(str(part).strip() == "" for part in raw)


def answer_form(
    item: Item,
    definition: Definition,
    language: str,
    answer: Answer | None,
    answered_by: AnsweredBy,
    formdata: Any = None,
) -> AnswerFormBase:
    """Build the form for one item, filled with its saved answer (or the posted data)."""
    form_class = _answer_form_class(definition, item["code"], language)
    if formdata is not None:
        # What was posted is what counts: no defaults for the request id or revision.
        return form_class(formdata=formdata)
    data = {
        "value": item_type(item).form_value(answer) if answer is not None else None,
        "answered_by": (answer.answered_by if answer and answer.answered_by else answered_by).value,
        "request_id": uuid.uuid4().hex,
        "revision": answer.revision if answer is not None else 0,
    }
    return form_class(formdata=None, data=data)


@lru_cache(maxsize=4096)
def _answer_form_class(definition: Definition, item_code: str, language: str) -> type[AnswerFormBase]:
    # Building a form class costs more than the rest of a save's form work; a stored
    # questionnaire version never changes, so each item's class is built once per process.
    item = definition.item(item_code)
    kind = item_type(item)

    class AnswerForm(AnswerFormBase):
        value = kind.field(item, definition, language)

    return AnswerForm


#: How a follow-up of last time's agreed action went, in staff's words.
FOLLOW_UP_CHOICES = [
    SelectChoice(ActionStatus.DONE.value, _l("Done")),
    SelectChoice(ActionStatus.PARTLY.value, _l("Partly")),
    SelectChoice(ActionStatus.NOT_DONE.value, _l("Not done")),
    SelectChoice(ActionStatus.DROPPED.value, _l("No longer wanted")),
]


def follow_up_form(actions: list, formdata: Any = None) -> BaseForm:
    """One set of choices per open agreed action; leaving one unanswered is allowed."""

    class FollowUpForm(BaseForm):
        pass

    for action in actions:
        setattr(FollowUpForm, f"action_{action.id}",
                RadioField(choices=FOLLOW_UP_CHOICES, validators=[Optional()]))
    form = FollowUpForm(formdata=formdata)
    form.rows = [(action, form[f"action_{action.id}"]) for action in actions]
    return form


class AgreedActionForm(BaseForm):
    what = TextAreaField(_l("What did you agree?"),
                         validators=[DataRequired(), Length(max=500), NoCpr()],
                         description=_l("In the resident's own words, if you can."))
    who = StringField(_l("Who does it?"), validators=[Optional(), Length(max=120), NoCpr()])
    due_on = DateField(_l("By when?"), validators=[Optional()])
    how_we_know = TextAreaField(_l("How will we know it happened?"),
                                validators=[Optional(), Length(max=500), NoCpr()])
