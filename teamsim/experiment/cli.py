"""``teamsim experiment``: run, check and report batch experiments.

    teamsim experiment check experiments/staffing-sweep.toml
    teamsim experiment run experiments/staffing-sweep.toml --workers 4 --out results/staffing
    teamsim experiment run experiments/sobol-sensitivity.toml --scheduler tcp://10.0.0.5:8786
    teamsim experiment report results/staffing
    teamsim experiment outputs

Registered in :data:`teamsim.cli.EXTENSIONS`. Heavy imports (pandas, SALib,
Dask, matplotlib) happen inside the handlers.
"""

from __future__ import annotations

import argparse
import math
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

from teamsim.cli import _consoles, _Parser, _show, _whole_number
from teamsim.experiment.size import LARGE_GB, LARGE_RUNS

MAX_POINTS_SHOWN = 30


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``teamsim experiment`` and its commands to the top parser's subcommands."""
    top = sub.add_parser(
        "experiment", allow_abbrev=False, help="run, check and report batch experiments",
        description="Batch experiments: parameter sweeps and sensitivity designs (grid, Latin "
                    "hypercube, Sobol, Morris) with replications, run in parallel on this "
                    "machine or on a Dask cluster, resumable, with reports.")
    commands = top.add_subparsers(dest="experiment_command", metavar="COMMAND",
                                  title="commands", parser_class=_Parser, required=True)

    run = commands.add_parser(
        "run", allow_abbrev=False, help="run an experiment file (resumes an interrupted one)",
        description="Run every run of an experiment file, saving each as it finishes to the "
                    "results folder. Run the same command again after an interruption: "
                    "finished runs are skipped.")
    run.add_argument("file", metavar="FILE", type=Path, help="the experiment file (.toml)")
    run.add_argument("--workers", type=_whole_number(1, 512), metavar="N",
                     help="local worker processes (default 1: in this process)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on the Dask cluster of this scheduler, e.g. tcp://host:8786")
    run.add_argument("--out", type=Path, metavar="DIR",
                     help="results folder (default results/<experiment name>)")
    run.add_argument("--retry-failed", action="store_true",
                     help="also run again the runs that failed before")
    run.add_argument("--yes-large", action="store_true",
                     help=f"run it even if it is large (more than {LARGE_RUNS:,} runs or "
                          f"{LARGE_GB} GB on disk)")
    run.set_defaults(handler=_cmd_run, parser=run)

    check = commands.add_parser(
        "check", allow_abbrev=False, help="check an experiment file and show its size",
        description="Check an experiment file without running it: the scenario, baseline, "
                    "design, parameters and outputs, and how many runs it needs.")
    check.add_argument("file", metavar="FILE", type=Path, help="the experiment file (.toml)")
    check.add_argument("--yes-large", action="store_true",
                       help="check every design point of a large experiment too (slow)")
    check.set_defaults(handler=_cmd_check, parser=check)

    report = commands.add_parser(
        "report", allow_abbrev=False, help="summarise an experiment's results",
        description="Print and write the summary of a results folder: per design point the "
                    "mean and confidence interval of each indicator (and the paired "
                    "difference from the baseline), Sobol or Morris indices for sensitivity "
                    "designs, and PNG plots.")
    report.add_argument("folder", metavar="DIR", type=Path, help="the results folder")
    report.add_argument("--out", type=Path, metavar="DIR",
                        help="where to write the report (default DIR/report)")
    report.add_argument("--confidence", type=_confidence, default=0.95, metavar="LEVEL",
                        help="level of the confidence intervals (default 0.95)")
    report.set_defaults(handler=_cmd_report, parser=report)

    outputs = commands.add_parser(
        "outputs", allow_abbrev=False, help="list the indicators and time-series columns",
        description="List what an experiment file can name in [outputs].")
    outputs.set_defaults(handler=_cmd_outputs, parser=outputs)


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed: expected a number between 0 and 1, e.g. 0.95")
    return value


# ---- run --------------------------------------------------------------------------------
def _cmd_run(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.errors import ExperimentError
    from teamsim.experiment.runner import _Interrupted, run_experiment
    from teamsim.experiment.size import disk, duration, large_error, measure
    from teamsim.experiment.spec import load_experiment
    from teamsim.experiment.store import check_folder

    if args.scheduler is not None and args.workers is not None:
        args.parser.error("--workers and --scheduler do not go together: the cluster decides "
                          "its workers")
    exp = load_experiment(args.file)
    out_dir = check_folder(args.out if args.out is not None else Path("results") / exp.name)
    workers = args.workers or 1
    size = measure(exp)
    if size.large and not args.yes_large:
        raise ExperimentError(large_error(exp, size, "--yes-large"))
    _, err = _consoles()
    for note in exp.notes:
        print(f"teamsim: note: {note}", file=sys.stderr)
    where = (f"on the Dask cluster at {args.scheduler}" if args.scheduler else
             "in this process" if workers == 1 else f"on {workers} local worker processes")
    state: dict[str, Any] = {}

    def on_start(todo: int, total: int) -> None:
        state.update(todo=todo, total=total, started=time.monotonic())
        done = total - todo
        seconds = size.seconds(1 if args.scheduler else workers)
        print(f"teamsim: {exp.name}: {_plan(exp)}; "
              + (f"{done} done before, " if done else "")
              + (f"{todo} to run {where}" if todo else "nothing left to run")
              + (f" (estimated {duration(seconds * todo / total)})" if todo else "")
              + f"; about {disk(size.bytes)} on disk when done", file=sys.stderr)
        if workers == 1 and not args.scheduler and todo > 20 and (os.cpu_count() or 1) > 1:
            print(f"teamsim: note: --workers N runs N at a time (this machine has "
                  f"{os.cpu_count()} cores)", file=sys.stderr)
        state["bar"] = _progress(err, done, total)
        state["advance"] = state["bar"].__enter__()

    failed_now = []

    def note(text: str) -> None:
        print(f"teamsim: note: {text}", file=sys.stderr)

    def progress(outcome) -> None:
        if not outcome.ok:
            failed_now.append(outcome.row)
        state["advance"](outcome.ok)

    try:
        summary = run_experiment(exp, out_dir, workers=workers, scheduler=args.scheduler,
                                 retry_failed=args.retry_failed, progress=progress,
                                 on_start=on_start, on_note=note, allow_large=True,
                                 command=["teamsim", *argv])
    except _Interrupted as stop:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
        s = stop.summary
        print(f"teamsim: interrupted: {len(s.runs)} of {s.total} runs are saved in {s.path}; "
              "run the same command again to resume", file=sys.stderr)
        return 130
    except KeyboardInterrupt:  # while opening or consolidating the folder
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
        print(f"teamsim: interrupted; the runs that finished are saved in {out_dir}; run "
              "the same command again to resume", file=sys.stderr)
        return 130
    except BaseException:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
        raise
    if "bar" in state:
        state["bar"].__exit__(None, None, None)
    print(f"teamsim: {summary.ran} run{'s' if summary.ran != 1 else ''} in "
          f"{summary.seconds:.1f} s; {len(summary.runs)} of {summary.total} done, "
          f"{summary.failed} failed", file=sys.stderr)
    out, _ = _consoles()
    out.print(f"Results in [bold]{escape(str(summary.path))}[/]: runs.parquet, series.parquet, "
              "design.parquet, manifest.json")
    out.print(f"Next: teamsim experiment report {escape(str(summary.path))}")
    if summary.failed:
        first = summary.runs[summary.runs["status"] == "failed"].iloc[0]
        print(f"teamsim: {summary.failed} run{'s' if summary.failed > 1 else ''} failed (see "
              f"the error column of runs.parquet; rerun with --retry-failed), e.g. "
              f"{first['run_id']}: {first['error']}", file=sys.stderr)
        return 1
    return 0


def _plan(exp) -> str:
    points = exp.points
    base = (f" + {exp.replications} baseline run{'s' if exp.replications != 1 else ''}"
            if exp.baseline is not None else "")
    return (f"{points} design point{'s' if points != 1 else ''} x {exp.replications} "
            f"replication{'s' if exp.replications != 1 else ''}{base} = {exp.runs:,} runs of "
            f"{exp.years} year{'s' if exp.years != 1 else ''}")


@contextmanager
def _progress(err: Console, done: int, total: int) -> Iterator[Callable[[bool], None]]:
    """A progress bar with an ETA on a terminal; elsewhere a line now and then."""
    if err.is_terminal:
        from rich import progress

        columns = (progress.TextColumn("running"), progress.BarColumn(),
                   progress.MofNCompleteColumn(), progress.TextColumn("runs"),
                   progress.TextColumn("{task.fields[failed]}"),
                   progress.TimeElapsedColumn(), progress.TextColumn("ETA"),
                   progress.TimeRemainingColumn())
        with progress.Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("running", total=total, completed=done, failed="")
            failed = 0

            def advance(ok: bool) -> None:
                nonlocal failed
                failed += not ok
                bar.update(task, advance=1, failed=f"{failed} failed" if failed else "")

            yield advance
        return
    from teamsim.experiment.size import duration

    started = time.monotonic()
    state = {"done": 0, "failed": 0, "next": started + 10.0}

    def advance(ok: bool) -> None:
        state["done"] += 1
        state["failed"] += not ok
        now = time.monotonic()
        if now >= state["next"] or done + state["done"] == total:
            state["next"] = now + 30.0
            rate = state["done"] / max(now - started, 1e-9)
            left = (total - done - state["done"]) / rate if rate > 0 else math.nan
            print(f"teamsim: {done + state['done']:,} of {total:,} runs done "
                  f"({(done + state['done']) / total:.0%}), {state['failed']} failed, "
                  f"{now - started:.0f} s, about {duration(left)} left", file=sys.stderr,
                  flush=True)

    yield advance


# ---- check ------------------------------------------------------------------------------
def _cmd_check(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.experiment.size import duration, measure
    from teamsim.experiment.spec import load_experiment

    exp = load_experiment(args.file)
    size = measure(exp)
    if size.large and args.yes_large:
        exp.point_params  # noqa: B018 - builds and checks every design point
    out, _ = _consoles()
    out.print(f"[bold]{escape(exp.name)}[/]: {escape(exp.title)}")
    base = exp.baseline.name if exp.baseline is not None else "none"
    out.print(f"scenario {exp.scenario.name}, baseline {base}; {exp.years} "
              f"year{'s' if exp.years != 1 else ''}, root seed {exp.seed}")
    if exp.fixed:
        out.print("fixed: " + ", ".join(f"{k}={v}" for k, v in exp.fixed.items()))
    out.print(f"design: {exp.method}" + (f", samples {exp.samples}" if exp.samples else "")
              + (", second order" if exp.second_order else "")
              + (f", {exp.levels} levels" if exp.method == "morris" else ""))
    if exp.uncertainty == "parameters":
        out.print(f"uncertainty: parameters: replication i also takes calibrated set i mod "
                  f"{len(exp.members)} of the shipped ensemble (scenario and baseline alike)")
    table = Table()
    for column in ("Parameter", "Varied over", "Baseline value"):
        table.add_column(column)
    for f in exp.factors:
        over = (", ".join(_value(v) for v in f.values) if f.kind == "values"
                else f"{_value(f.low)} to {_value(f.high)}"
                + (" (whole numbers)" if f.kind == "int" else ""))
        table.add_row(f.name, escape(over),
                      _value(exp.baseline.params[f.name]) if exp.baseline else "")
    if exp.factors:
        _show(out, "Varied parameters", table)
    out.print()
    out.print(f"{_plan(exp)}")
    cores = os.cpu_count() or 1
    out.print(f"estimated: {size.describe()}"
              + (f" ({duration(size.seconds(cores))} with --workers {cores})" if cores > 1
                 else "")
              + "; the time is from one short run of the scenario on this machine")
    if size.large:
        out.print(f"[yellow]note:[/] large (more than {LARGE_RUNS:,} runs or {LARGE_GB} GB): "
                  "'teamsim experiment run' needs --yes-large"
                  + ("; every design point checked" if args.yes_large else
                     "; its design points are checked one by one only with --yes-large"))
    out.print("indicators: " + ", ".join(exp.indicators))
    out.print(f"time series: {exp.series}"
              + (f" ({', '.join(exp.series_columns)})" if exp.series != "none" else ""))
    for note in exp.notes:
        out.print(f"[yellow]note:[/] {escape(note)}")
    return 0


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


# ---- report -----------------------------------------------------------------------------
def _cmd_report(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.experiment.report import check_report_folder, header_lines, write_report
    from teamsim.experiment.results import load_results

    results = load_results(args.folder)
    check_report_folder(args.out if args.out is not None else results.path / "report")
    for note in results.notes:
        print(f"teamsim: note: {note}", file=sys.stderr)
    report = write_report(results, args.out, args.confidence)
    out, _ = _consoles()
    out.print(f"[bold]{escape(results.manifest['experiment']['title'])}[/]")
    for line in header_lines(results):
        out.print(escape(line))
    _print_summary(out, results, report.summary, args.confidence)
    _print_sensitivity(out, results, report.sensitivity, args.confidence)
    for note in report.notes:
        out.print(f"[yellow]note:[/] {escape(note)}")
    out.print()
    out.print(f"Report written to [bold]{escape(str(report.folder))}[/]: "
              + ", ".join(report.files[:4])
              + (f" and {len(report.files) - 4} more PNG files" if len(report.files) > 4 else ""))
    return 0


def _print_summary(out: Console, results, summary, confidence: float) -> None:
    from teamsim.experiment.outputs import INDICATORS
    from teamsim.experiment.report import fmt, point_label

    level = f"{confidence:.0%}"
    points = summary.loc[summary["role"] == "scenario", "point"].nunique()
    if points > MAX_POINTS_SHOWN or results.design.method != "grid":
        out.print(f"\n{points} design points ({results.design.method}): each point's means and "
                  "intervals are in summary.csv, the responses in the response_*.png plots")
        return
    has_diff = "diff_mean" in summary
    if points == 1:
        table = Table()
        for column in ("Indicator", "Scenario", f"{level} CI") + (
                ("Baseline", f"{level} CI", "Difference", f"{level} CI", "10-90% of pairs")
                if has_diff else ("10-90% of runs",)):
            table.add_column(column, justify="left" if column == "Indicator" else "right")
        for name in results.indicators:
            rows = summary[summary["indicator"] == name].set_index("role")
            s = rows.loc["scenario"]
            cells = [name, fmt(s["mean"], name), _ci(s["ci_low"], s["ci_high"], name)]
            if not has_diff:
                cells.append(_ci(s["p10"], s["p90"], name))
            elif INDICATORS[name].is_net or "baseline" not in rows.index:
                cells += ["", "", "", "", ""]
            else:
                b = rows.loc["baseline"]
                cells += [fmt(b["mean"], name), _ci(b["ci_low"], b["ci_high"], name),
                          _signed(s["diff_mean"], name),
                          _ci(s["diff_ci_low"], s["diff_ci_high"], name, signed=True),
                          _ci(s["diff_p10"], s["diff_p90"], name, signed=True)]
            table.add_row(*cells)
        _show(out, f"Means over replications with {level} confidence intervals of the mean "
                   "and the 10-90% spread of the runs (of the paired differences: the range of "
                   "what one world may show)", table)
        return
    factors = results.factors
    for name in results.indicators:
        rows = summary[summary["indicator"] == name]
        table = Table()
        table.add_column("Design point")
        for column in ("n", "Mean", f"{level} CI", "10-90% of runs"):
            table.add_column(column, justify="right")
        diff = has_diff and not INDICATORS[name].is_net
        if diff:
            table.add_column("vs baseline", justify="right")
            table.add_column(f"{level} CI", justify="right")
            table.add_column("10-90% of pairs", justify="right")
        for _, row in rows.iterrows():
            cells = [escape(point_label(row, factors)), str(int(row["n"])),
                     fmt(row["mean"], name), _ci(row["ci_low"], row["ci_high"], name),
                     _ci(row["p10"], row["p90"], name)]
            if diff:
                is_base = row["role"] == "baseline"
                cells += ["" if is_base else _signed(row["diff_mean"], name),
                          "" if is_base else _ci(row["diff_ci_low"], row["diff_ci_high"],
                                                 name, signed=True),
                          "" if is_base else _ci(row["diff_p10"], row["diff_p90"], name,
                                                 signed=True)]
            table.add_row(*cells, style="dim" if row["role"] == "baseline" else None)
        _show(out, f"{name} ({INDICATORS[name].unit}): {INDICATORS[name].doc}", table)


def _print_sensitivity(out: Console, results, sens, confidence: float) -> None:
    table = sens["indices"]
    if table.empty:
        return
    level = f"{confidence:.0%}"
    sobol = results.design.method == "sobol"
    for name, group in table.groupby("indicator", sort=False):
        t = Table()
        t.add_column("Parameter")
        if sobol:
            for column in ("S1", f"{level} CI", "ST", f"{level} CI"):
                t.add_column(column, justify="right")
            group = group.sort_values("ST", ascending=False)
            for _, r in group.iterrows():
                t.add_row(r["parameter"], f"{r['S1']:.3f}",
                          f"{r['S1_low']:.3f} to {r['S1_high']:.3f}", f"{r['ST']:.3f}",
                          f"{r['ST_low']:.3f} to {r['ST_high']:.3f}")
            title = f"Sobol indices of {name} (first order S1, total ST)"
        else:
            for column in ("mu*", f"{level} CI", "mu", "sigma"):
                t.add_column(column, justify="right")
            group = group.sort_values("mu_star", ascending=False)
            for _, r in group.iterrows():
                t.add_row(r["parameter"], f"{r['mu_star']:.4g}",
                          f"± {r['mu_star_conf']:.3g}", f"{r['mu']:.4g}", f"{r['sigma']:.4g}")
            title = f"Morris screening of {name} (mu*: mean absolute elementary effect)"
        _show(out, title, t)


def _ci(low: float, high: float, name: str, signed: bool = False) -> str:
    from teamsim.experiment.report import span

    return span(low, high, name, signed_=signed)


def _signed(value: float, name: str) -> str:
    from teamsim.experiment.report import signed

    return signed(value, name)


# ---- outputs ----------------------------------------------------------------------------
def _cmd_outputs(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.experiment.outputs import (
        DEFAULT_INDICATORS,
        DEFAULT_NET_INDICATORS,
        DEFAULT_SERIES,
        INDICATORS,
        RESOLUTIONS,
        series_columns,
    )

    out, _ = _consoles()
    table = Table()
    for column in ("Indicator", "Unit", "Meaning", "Default"):
        table.add_column(column)
    for name, ind in INDICATORS.items():
        default = "yes" if name in DEFAULT_INDICATORS else (
            "with a baseline" if name in DEFAULT_NET_INDICATORS else "")
        table.add_row(name, escape(ind.unit), escape(ind.doc), default)
    _show(out, "Indicators ([outputs] indicators = [...])", table)
    out.print()
    out.print(f"[bold]Time series[/] ([outputs] series = {' | '.join(RESOLUTIONS)}; "
              "series_columns = [...]); default columns: " + ", ".join(DEFAULT_SERIES))
    out.print("Columns: " + ", ".join(series_columns()))
    return 0
