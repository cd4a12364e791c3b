"""``teamsim workshop``: the theory-of-change workshop from the command line.

    teamsim workshop carry herning-pilot                     # which assumption carries it?
    teamsim workshop carry herning-pilot --out carry.svg --lang en
    teamsim workshop handout herning-pilot --out handout.html --pdf --carry
    teamsim workshop stories                                  # the guided stories
    teamsim workshop stories caseload --lang en               # one story's steps
    teamsim workshop chain my-chain.toml                      # check a chain file

Registered in :data:`teamsim.cli.EXTENSIONS`; errors are one ``teamsim: error:`` line
and exit status 2, checked before anything is run or written.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from teamsim.cli import (
    MAX_REPLICATIONS,
    MAX_SEED,
    MAX_YEARS,
    _assignment,
    _consoles,
    _show,
    _whole_number,
    settings,
)
from teamsim.files import check_output
from teamsim.workshop import WorkshopError

LANGS = ("da", "en")
CARRY_FORMATS = (".csv", ".svg")
DEFAULT_CARRY_REPLICATIONS = 3
DEFAULT_HANDOUT_REPLICATIONS = 5


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``teamsim workshop`` and its subcommands to the subparsers ``sub``."""
    workshop = sub.add_parser(
        "workshop", allow_abbrev=False,
        help="theory-of-change workshops: carry analysis, handout, stories, chains",
        description="Tools for a theory-of-change (forandringsteori) workshop: which "
                    "assumption carries a result, a printable handout, the guided stories "
                    "and the chain files.")
    inner = workshop.add_subparsers(dest="workshop_command", metavar="SUBCOMMAND",
                                    title="subcommands", required=True)

    carry = inner.add_parser(
        "carry", allow_abbrev=False, help="which assumption carries the result?",
        description="Switch each mechanism off in turn (in the scenario and the baseline "
                    "alike) and set each key effect size to its low and high value; show "
                    "how much of the change in placement-years and net cost remains, "
                    "ranked by how much the result depends on each assumption. Runs use "
                    "common random numbers.")
    _run_options(carry, DEFAULT_CARRY_REPLICATIONS)
    carry.add_argument("--rank-by", choices=("placements", "net"), default="placements",
                       help="rank by dependence of the placement-years or the net cost "
                            "(default placements)")
    carry.add_argument("--no-effects", action="store_true",
                       help="only switch mechanisms off; do not vary the effect sizes")
    carry.add_argument("--out", type=Path, metavar="FILE",
                       help="also write the ranking as .csv or the chart as .svg")
    carry.set_defaults(handler=_cmd_carry, parser=carry)

    handout = inner.add_parser(
        "handout", allow_abbrev=False, help="write the printable workshop handout",
        description="Run the scenario against its baseline and write one printable HTML "
                    "handout with the theory-of-change chain, the comparison per year and "
                    "the budget (with --pdf also a PDF, made with headless Chromium).")
    _run_options(handout, DEFAULT_HANDOUT_REPLICATIONS)
    handout.add_argument("--chain", default=None, metavar="CHAIN",
                         help="chain name or .toml file (default herning)")
    handout.add_argument("--story", default=None, metavar="STORY",
                         help="add this story's steps and questions "
                              "(see 'teamsim workshop stories')")
    handout.add_argument("--carry", action="store_true",
                         help="add the 'which assumption carries it' chart (slower)")
    handout.add_argument("--out", type=Path, required=True, metavar="FILE.html",
                         help="the handout file to write (.html)")
    handout.add_argument("--pdf", action="store_true",
                         help="also print FILE.pdf with Chromium (if one is installed)")
    handout.set_defaults(handler=_cmd_handout, parser=handout)

    stories = inner.add_parser(
        "stories", allow_abbrev=False, help="list the guided stories, or show one",
        description="List the guided workshop stories; with a name (or a .toml file), show "
                    "its steps: the question to the room, the settings, what to look at.")
    stories.add_argument("story", nargs="?", metavar="STORY")
    stories.add_argument("--lang", choices=LANGS, default="da", help="da or en (default da)")
    stories.set_defaults(handler=_cmd_stories, parser=stories)

    chain = inner.add_parser(
        "chain", allow_abbrev=False, help="check a chain file and list its boxes and arrows",
        description="Load and check a theory-of-change chain (a name or a .toml file), and "
                    "list its boxes (what each shows) and its arrows (the mechanism of each).")
    chain.add_argument("chain", nargs="?", default="herning", metavar="CHAIN")
    chain.add_argument("--lang", choices=LANGS, default="da", help="da or en (default da)")
    chain.add_argument("--svg", type=Path, metavar="FILE",
                       help="write the chain's diagram (without values) to FILE.svg")
    chain.set_defaults(handler=_cmd_chain, parser=chain)


def _run_options(p: argparse.ArgumentParser, replications: int) -> None:
    p.add_argument("scenario", metavar="SCENARIO",
                   help="preset name (see 'teamsim scenarios') or path of a scenario .toml")
    p.add_argument("--baseline", metavar="BASELINE", default=None,
                   help="the baseline (default: the one the scenario names)")
    p.add_argument("--years", type=_whole_number(1, MAX_YEARS), default=4, metavar="N",
                   help=f"years to simulate, 1-{MAX_YEARS} (default 4)")
    p.add_argument("--replications", type=_whole_number(1, MAX_REPLICATIONS),
                   default=replications, metavar="R",
                   help=f"paired runs per comparison (default {replications})")
    p.add_argument("--seed", type=_whole_number(0, MAX_SEED), default=0, metavar="S",
                   help="root seed of the replications (default 0)")
    p.add_argument("--set", dest="overrides", action="append", type=_assignment, default=[],
                   metavar="NAME=VALUE", help="change a parameter of the scenario")
    p.add_argument("--baseline-set", dest="baseline_overrides", action="append",
                   type=_assignment, default=[], metavar="NAME=VALUE",
                   help="change a parameter of the baseline")
    p.add_argument("--workers", type=_whole_number(1, 256), default=None, metavar="W",
                   help="processes for the carry analysis (default: the number of CPUs, "
                        "at most 8)")
    p.add_argument("--lang", choices=LANGS, default="da", help="da or en (default da)")


def _workers(args: argparse.Namespace) -> int:
    return args.workers or max(1, min(8, os.cpu_count() or 1))


@contextmanager
def _progress(err: Console, what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on a terminal, else a line now and then; total known at the first call."""
    if err.is_terminal:
        from rich import progress

        columns = (progress.TextColumn(what), progress.BarColumn(),
                   progress.MofNCompleteColumn(), progress.TextColumn("runs"),
                   progress.TimeElapsedColumn(), progress.TimeRemainingColumn())
        with progress.Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task(what, total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            yield advance
        return
    started = time.monotonic()
    state = {"next": started + 10.0}

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now >= state["next"] or done == total:
            state["next"] = now + 30.0
            print(f"teamsim: {what}: {done:,} of {total:,} runs ({done / total:.0%}), "
                  f"{now - started:.0f} s", file=sys.stderr, flush=True)

    yield report


def _check_out(path: Path | None, suffixes: tuple[str, ...]) -> None:
    if path is None:
        return
    if path.suffix.lower() not in suffixes:
        raise WorkshopError(f"--out {path}: the file name must end in {' or '.join(suffixes)}")
    check_output(path, what="--out", error=WorkshopError, is_file=True)


def _validate_run(args: argparse.Namespace) -> tuple[Any, Any]:
    from teamsim.run import _baseline_of
    from teamsim.scenarios import load_scenario

    spec = load_scenario(args.scenario, **settings(args.overrides, "--set"))
    base = load_scenario(_baseline_of(spec, args.baseline),
                         **settings(args.baseline_overrides, "--baseline-set"))
    return spec, base


# ---- teamsim workshop carry -----------------------------------------------------------------
def _cmd_carry(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.workshop import carry

    _check_out(args.out, CARRY_FORMATS)
    spec, base = _validate_run(args)
    out, err = _consoles()
    started = time.monotonic()
    with _progress(err, "which assumption carries it") as advance:
        result = carry.carry(spec, base, years=args.years, replications=args.replications,
                             seed=args.seed, effects=() if args.no_effects else carry.KEY_EFFECTS,
                             workers=_workers(args), progress=advance)
    print(f"teamsim: carry analysis in {time.monotonic() - started:.1f} s", file=sys.stderr)
    _carry_report(out, result, args.lang, args.rank_by)
    if args.out is not None:
        from teamsim.workshop.handout import _atomic_write

        if args.out.suffix.lower() == ".csv":
            data = result.table(args.rank_by).to_csv(index=False).encode("utf-8")
        else:
            data = carry.carry_svg(result, args.lang, args.rank_by).encode("utf-8")
        try:  # checked before the runs; this is for what changed since (a full disk)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(args.out, data)
        except OSError as error:
            print(f"teamsim: error: cannot write {args.out}: {error.strerror or error}",
                  file=sys.stderr)
            return 1
        out.print(f"Written to [bold]{escape(str(args.out))}[/]")
    return 0


def _carry_report(out: Console, result: Any, lang: str, target: str) -> None:
    from teamsim.workshop import text
    from teamsim.workshop.carry import _setup_line

    out.print(f"[bold]{escape(text.t('carry_title', lang))}[/]")
    out.print(escape(_setup_line(result, lang)))
    out.print(f"[dim]{escape(text.t('carry_explain', lang))}[/]")
    table = Table()
    table.add_column("#", justify="right")
    table.add_column(text.t("carry_assumption", lang))
    table.add_column(text.t("carry_placements", lang), justify="right")
    table.add_column(text.t("carry_net", lang), justify="right")
    for rank, row in enumerate(result.ranking(target), start=1):
        cells = []
        for tgt in ("placements", "net"):
            shares = row.remaining[tgt]
            cells.append(" – ".join(text.percent(s, lang) for s in shares))
        table.add_row(str(rank), f"{escape(row.label(lang))}\n[dim]"
                      f"{escape(text.mechanism_label(row.mechanism, lang))} · "
                      f"{escape(row.detail(lang))}[/]", *cells)
    ranked_by = result.rank_target(target)
    title = (text.t("carry_remaining", lang) + " – "
             + text.t("carry_ranked_by", lang, target=text.t("carry_" + ranked_by, lang).lower()))
    _show(out, title, table)
    for tgt in ("placements", "net"):
        if not result.splittable(tgt):
            out.print(f"[bold]{escape(text.t('carry_' + tgt, lang))}[/]: "
                      f"{escape(text.t('carry_too_small', lang))}")
    if result.skipped:
        from teamsim.workshop.carry import _row_name

        items = ", ".join(f"{_row_name(r, lang)} ({text.t(why, lang) if why.startswith('carry_') else why})"
                          for r, why in result.skipped)
        out.print(f"[dim]{escape(text.t('carry_skipped', lang, items=items))}[/]")


# ---- teamsim workshop handout ---------------------------------------------------------------
def _cmd_handout(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.run import compare, replication_seeds
    from teamsim.workshop import carry, handout
    from teamsim.workshop.chain import load_chain
    from teamsim.workshop.stories import load_story

    handout.check_output(args.out)
    spec, base = _validate_run(args)
    chain = load_chain(args.chain or "herning")
    story = load_story(args.story) if args.story else None
    seeds = replication_seeds(args.seed, args.replications)
    out, err = _consoles()
    started = time.monotonic()
    runs = len(seeds) * 2
    with _progress(err, "comparison") as advance:
        done = {"n": 0}

        def weekly(n: int) -> None:
            done["n"] += n
            if done["n"] % (args.years * 52) == 0:
                advance(done["n"] // (args.years * 52), runs)

        comparison = compare(spec, base, years=args.years, seeds=seeds, progress=weekly)
    carry_result = None
    if args.carry:
        with _progress(err, "which assumption carries it") as advance:
            carry_result = carry.carry(spec, base, years=args.years,
                                       replications=min(args.replications,
                                                        DEFAULT_CARRY_REPLICATIONS),
                                       seed=args.seed, workers=_workers(args),
                                       progress=advance)
    html = handout.handout_html(comparison, chain, args.lang, carry_result, story,
                                seed=args.seed)
    print(f"teamsim: handout runs in {time.monotonic() - started:.1f} s", file=sys.stderr)
    try:
        path, pdf = handout.write_handout(args.out, html, pdf=args.pdf)
    except WorkshopError as error:  # the HTML is there; only the PDF failed
        out.print(f"Handout written to [bold]{escape(str(args.out))}[/] (HTML only)")
        print(f"teamsim: error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"teamsim: error: cannot write the handout to {args.out}: {error}",
              file=sys.stderr)
        return 1
    out.print(f"Handout written to [bold]{escape(str(path))}[/]"
              + (f" and [bold]{escape(str(pdf))}[/]" if pdf else ""))
    return 0


# ---- teamsim workshop stories, chain ---------------------------------------------------------
def _cmd_stories(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.workshop import text
    from teamsim.workshop.stories import load_stories, load_story

    out, _ = _consoles()
    lang = args.lang
    if args.story is None:
        table = Table()
        for column in (text.t("name", lang), text.t("story", lang), "min", text.t("col_scenario", lang),
                       text.t("col_baseline", lang)):
            table.add_column(column)
        for story in load_stories():
            table.add_row(story.name, f"[bold]{escape(story.heading(lang))}[/]\n"
                          f"[dim]{escape(story.about(lang))}[/]", str(story.minutes),
                          story.scenario, story.baseline)
        _show(out, "teamsim workshop stories NAME", table)
        return 0
    story = load_story(args.story)
    out.print(f"[bold]{escape(story.heading(lang))}[/] ({story.scenario} – {story.baseline}, "
              f"{story.minutes} min)")
    out.print(escape(story.about(lang)))
    for i, step in enumerate(story.steps, start=1):
        settings = ", ".join(f"{k}={v}" for k, v in step.settings.items()) or text.t(
            "no_settings", lang)
        base = ", ".join(f"{k}={v}" for k, v in step.baseline_settings.items())
        out.print()
        out.print(f"[bold]{escape(text.t('step_of', lang, n=i, total=len(story.steps)))}: "
                  f"{escape(step.heading(lang))}[/]")
        out.print(f"  {escape(text.t('question', lang))}: {escape(step.ask(lang))}")
        out.print(f"  {escape(text.t('settings', lang))}: {escape(settings)}"
                  + (f" | {escape(text.t('col_baseline', lang))}: {escape(base)}" if base
                     else ""))
        if step.look_at:
            out.print(f"  {escape(text.t('look_at', lang))}: {', '.join(step.look_at)}. "
                      f"{escape(step.hint(lang))}")
        if step.carry:
            out.print(f"  [dim]teamsim workshop carry {story.scenario} --baseline {story.baseline}"
                      + "".join(f" --set {k}={v}" for k, v in step.settings.items())
                      + "".join(f" --baseline-set {k}={v}"
                                for k, v in step.baseline_settings.items()) + "[/]")
    return 0


def _cmd_chain(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.workshop import text
    from teamsim.workshop.chain import STAGES, chain_svg, load_chain

    if args.svg is not None:
        _check_out(args.svg, (".svg",))
    chain = load_chain(args.chain)
    out, _ = _consoles()
    lang = args.lang
    out.print(f"[bold]{escape(chain.heading(lang))}[/] ({escape(chain.source)}): "
              f"{len(chain.boxes)} boxes, {len(chain.arrows)} arrows")
    boxes = Table()
    for column in ("Stage", "Box", "Label", "Shows", "Expect"):
        boxes.add_column(column)
    for stage in STAGES:
        for b in chain.stage_boxes(stage):
            shows = (f"parameter {b.parameter}" if b.parameter else
                     f"{b.table}.{b.indicator}" + (f" / {b.per}" if b.per else "")
                     + f" ({b.over})")
            boxes.add_row(text.t("stage_" + stage, lang), b.id, escape(b.text(lang)),
                          escape(shows), b.expect)
    _show(out, "Boxes", boxes)
    arrows = Table()
    for column in ("From", "To", "Mechanism"):
        arrows.add_column(column)
    for a in chain.arrows:
        arrows.add_row(a.source, a.target,
                       f"{a.mechanism} ({escape(text.mechanism_label(a.mechanism, lang))})")
    _show(out, "Arrows", arrows)
    if args.svg is not None:
        from teamsim.workshop.handout import _atomic_write

        args.svg.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(args.svg, chain_svg(chain, None, lang).encode("utf-8"))
        out.print(f"Diagram written to [bold]{escape(str(args.svg))}[/]")
    return 0
