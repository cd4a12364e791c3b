"""Theory-of-change workshops (forandringsteori): the causal chain, live, and what carries it.

A facilitator takes a municipal team through the chain from inputs (more
caseworkers) through activities (follow-ups, network meetings) and outputs
(children seen earlier, needs met at a lower step) to outcomes (fewer and
different placements) and impact (ordinary lives, money saved). This package
makes each link visible and testable:

* :mod:`teamsim.workshop.chain`: the chain as an editable data file
  (``chains/*.toml``), validated, with each box's simulated value for the
  baseline and the scenario, drawn as an SVG diagram;
* :mod:`teamsim.workshop.carry`: "which assumption carries it": each mechanism
  switched off in turn (in scenario and baseline alike), each key effect size
  at its low and high value, and how much of the change remains;
* :mod:`teamsim.workshop.stories`: guided workshop sequences
  (``stories/*.toml``), in Danish and English;
* :mod:`teamsim.workshop.handout`: one printable HTML (and PDF) handout;
* :mod:`teamsim.workshop.cli`: ``teamsim workshop carry|handout|stories|chain``;
* :mod:`teamsim.workshop.view`: the app's theory-of-change tab (Solara).

Example:
    >>> from teamsim.workshop import chain, carry
    >>> herning = chain.load_chain("herning")
    >>> cmp = teamsim.compare("herning-pilot", "herning-2012", years=4)
    >>> values = chain.box_values(herning, cmp)
    >>> svg = chain.chain_svg(herning, values, lang="da")
    >>> result = carry.carry("herning-pilot", years=4, replications=3)
    >>> result.ranking()
"""

from teamsim.errors import TeamsimError


class WorkshopError(TeamsimError):
    """A chain or story file, or a workshop setting, that is not allowed."""


__all__ = ["WorkshopError"]
