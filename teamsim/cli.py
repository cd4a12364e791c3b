"""The teamsim command line: run scenarios, list the presets and the parameters.

    teamsim run herning-pilot --compare herning-2012
    teamsim run boras --years 2 --replications 10 --set caseworkers=12 --out results/boras
    teamsim scenarios
    teamsim params --mechanism capacity

A thin layer over :mod:`teamsim.run`: it parses arguments, shows progress on
stderr and prints tables on stdout. Errors the user caused (an unknown
scenario or parameter, a value out of range, a malformed option) print one
line on stderr and exit with status 2, before anything is run or written.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from teamsim.core.lines import MEASURE_ROWS, NET_ROWS, STAFF_ROWS, TOTAL_ROWS
from teamsim.errors import ParameterError, RunError, TeamsimError
from teamsim.params import MECHANISMS, PARAMETERS
from teamsim.run import (
    DEFAULT_REPLICATIONS,
    DEFAULT_YEARS,
    FORMATS,
    MAX_SEED,
    UNCERTAINTIES,
    WEEKS_PER_YEAR,
    Comparison,
    RunResult,
    budget_bands,
    check_output,
    compare,
    has_parameter_ensemble,
    replicate,
    replication_seeds,
    summarise,
    write_results,
)
from teamsim.scenarios import load_scenario, preset_names

MAX_YEARS = 50
MAX_REPLICATIONS = 1000
YEARS_PER_TABLE = 6
OWN_BASELINE = "\0own-baseline"  # --compare without a value: the scenario's own baseline

# (label, indicator of run.summarise, format) for the key-indicator table
KEY_INDICATORS = (
    ("Children placed (mean)", "placed", "decimal"),
    ("Family placements (goal 75%)", "family_placement_share", "percent"),
    ("Institution placements (goal 25%)", "institution_share", "percent"),
    ("Placements started", "placements_started", "decimal"),
    ("Waiting weeks to assessment", "waiting_weeks", "decimal"),
    ("Follow-ups held", "followups_held_share", "percent"),
    ("Caseload per caseworker (mean)", "caseload_mean", "decimal"),
)
# (label, indicator of Comparison.table, format) for the scenario-minus-baseline table
DIFFERENCES = (
    ("Children placed (mean)", "placed", "signed"),
    ("Placements started", "placements_started", "signed"),
    ("Family placements (%-points)", "family_placement_share", "points"),
    ("Institution placements (mean)", "institutions", "signed"),
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line naming the help to read."""

    def error(self, message: str) -> NoReturn:
        message = " ".join(message.split())
        self.exit(2, f"teamsim: error: {message} (see '{self.prog} --help')\n")


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not allowed: expected a whole number from {low:,} to {high:,}")
        return value

    return parse


def _assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed: expected NAME=VALUE, e.g. caseworkers=8")
    return name.strip(), value.strip()


# Subcommands that live in their own modules. Each module has `register(sub)`, which adds
# its parser (with set_defaults(handler=..., parser=...)) to the subparsers `sub`; it must
# import its heavy dependencies inside the handler so `teamsim --help` stays fast.
EXTENSIONS: tuple[str, ...] = (
    "teamsim.app.cli",
    "teamsim.experiment.cli",
    "teamsim.workshop.cli",
    "teamsim.calibration.cli",
)


def _parser() -> _Parser:
    top = _Parser(prog="teamsim", allow_abbrev=False,
                  description="Simulate a municipal cross-professional child-welfare team.")
    top.add_argument("--version", action="version", version=f"teamsim {_version()}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True,
                             title="commands")

    run = sub.add_parser(
        "run", allow_abbrev=False,
        help="run a scenario; show its budget and key indicators",
        description="Run a scenario over replications and show the yearly budget and key "
                    "indicators (median, and the 10-90% band when there are several "
                    "replications). With --compare, run a baseline on the same seeds "
                    "(common random numbers) and show the differences.")
    run.add_argument("scenario", metavar="SCENARIO",
                     help="preset name (see 'teamsim scenarios') or path of a scenario .toml")
    run.add_argument("--years", type=_whole_number(1, MAX_YEARS), default=DEFAULT_YEARS,
                     metavar="N", help=f"years to simulate, 1-{MAX_YEARS} "
                                       f"(default {DEFAULT_YEARS})")
    run.add_argument("--seed", type=_whole_number(0, MAX_SEED), default=0, metavar="S",
                     help="root seed; the replications' seeds are derived from it "
                          "(default 0)")
    run.add_argument("--replications", type=_whole_number(1, MAX_REPLICATIONS),
                     default=DEFAULT_REPLICATIONS, metavar="R",
                     help=f"runs with different seeds, 1-{MAX_REPLICATIONS} "
                          f"(default {DEFAULT_REPLICATIONS})")
    run.add_argument("--compare", nargs="?", const=OWN_BASELINE, metavar="BASELINE",
                     help="also run BASELINE on the same seeds and show the differences; "
                          "without a value, the baseline the scenario names")
    run.add_argument("--set", dest="overrides", action="append", type=_assignment,
                     default=[], metavar="NAME=VALUE",
                     help="change a parameter of the scenario (repeat for more; "
                          "see 'teamsim params')")
    run.add_argument("--baseline-set", dest="baseline_overrides", action="append",
                     type=_assignment, default=[], metavar="NAME=VALUE",
                     help="change a parameter of the baseline (with --compare)")
    run.add_argument("--uncertainty", choices=UNCERTAINTIES, default="runs",
                     help="runs: bands show run-to-run noise; parameters: replication i also "
                          "uses calibrated parameter set i of the ensemble (default runs)")
    run.add_argument("--out", type=Path, metavar="DIR",
                     help="write the tables and a manifest.json to this new directory")
    run.add_argument("--format", choices=FORMATS, default=None,
                     help="file format with --out (default csv)")
    run.add_argument("--overwrite", action="store_true",
                     help="replace the results directory if it is not empty")
    run.set_defaults(handler=_cmd_run, parser=run)

    scenarios = sub.add_parser("scenarios", allow_abbrev=False,
                               help="list the preset scenarios",
                               description="List the preset scenarios with their titles.")
    scenarios.set_defaults(handler=_cmd_scenarios, parser=scenarios)

    params = sub.add_parser(
        "params", allow_abbrev=False, help="list the parameters",
        description="List every parameter with its unit, allowed values, default and source.")
    params.add_argument("--mechanism", choices=MECHANISMS, metavar="NAME",
                        help=f"only this mechanism's parameters: {', '.join(MECHANISMS)}")
    params.set_defaults(handler=_cmd_params, parser=params)
    for module in EXTENSIONS:
        importlib.import_module(module).register(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    top = _parser()
    try:
        args, extra = top.parse_known_args(argv)
        if extra:
            args.parser.error(f"unrecognized arguments: {' '.join(extra)}")
        return args.handler(args, argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    except TeamsimError as err:
        print(f"teamsim: error: {_one_line(err)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("teamsim: interrupted; no results written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _one_line(err: TeamsimError) -> str:
    text = " ".join(str(err).split())
    if isinstance(err, ParameterError) and "'teamsim params'" not in text:
        return f"{text} (see 'teamsim params')"
    return text


# ---- teamsim run ------------------------------------------------------------------------
def settings(pairs: list[tuple[str, str]], option: str) -> dict[str, str]:
    """``--set`` pairs as a dict; a parameter given twice is refused (which one was meant?)."""
    given: dict[str, str] = {}
    for name, value in pairs:
        if name in given:
            raise ParameterError(f"{option} {name} is given twice ({name}={given[name]} and "
                                 f"{name}={value}): give it once")
        given[name] = value
    return given


def _cmd_run(args: argparse.Namespace, argv: list[str]) -> int:
    overrides = settings(args.overrides, "--set")
    base_overrides = settings(args.baseline_overrides, "--baseline-set")
    if args.format and args.out is None:
        args.parser.error("--format needs --out DIR")
    if args.overwrite and args.out is None:
        args.parser.error("--overwrite needs --out DIR")
    if base_overrides and args.compare is None:
        args.parser.error("--baseline-set needs --compare")
    # validate everything before running anything
    spec = load_scenario(args.scenario, **overrides)
    baseline = None
    if args.compare is not None:
        baseline = spec.baseline if args.compare == OWN_BASELINE else args.compare
        if baseline is None:
            raise RunError(f"scenario '{spec.name}' names no baseline: give one, "
                           "e.g. --compare herning-2012")
        load_scenario(baseline, **base_overrides)
    if args.out is not None:
        check_output(args.out, args.overwrite)
    if args.uncertainty == "parameters" and not has_parameter_ensemble():
        raise RunError("--uncertainty parameters needs an ensemble of calibrated parameter "
                       "sets; there is none (teamsim calibrate --write-defaults writes one)")
    seeds = replication_seeds(args.seed, args.replications)

    importlib.import_module("teamsim.core.model")  # Mesa takes ~2 s to load: before clock and bar

    out, err = _consoles()
    runs = len(seeds) * (1 if baseline is None else 2)
    started = time.monotonic()
    with _progress(err, runs * args.years * WEEKS_PER_YEAR) as advance:
        if baseline is None:
            results: list[RunResult] | Comparison = replicate(
                args.scenario, args.years, seeds, progress=advance,
                uncertainty=args.uncertainty, **overrides)
        else:
            results = compare(args.scenario, baseline, args.years, seeds, progress=advance,
                              baseline_overrides=base_overrides,
                              uncertainty=args.uncertainty, **overrides)
    elapsed = time.monotonic() - started
    if isinstance(results, Comparison):
        for note in results.notes:
            print(f"teamsim: note: {note}", file=sys.stderr)
    _report(out, results, args.seed)
    print(f"teamsim: {runs} run{'s' if runs > 1 else ''} of {args.years * WEEKS_PER_YEAR} "
          f"weeks in {elapsed:.1f} s", file=sys.stderr)
    if args.out is not None:
        fmt = args.format or "csv"
        try:
            path = write_results(args.out, results, format=fmt, command=["teamsim", *argv],
                                 root_seed=args.seed, overwrite=args.overwrite)
        except OSError as error:
            print(f"teamsim: error: cannot write results to {args.out}: {error}",
                  file=sys.stderr)
            return 1
        out.print(f"Results written to [bold]{escape(str(path))}[/] ({fmt}): series, yearly, "
                  "budget, key_figures, summary"
                  + (", comparison" if isinstance(results, Comparison) else "")
                  + " and manifest.json")
    return 0


def _consoles() -> tuple[Console, Console]:
    """stdout for tables (wide when not a terminal, so files do not wrap), stderr for progress."""
    width = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160
    return (Console(file=sys.stdout, highlight=False, width=width),
            Console(file=sys.stderr, highlight=False))


@contextmanager
def _progress(err: Console, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal; elsewhere a plain line now and then if the run is long."""
    if err.is_terminal:
        from rich import progress

        columns = (progress.TextColumn("simulating"), progress.BarColumn(),
                   progress.MofNCompleteColumn(), progress.TextColumn("weeks"),
                   progress.TimeElapsedColumn(), progress.TimeRemainingColumn())
        with progress.Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("simulating", total=total)
            yield lambda n: bar.advance(task, n)
        return
    started = time.monotonic()
    state = {"done": 0, "next": started + 10.0}

    def advance(n: int) -> None:
        state["done"] += n
        now = time.monotonic()
        if now >= state["next"]:
            state["next"] = now + 30.0
            print(f"teamsim: {state['done']:,} of {total:,} weeks simulated "
                  f"({state['done'] / total:.0%}), {now - started:.0f} s", file=sys.stderr,
                  flush=True)

    yield advance


def _report(out: Console, results: list[RunResult] | Comparison, root_seed: int) -> None:
    if isinstance(results, Comparison):
        runs, base = results.scenario, results.baseline
    else:
        runs, base = results, None
    first = runs[0]
    years = sorted(first.budget.columns)
    n = len(runs)
    out.print(f"[bold]{escape(first.scenario)}[/]: {escape(first.spec.title)}")
    if first.overrides:
        out.print("changed: " + ", ".join(f"{k}={v}" for k, v in first.overrides.items()))
    if base is not None:
        out.print(f"compared with [bold]{escape(base[0].scenario)}[/]: "
                  f"{escape(base[0].spec.title)}")
        if base[0].overrides:
            out.print("baseline changed: "
                      + ", ".join(f"{k}={v}" for k, v in base[0].overrides.items()))
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else f"{years[0]}"
    pairing = ", paired on the same seeds (common random numbers)" if base is not None else ""
    out.print(f"{first.years} year{'s' if first.years > 1 else ''} ({span}), "
              f"{n} replication{'s' if n > 1 else ''} from root seed {root_seed}{pairing}")
    for chunk in _chunks(years):
        _show(out, *_budget_table(runs, chunk, n))
    if base is None:
        out.print("[dim]Add --compare BASELINE for the net against a baseline.[/]")
    for chunk in _chunks(years):
        _show(out, *_indicator_table(runs, base, chunk, n))
    if isinstance(results, Comparison):
        for chunk in _chunks(years):
            _show(out, *_difference_table(results, chunk, n))


def _show(out: Console, title: str, table: Table) -> None:
    """A table under its title (a line of its own, so a narrow table does not wrap it)."""
    out.print()
    out.print(f"[bold]{escape(title)}[/]")
    out.print(table)


def _chunks(years: list[int]) -> list[list[int]]:
    return [years[i:i + YEARS_PER_TABLE] for i in range(0, len(years), YEARS_PER_TABLE)]


def _band_text(n: int) -> str:
    return f"median of {n} replications, 10-90% band below" if n > 1 else "1 replication"


def _budget_table(runs: list[RunResult], years: list[int], n: int) -> tuple[str, Table]:
    bands = budget_bands(runs).set_index(["line", "year"])
    title = f"Budget, kr. per year ({f'median of {n} replications' if n > 1 else '1 run'})"
    table = _year_table("Budget line", years)
    lines = list(dict.fromkeys(bands.index.get_level_values("line")))
    for line in lines:
        row = [bands.loc[(line, y)] for y in years]
        is_total, is_net = line in TOTAL_ROWS, line in NET_ROWS
        style = "bold" if is_total or is_net else None
        table.add_row(line, *(_kr(r["median"]) for r in row), style=style,
                      end_section=line in (MEASURE_ROWS[-1], STAFF_ROWS[-1], TOTAL_ROWS[-1]))
        if is_net and n > 1:
            table.add_row("  10%", *(_kr(r["p10"]) for r in row), style="dim")
            table.add_row("  90%", *(_kr(r["p90"]) for r in row), style="dim")
    return title, table


def _indicator_table(runs: list[RunResult], base: list[RunResult] | None, years: list[int],
                     n: int) -> tuple[str, Table]:
    summary = summarise(runs).set_index(["indicator", "year"])
    base_summary = summarise(base).set_index(["indicator", "year"]) if base else None
    table = _year_table("Indicator", years)
    for label, name, kind in KEY_INDICATORS:
        table.add_row(label, *(_cell(summary.loc[(name, y)], kind, n) for y in years))
        if base_summary is not None:
            table.add_row("  baseline",
                          *(_fmt(base_summary.loc[(name, y), "median"], kind) for y in years),
                          style="dim", end_section=True)
    return f"Key indicators ({_band_text(n)})", table


def _difference_table(cmp: Comparison, years: list[int], n: int) -> tuple[str, Table]:
    rows = cmp.table.set_index(["indicator", "year"])
    table = _year_table("Indicator", years)
    for label, name, kind in DIFFERENCES:
        table.add_row(label, *(_cell(rows.loc[(name, y)], kind, n) for y in years))
    return f"Scenario minus baseline, paired by seed ({_band_text(n)})", table


def _year_table(first: str, years: list[int]) -> Table:
    """A table with a label column and one right-aligned column per year."""
    table = Table()
    table.add_column(first)
    for year in years:
        table.add_column(str(year), justify="right")
    return table


def _cell(row: Any, kind: str, n: int) -> str:
    text = _fmt(row["median"], kind)
    if n > 1:
        text += f"\n[dim]{_fmt(row['p10'], kind)} to {_fmt(row['p90'], kind)}[/]"
    return text


def _fmt(value: float, kind: str) -> str:
    if math.isnan(value):  # nothing to show (e.g. no assessments that year)
        return "-"
    if kind == "percent":
        return f"{value:.0%}"
    if kind == "points":
        return f"{value * 100:+.1f}"
    if kind == "signed":
        return f"{value:+,.1f}"
    return f"{value:,.1f}"


def _kr(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:,.0f}"


# ---- teamsim scenarios, teamsim params --------------------------------------------------
def _cmd_scenarios(args: argparse.Namespace, argv: list[str]) -> int:
    out, _ = _consoles()
    table = Table()
    for column in ("Name", "Title", "Titel (dansk)", "Baseline"):
        table.add_column(column)
    for name in preset_names():
        spec = load_scenario(name)
        table.add_row(name, escape(spec.title), escape(spec.title_da), spec.baseline or "")
    _show(out, "Preset scenarios (run one: teamsim run NAME)", table)
    return 0


def _cmd_params(args: argparse.Namespace, argv: list[str]) -> int:
    out, _ = _consoles()
    for mechanism in MECHANISMS:
        if args.mechanism and mechanism != args.mechanism:
            continue
        params = [p for p in PARAMETERS if p.mechanism == mechanism]
        table = Table(show_lines=True)
        for column in ("Parameter", "Default", "Unit", "Allowed", "Source"):
            table.add_column(column, overflow="fold")
        for p in params:
            allowed = p.allowed()
            if p.unit and allowed.endswith(" " + p.unit):
                allowed = allowed[: -len(p.unit) - 1]
            table.add_row(f"[bold]{p.name}[/]\n[dim]{escape(p.doc)}[/]", _default(p.default),
                          escape(p.unit), escape(allowed), escape(p.source))
        _show(out, f"{mechanism} ({len(params)} parameters)", table)
    return 0


def _default(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 10_000 and value.is_integer() else f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}" if value >= 10_000 else str(value)
    return str(value)


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("teamsim")
    except metadata.PackageNotFoundError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
