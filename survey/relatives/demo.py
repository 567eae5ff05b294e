"""Demo data for the relatives' survey: a wave open now with unused letters to try."""

from __future__ import annotations

import datetime as dt

from ..models import InvitationWave, Questionnaire, User, Ward
from . import waves

DEMO_WAVE_TITLE = "Demo: pårørende"
#: Where `make run` serves the app: the printed links point there.
DEMO_BASE_URL = "http://127.0.0.1:5000"


def load_demo_wave(wards: list[Ward], created_by: User | None) -> InvitationWave | None:
    """Open a wave of 8 letters per ward (and posters) today, if a relatives' questionnaire is loaded."""
    if not Questionnaire.select().where(Questionnaire.code == "paaroerende").exists():
        return None
    today = waves.today()
    return waves.create_wave("paaroerende", DEMO_WAVE_TITLE, wards, 8, today,
                             today + dt.timedelta(days=60), True, created_by)


def unused_links(count: int = 3) -> list[str]:
    """Links of the demo wave's letters nobody has opened yet (derived again, never stored)."""
    wave = (InvitationWave.select().where(InvitationWave.title == DEMO_WAVE_TITLE)
            .order_by(InvitationWave.id.desc()).first())
    if wave is None or waves.state_of(wave) is not waves.WaveState.OPEN:
        return []
    unused = [letter for letter in waves.letters(wave)
              if letter.invitation.first_opened_on is None and letter.invitation.submitted_on is None]
    return [f"{DEMO_BASE_URL}/r/{letter.token}  ({letter.ward.full_name})" for letter in unused[:count]]



