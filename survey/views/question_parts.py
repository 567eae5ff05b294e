"""A question screen's parts: the question with its answer and form, and the parts that
are the same in every dialogue, rendered once.

Every saved answer returns the next question. Its answer buttons and read-aloud buttons
depend only on the questionnaire version, the item, the dialogue's language, the
interface language and which button shows as pressed (the choice of who answers, only
on that choice and the interface language); rendering them afresh was a third
of a save's work. So they are rendered once per process and kept (a stored questionnaire
version never changes; the recorded audio files are part of the key, as they change when
`survey build-audio` runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Flask, current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from .. import responses
from ..audio import audio_stamp
from ..forms.dialogue import ANSWERER_QUESTION, ANSWERERS, AnswerFormBase, answer_form
from ..models import Answer, Response
from ..questionnaire.definition import Definition, Item
from ..questionnaire.items import ItemType, item_type


@dataclass(frozen=True)
class Question:
    """One question as its screen shows it, on the tablet or on a relative's phone."""

    step: responses.Step
    answer: Answer | None
    form: AnswerFormBase
    kind: ItemType


def question(response: Response, definition: Definition, item_code: str, form=None,
             answers: dict[str, Answer] | None = None) -> Question | None:
    """The question ``item_code`` of ``response`` with its saved answer in its form (or
    ``form``, a refused post); None when the answers given so far do not ask it.

    ``answers``, when given, are the response's answers as they stand (not read again).
    """
    if answers is None:
        answers = responses.answers_of(response)
    step = responses.step_of(definition, answers, item_code, response.module)
    if step is None:
        return None
    answer = answers.get(item_code)
    if form is None:
        form = answer_form(step.item, definition, response.language, answer, response.answered_by)
    return Question(step, answer, form, item_type(step.item))


#: Enough for every item of a few questionnaire versions in every language pair.
_KEPT = 4096
_ANSWERER_VALUES = frozenset(choice.value for choice in ANSWERERS)


def read_aloud(text: str, language: str, compact: bool = False) -> Markup:
    """The "read aloud" button of one text, spoken in ``language`` (templates call this)."""
    return _read_aloud(text, language, compact, str(get_locale()), audio_stamp(language),
                       request.script_root)


def answer_buttons(definition: Definition, item: Item, language: str, pressed) -> Markup:
    """The answer buttons of a one-tap item, the saved answer's shown as pressed."""
    return _answer_buttons(definition, item["code"], language, pressed, str(get_locale()),
                           audio_stamp(language), request.script_root)


# The arguments after the content's own are the rest of the key: what else the HTML
# depends on (interface language, recorded audio, where the app is mounted).
@lru_cache(maxsize=_KEPT)
def _read_aloud(text: str, language: str, compact: bool, _ui: str, _audio: int,
                _root: str) -> Markup:
    module = current_app.jinja_env.get_template("dialogue/_read_aloud.html").module
    return Markup(module.read_aloud(text, language, compact=compact))


@lru_cache(maxsize=_KEPT)
def _answer_buttons(definition: Definition, item_code: str, language: str, pressed, _ui: str,
                    _audio: int, _root: str) -> Markup:
    item = definition.item(item_code)
    template = current_app.jinja_env.get_template("dialogue/items/_choices.html")
    return Markup(template.render(
        choices=item_type(item).choices(item, definition, language),
        pressed=pressed, language=language,
    ))


def answerer_choice(chosen: str | None, usual: str) -> Markup:
    """Who answers this question: ``chosen`` checked, folded away when it is ``usual``."""
    if chosen not in _ANSWERER_VALUES:
        chosen = None  # a value no form offers checks nothing (and is not kept)
    return _answerer_choice(chosen, usual, str(get_locale()))


@lru_cache(maxsize=64)
def _answerer_choice(chosen: str | None, usual: str, _ui: str) -> Markup:
    template = current_app.jinja_env.get_template("dialogue/_answerer.html")
    return Markup(template.render(chosen=chosen, usual=usual, question=ANSWERER_QUESTION,
                                  answerers=ANSWERERS))


def init_app(app: Flask) -> None:
    """Give templates the parts kept here."""
    app.jinja_env.globals["read_aloud"] = read_aloud
    app.jinja_env.globals["answer_buttons"] = answer_buttons
    app.jinja_env.globals["answerer_choice"] = answerer_choice
