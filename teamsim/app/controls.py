"""The form: which settings a planner can change, their ranges, and reading typed input.

Each control is a model parameter (or a run setting: years, seed, replications)
with the range the app accepts. For staff counts the app's range is narrower
than the parameter registry's (which must also cover a national scenario): a
planner of a municipality does not need 5,000 caseworkers, and a typing slip
such as 500 should be refused, not run. Every app range lies inside the
registry's range, so a value the form accepts is always a valid parameter.

:func:`parse` turns what was typed into a value or raises :class:`FieldError`
with a message in the planner's language naming the allowed range.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from teamsim.i18n import choice_label, format_number, param_label, param_unit, parse_number, tr
from teamsim.params import BY_NAME, SWITCHES


class FieldError(ValueError):
    """A value typed into a field is refused; ``str(err)`` is the message to show."""


@dataclass(frozen=True)
class Control:
    """One field of the form.

    Attributes:
        name: the parameter (or run setting) it sets.
        group: "team", "practice", "switches" or "run".
        low, high: the allowed range (numbers); None for choices and switches.
        whole: whole numbers only.
    """

    name: str
    group: str
    low: float | None = None
    high: float | None = None
    whole: bool = False

    @property
    def is_run_setting(self) -> bool:
        return self.name in RUN_SETTINGS

    @property
    def choices(self) -> tuple[str, ...] | None:
        return None if self.is_run_setting else BY_NAME[self.name].choices

    @property
    def is_switch(self) -> bool:
        return not self.is_run_setting and BY_NAME[self.name].kind is bool

    def label(self, lang: str) -> str:
        if self.is_run_setting:
            return tr(RUN_SETTINGS[self.name][0], lang)
        return param_label(self.name, lang)

    def unit(self, lang: str) -> str:
        if self.is_run_setting:
            key = RUN_SETTINGS[self.name][1]
            return tr(key, lang) if key else ""
        return param_unit(self.name, lang)

    def range_text(self, lang: str) -> str:
        """"1 til 200 rådgivere" / "1 to 200 caseworkers"."""
        decimals = 0 if self.whole else _decimals(self.low, self.high)
        text = tr("ctl.range", lang, low=format_number(self.low, lang, decimals),
                  high=format_number(self.high, lang, decimals))
        unit = self.unit(lang)
        return f"{text} {unit}" if unit else text

    def hint(self, lang: str) -> str:
        """The line under a field: unit and allowed range."""
        return tr("ctl.allowed", lang, range=self.range_text(lang))

    def choice_labels(self, lang: str) -> dict[str, str]:
        return {c: choice_label(c, lang) for c in self.choices or ()}

    def display(self, value: Any, lang: str) -> str:
        """A value as the form shows it: "12", "2,5" (Danish), "2.5" (English)."""
        if self.whole:
            return str(int(value))
        return format_number(value, lang, _decimals(value)).replace(
            "." if lang == "da" else ",", "")


def _decimals(*values: Any) -> int:
    """Decimals needed to show every value (at most 3)."""
    need = 0
    for v in values:
        if v is None:
            continue
        for d in range(4):
            if abs(round(float(v), d) - float(v)) < 1e-9:
                need = max(need, d)
                break
        else:
            need = 3
    return need


# run settings: (label key, unit key)
RUN_SETTINGS = {
    "years": ("ctl.years", "ctl.unit_years"),
    "seed": ("ctl.seed", ""),
    "replications": ("ctl.replications", "ctl.unit_runs"),
}
MAX_YEARS = 20
MAX_REPLICATIONS = 50
MAX_SEED = 999_999_999

CONTROLS: tuple[Control, ...] = (
    Control("caseworkers", "team", 1, 200, whole=True),
    Control("caseload_cap", "team", 5, 200, whole=True),
    Control("coordinators", "team", 0, 20, whole=True),
    Control("psychologists", "team", 0, 100, whole=True),
    Control("health_visitors", "team", 0, 100, whole=True),
    Control("meeting_rate", "practice", 0, 52),
    Control("followup_schedule", "practice"),
    Control("policy", "practice"),
    Control("detection_effort", "practice", 0, 5),
    Control("co_located", "practice"),
    *(Control(name, "switches") for name in SWITCHES),
    Control("years", "run", 1, MAX_YEARS, whole=True),
    Control("seed", "run", 0, MAX_SEED, whole=True),
    Control("replications", "run", 1, MAX_REPLICATIONS, whole=True),
)
BY_CONTROL = {c.name: c for c in CONTROLS}
GROUPS = ("team", "practice", "switches", "run")
GROUP_TITLES = {"team": "ctl.team", "practice": "ctl.practice", "switches": "ctl.switches",
                "run": "ctl.run"}


def parse(name: str, text: Any, lang: str) -> Any:
    """The value of control ``name`` from what was typed (or chosen).

    Raises:
        FieldError: not a number, not whole, out of range, or not one of the choices;
            the message (in ``lang``) says what is allowed.
    """
    control = BY_CONTROL[name]
    if control.is_switch:
        if not isinstance(text, bool):
            raise FieldError(tr("err.range", lang, value=text, range="true/false"))
        return text
    if control.choices:
        if text not in control.choices:
            allowed = ", ".join(control.choice_labels(lang).values())
            raise FieldError(tr("err.range", lang, value=text, range=allowed))
        return text
    shown = str(text).strip()
    try:
        number = parse_number(shown, lang)
    except ValueError:
        raise FieldError(tr("err.whole" if control.whole else "err.number", lang,
                            value=shown, range=control.range_text(lang))) from None
    if control.whole:
        if not float(number).is_integer():
            raise FieldError(tr("err.whole", lang, value=shown, range=control.range_text(lang)))
        number = int(number)
    if not control.low <= number <= control.high:
        raise FieldError(tr("err.range", lang, value=shown, range=control.range_text(lang)))
    return number


def _check_inside_registry() -> None:
    for c in CONTROLS:
        if c.is_run_setting or c.low is None:
            continue
        p = BY_NAME[c.name]
        assert p.low <= c.low and c.high <= p.high, f"control {c.name} exceeds the registry"


_check_inside_registry()
