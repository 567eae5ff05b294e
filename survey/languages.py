"""The languages the app ships: their own names, and which are written right to left.

Why these: Danish is the default; English for staff and relatives who read it. Arabic,
Turkish, Polish and Ukrainian are among the largest first languages of people living in
Denmark who are not Danish-born (Statistics Denmark, immigrants and descendants by
country of origin): older Turkish and Arabic speakers now live in care homes, Polish and
Ukrainian speakers are many among care staff and relatives, and Ukrainian refugees since
2022 include older people in care. Arabic is written right to left.
"""

from __future__ import annotations

#: Every language of the interface and of the shipped questionnaires, in its own name.
LANGUAGE_NAMES: dict[str, str] = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "pl": "Polski",
    "tr": "Türkçe",
    "uk": "Українська",
}

#: Languages written right to left.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def direction(language: str | None) -> str:
    """Return "rtl" for a language written right to left, else "ltr"."""
    return "rtl" if (language or "").split("-")[0].split("_")[0] in RTL_LANGUAGES else "ltr"


def init_app(app) -> None:
    """Give templates the language names and the writing direction helper."""
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    app.jinja_env.globals["text_direction"] = direction
    from .audio import audio_url

    app.jinja_env.globals["audio_url"] = audio_url
    from .pictograms import pictogram

    app.jinja_env.globals["pictogram"] = pictogram
