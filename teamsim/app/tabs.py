"""The app's tabs, and the one place other packages register an extra tab.

A tab is a title in both languages and a Solara component that takes the
session's :class:`~teamsim.app.state.AppState`::

    @solara.component
    def WorkshopView(state: AppState): ...

Extra tabs are named by an import path ("module:Component") so the app does not
import them until a page is built, and a package that fails to import shows an
error inside its own tab instead of breaking the app.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from teamsim.i18n import check_lang


@dataclass(frozen=True)
class ExtraTab:
    """A tab contributed by another package.

    Attributes:
        key: a short unique id ("workshop"); also the tab's test id.
        title: {"da": ..., "en": ...}.
        component: "package.module:ComponentName"; the component is called as
            ``Component(state=app_state)``.
    """

    key: str
    title: dict[str, str]
    component: str

    def label(self, lang: str) -> str:
        return self.title[check_lang(lang)]

    def load(self) -> Callable[..., Any]:
        module, _, name = self.component.partition(":")
        return getattr(importlib.import_module(module), name)


# ---- extra tabs: register yours here (one line each), shown after the app's own tabs -------
EXTRA_TABS: tuple[ExtraTab, ...] = (
    ExtraTab("workshop", {"da": "Forandringsteori", "en": "Theory of change"},
             "teamsim.workshop.view:WorkshopView"),
)
