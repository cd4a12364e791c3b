"""Follow-up schedules: when a case is next reviewed.

Presets (parameter ``followup_schedule``):

=================  ==========================================================
``law_pre2024``    Serviceloven before 2024: first review 3 months (13 weeks)
                   after a measure starts, then every 6 months (26 weeks).
``herning_pilot``  The Herning pilot: every 3 months (13 weeks) (KORA 2015).
``boras``          Borås (KREVI 2012). Kinship/foster: within 2 weeks, monthly
                   (4 weeks) to month 6, then quarterly (13 weeks).
                   Institution: monthly for 12 months, then every 6 weeks.
                   Steps 1-3: quarterly (assumption; KREVI gives no rule).
=================  ==========================================================

Whatever the preset, a placement is reconsidered ``placement_review_weeks``
(26) after it starts: can the child go home?
"""

from __future__ import annotations

FOSTER_STEPS = (4, 5)
INSTITUTION = 6


def next_review(preset: str, step: int, step_start: int, week: int, review_weeks: int) -> int:
    """The week of the next follow-up of a case at ``step`` begun in ``step_start``.

    ``week`` is now (a follow-up was just held, or the measure just started).
    """
    elapsed = week - step_start
    if preset == "law_pre2024":
        due = step_start + 13 if elapsed < 13 else week + 26
    elif preset == "herning_pilot":
        due = week + 13
    elif preset == "boras":
        if step in FOSTER_STEPS:
            if elapsed < 2:
                due = step_start + 2
            else:
                due = week + (4 if elapsed < 26 else 13)
        elif step == INSTITUTION:
            due = week + (4 if elapsed < 52 else 6)
        else:
            due = week + 13
    else:  # validated in Params; kept for direct callers
        raise ValueError(f"unknown follow-up schedule {preset!r}")
    if step >= 4 and elapsed < review_weeks:
        due = min(due, step_start + review_weeks)
    return max(due, week + 1)

