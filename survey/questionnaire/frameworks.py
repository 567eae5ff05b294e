"""The quality frameworks items are tagged with (see DOMAIN.md), with their names."""

from __future__ import annotations

from collections.abc import Mapping

#: Roskilde's quality compass: four themes of three markers each.
COMPASS = {
    "vaerdighed": ("tryghed", "naervaer", "respekt"),
    "livskvalitet": ("selvbestemmelse", "hjemlighed", "hverdagsliv"),
    "omsorg": ("professionalisme", "sundhed", "selvhjulpenhed"),
    "styring": ("kontinuitet", "sammenhaeng", "betingelser"),
}

#: Every marker code an item may carry, mapped to its theme.
MARKER_THEMES = {marker: theme for theme, markers in COMPASS.items() for marker in markers}

#: The compass themes' names.
THEME_NAMES = {
    "vaerdighed": {"da": "Værdighed", "en": "Dignity"},
    "livskvalitet": {"da": "Livskvalitet", "en": "Quality of life"},
    "omsorg": {"da": "Omsorg", "en": "Care"},
    "styring": {"da": "Styring", "en": "Management"},
}

#: The compass markers' names.
MARKER_NAMES = {
    "tryghed": {"da": "Tryghed", "en": "Feeling safe"},
    "naervaer": {"da": "Nærvær", "en": "Presence"},
    "respekt": {"da": "Respekt", "en": "Respect"},
    "selvbestemmelse": {"da": "Selvbestemmelse", "en": "Self-determination"},
    "hjemlighed": {"da": "Hjemlighed", "en": "Feeling at home"},
    "hverdagsliv": {"da": "Hverdagsliv", "en": "Everyday life"},
    "professionalisme": {"da": "Professionalisme", "en": "Professionalism"},
    "sundhed": {"da": "Sundhed", "en": "Health"},
    "selvhjulpenhed": {"da": "Selvhjulpenhed", "en": "Self-reliance"},
    "kontinuitet": {"da": "Kontinuitet", "en": "Continuity"},
    "sammenhaeng": {"da": "Sammenhæng", "en": "Coherence"},
    "betingelser": {"da": "Betingelser", "en": "Conditions"},
}

#: The three carrying values of the Elder Act (ældreloven, 2025): key ``elder_act``.
ELDER_ACT_VALUES = {
    "selvbestemmelse": {"da": "Selvbestemmelse", "en": "Self-determination"},
    "tillid": {"da": "Tillid til medarbejdere og ledere", "en": "Trust in staff and managers"},
    "paaroerende_og_faellesskab": {
        "da": "Samspil med pårørende, lokalsamfund og civilsamfund",
        "en": "Interplay with relatives, local communities and civil society",
    },
}

#: The six themes of the national quality model for botilbud: key ``quality_model``.
QUALITY_MODEL_THEMES = {
    "ledelse": {"da": "Ledelse", "en": "Management"},
    "arbejdsmiljoe": {"da": "Arbejdsmiljø", "en": "Working environment"},
    "kompetenceudvikling": {"da": "Kompetenceudvikling", "en": "Skills development"},
    "brugerinddragelse": {"da": "Brugerinddragelse", "en": "User involvement"},
    "individuelle_planer": {"da": "Individuelle pædagogiske planer", "en": "Individual plans"},
    "kommunikation": {"da": "Kommunikation", "en": "Communication"},
}

#: The item keys that carry framework tags, and the values each allows.
TAG_VALUES = {"elder_act": ELDER_ACT_VALUES, "quality_model": QUALITY_MODEL_THEMES}


def name(names: Mapping[str, Mapping[str, str]], code: str, language: str) -> str:
    """Return a framework code's name in the language (Danish if there is none)."""
    entry = names.get(code)
    if entry is None:
        return code
    return entry.get(language) or entry["da"]
