"""Easy language, measured: LIX and the limits a questionnaire's texts must keep.

LIX (läsbarhetsindex) is words per sentence plus the percentage of long words (more
than six letters). It is noisy on one short question, so a questionnaire is measured
on all the texts its readers see, read as one text; single resident questions are
held to a looser limit and a word count. Texts are measured in Danish (the first
language when a file has no Danish).

What the reader sees: the title, the description, every item text and every option
and missing-value label. Not measured: ``help`` (for staff), module titles (for
staff), indicator labels (for the quality team).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

#: A sentence ends at . ! ? : or a line end.
_SENTENCE_END = re.compile(r"[.!?:\n]+")
#: A word is a run of letters (æ, ø, å and other accented letters too); digits are not.
_WORD = re.compile(r"[^\W\d_]+")
#: A long word has more than this many letters.
LONG_WORD = 6

#: LIX for all the reader's texts of a questionnaire, read as one text, per kind.
WHOLE_TEXT_LIMITS = {"dialogue": 25, "relatives": 35, "staff": 35}
#: A single resident question (kind "dialogue"): at most this LIX and this many words.
ITEM_LIX_LIMIT = 40
ITEM_WORD_LIMIT = 10
#: Danish negations: a resident question asks the positive way.
NEGATIONS = ("ikke", "aldrig", "ingen", "intet", "ingenting", "hverken")


@dataclass(frozen=True)
class Readability:
    """The counts LIX is made of, for one text."""

    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> float:
        if not self.words:
            return 0.0
        return self.words / self.sentences + 100 * self.long_words / self.words


def readability(text: str) -> Readability:
    """Count the words, sentences and long words of a text."""
    sentences = [part for part in _SENTENCE_END.split(text) if _WORD.search(part)]
    words = _WORD.findall(text)
    return Readability(len(words), len(sentences), sum(len(w) > LONG_WORD for w in words))


def lix(text: str) -> float:
    """Return the LIX of a text: words per sentence + 100 × long words / words."""
    return readability(text).lix


def words(text: str) -> list[str]:
    """Return the words of a text, as LIX counts them."""
    return _WORD.findall(text)


def measured_language(data: Mapping[str, Any]) -> str:
    languages = data.get("languages") or ["da"]
    return "da" if "da" in languages else languages[0]


def reader_texts(data: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Yield (item, field, text) for every text the reader sees, in the measured language."""
    language = measured_language(data)

    def text(texts: Any) -> str:
        return texts.get(language, "") if isinstance(texts, dict) else ""

    yield "-", "title", text(data.get("title"))
    yield "-", "description", text(data.get("description"))
    for name, scale in data.get("scales", {}).items():
        yield from _option_texts(f"scale:{name}", scale, text)
    for item in data.get("items", []):
        yield item["code"], "text", text(item.get("text"))
        yield from _option_texts(item["code"], item, text)


def _option_texts(where: str, holder: Mapping[str, Any], text) -> Iterator[tuple[str, str, str]]:
    for field in ("options", "missing"):
        for entry in holder.get(field, []):
            yield where, f"{field}.{entry['code']}.label", text(entry.get("label"))


def whole_text(data: Mapping[str, Any]) -> str:
    """All the reader's texts as one text, one per line (a line end ends a sentence)."""
    return "\n".join(text for _, _, text in reader_texts(data) if text.strip())


def warnings(data: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Return (item, field, message) for every easy-language limit a valid file breaks."""
    found = []
    kind = data.get("kind")
    limit = WHOLE_TEXT_LIMITS.get(kind)
    if limit is not None:
        score = lix(whole_text(data))
        if score > limit:
            found.append(("-", "texts", f"LIX {score:.1f} for all the reader's texts read as "
                                        f"one (at most {limit})"))
    if kind != "dialogue":
        return found
    language = measured_language(data)
    for item in data.get("items", []):
        text = item["text"].get(language, "")
        counted = readability(text)
        if counted.lix > ITEM_LIX_LIMIT:
            found.append((item["code"], "text", f"LIX {counted.lix:.1f} (at most {ITEM_LIX_LIMIT})"))
        if counted.words > ITEM_WORD_LIMIT:
            found.append((item["code"], "text",
                          f"{counted.words} words (at most {ITEM_WORD_LIMIT})"))
        if language == "da":
            for word in words(text):
                if word.lower() in NEGATIONS:
                    found.append((item["code"], "text",
                                  f"negation '{word}': ask the positive way round"))
    return found
