"""``teamsim validate``, ``teamsim calibrate`` and ``teamsim scenario new``.

Registered in :data:`teamsim.cli.EXTENSIONS`; heavy imports (Mesa, pandas, optuna,
matplotlib) happen inside the handlers so ``teamsim --help`` stays fast.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from teamsim.cli import _consoles, _Parser, _show, _whole_number

MAX_SEEDS = 1000
MAX_WORKERS = 512


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``validate``, ``calibrate`` and ``scenario`` to the top parser's subcommands."""
    _register_validate(sub)
    _register_calibrate(sub)
    _register_scenario(sub)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=_whole_number(1, MAX_WORKERS), default=1, metavar="N",
                        help="worker processes for the replications (default 1); the results "
                             "are the same for any number")
    parser.add_argument("--targets", type=Path, metavar="FILE",
                        help="targets file (default the shipped teamsim/calibration/targets.toml)")


# ---- teamsim validate -------------------------------------------------------------------
def _register_validate(sub) -> None:
    p = sub.add_parser(
        "validate", allow_abbrev=False, help="judge the model against every target",
        description="Run each target's scenario over replications and print every target "
                    "with its band, the simulated median and 10-90% band, a verdict and the "
                    "share of re-draws of the replications on which it would pass; write "
                    "validation.csv, validation-yearly.csv, validation.md (the table in "
                    "markdown) and validation.png to --out. "
                    "Exit status 1 if a target fails. With --compliance: the on-time shares "
                    "of follow-ups, screenings and assessments against caseload, beside the "
                    "Danish figures (compliance.png and compliance.csv).")
    p.add_argument("--seeds", type=_whole_number(1, MAX_SEEDS), default=None, metavar="N",
                   help="replications per scenario (default 8; 3 with --compliance)")
    p.add_argument("--years", type=_whole_number(1, 50), default=None, metavar="N",
                   help="simulated years (default 10; 4 with --compliance)")
    p.add_argument("--seed", type=_whole_number(0, 2**63 - 1), default=0, metavar="S",
                   help="root seed of the replications (default 0)")
    p.add_argument("--scenario", action="append", default=[], metavar="NAME",
                   help="only the targets of this scenario (repeat for more)")
    p.add_argument("--use", choices=("all", "calibrate", "validate"), default="all",
                   help="only the fitted (calibrate) or held-out (validate) targets")
    p.add_argument("--out", type=Path, default=Path("results/validation"), metavar="DIR",
                   help="folder for the CSV and PNG files (default results/validation)")
    p.add_argument("--compliance", action="store_true",
                   help="draw the compliance curve instead of judging the targets")
    _common(p)
    p.set_defaults(handler=_cmd_validate, parser=p)


def _cmd_validate(args: argparse.Namespace, argv: list[str]) -> int:
    if args.compliance:
        return _cmd_compliance(args)
    from teamsim.calibration import validate as v
    from teamsim.calibration.targets import load_targets

    targets = v.select(load_targets(args.targets), args.scenario, args.use)
    seeds, years = args.seeds or v.DEFAULT_SEEDS, args.years or v.DEFAULT_YEARS
    jobs = v.plan(targets, seeds, years, args.seed)
    total = sum(len(group) for group in jobs.values())
    out, err = _consoles()
    started = time.monotonic()
    with _bar(err, total, "runs") as advance:
        runs = v.run(targets, seeds, years, args.workers, args.seed, advance)
    verdicts = v.judge_all(targets, runs)
    print(f"teamsim: {total} runs in {time.monotonic() - started:.0f} s", file=sys.stderr)
    _show(out, f"Targets ({targets.source}), median and 10-90% band over replications",
          _verdict_table(verdicts))
    out.print(f"Re-draws passing: the share of {v.REDRAWS:,} re-draws of the replications "
              "(with replacement) on which the verdict would pass. Near 0% or 100% these "
              "seeds decide it; in between, as many other seeds could give the other "
              "verdict, and more replications (--seeds) would decide it.")
    held_out = v.held_out_loss(targets, runs, years)
    if held_out is not None:
        out.print(held_out_text(held_out))
    paths = v.write(args.out, verdicts)
    out.print("Written: " + ", ".join(escape(str(p)) for p in paths))
    failed = [x for x in verdicts if x.passed is False]
    if failed:
        print(f"teamsim: {len(failed)} of {len(verdicts)} targets fail: "
              + ", ".join(x.target.name for x in failed), file=sys.stderr)
        return 1
    return 0


def held_out_text(h) -> str:
    """One line: the shipped calibration's loss on these seeds and on its own."""
    return (f"Calibration loss of the shipped parameters ({h.targets} fitted targets, "
            f"bands shrunk by {h.margin:.0%} of their width at each end; 0 = all inside) on "
            f"these {h.replications} replications: {h.loss:.2f}; on the calibration's own "
            f"{h.shipped_seeds}: {h.shipped:.2f}.")


def _verdict_table(verdicts) -> Table:
    from teamsim.calibration.targets import scenario_label

    table = Table()
    for column in ("Target", "Scenario", "Use", "Judged", "Band (value)", "Simulated median",
                   "10-90%", "Verdict", "Re-draws passing"):
        table.add_column(column, overflow="fold")
    last = None
    for x in verdicts:
        t = x.target
        style = {"pass": "green", "fail": "red", "not judged": "dim"}[x.verdict]
        verdict = f"[{style}]{x.verdict}[/]" + (f"\n[dim]{escape(x.reason)}[/]" if x.reason else "")
        label = scenario_label(t.key)
        table.add_row(t.name, label if label != last else "", t.use, t.years_text(),
                      f"{_num(t.low)}-{_num(t.high)} ({_num(t.value)})", _num(x.median),
                      f"{_num(x.p10)}-{_num(x.p90)}", verdict, _share(x.redraw_pass),
                      end_section=False)
        last = label
    return table


def _num(x: float) -> str:
    if math.isnan(x):
        return "-"
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def _cmd_compliance(args: argparse.Namespace) -> int:
    from teamsim.calibration import compliance

    seeds, years = args.seeds or compliance.DEFAULT_SEEDS, args.years or compliance.DEFAULT_YEARS
    out, err = _consoles()
    total = len(compliance.CASEWORKERS) * seeds
    with _bar(err, total, "runs") as advance:
        curve = compliance.curve(seeds=seeds, years=years, workers=args.workers,
                                 root_seed=args.seed, progress=advance)
    paths = compliance.write(curve, args.out)
    table = Table()
    for column in ("Caseworkers", "Caseload", *compliance.INDICATORS.values()):
        table.add_column(column, justify="right")
    medians = compliance.medians(curve)
    for cw, row in medians.iterrows():
        table.add_row(str(cw), f"{row['caseload_mean']:.1f}",
                      *(_share(row.get(i)) for i in compliance.INDICATORS))
    _show(out, f"Compliance against caseload (herning-2012 worlds, median of {seeds} "
               f"seeds, years 1-{years})", table)
    for note in compliance.missing(curve):
        print(f"teamsim: note: {note}", file=sys.stderr)
    out.print("Written: " + ", ".join(escape(str(p)) for p in paths))
    return 0


def _share(x) -> str:
    return "-" if x is None or math.isnan(x) else f"{x:.0%}"


# ---- teamsim calibrate ------------------------------------------------------------------
def _register_calibrate(sub) -> None:
    p = sub.add_parser(
        "calibrate", allow_abbrev=False, help="fit the calibrated parameters to the targets",
        description="Fit the parameters of the calibration setup to its targets with optuna "
                    "(seeded TPE or CMA-ES, as the setup says), one trial at a time, each "
                    "trial's replications in --workers processes. The study is kept in "
                    "--out/study.db: run the same command again to continue it. Writes --out/calibrated.toml after every trial; "
                    "--write-defaults also writes teamsim/calibration/calibrated.toml, the "
                    "defaults of the calibrated parameters.")
    p.add_argument("--trials", type=_whole_number(1, 100_000), default=None, metavar="N",
                   help="completed trials to reach (default the setup's trials)")
    p.add_argument("--setup", type=Path, metavar="FILE",
                   help="calibration setup (default teamsim/calibration/setup.toml)")
    p.add_argument("--out", type=Path, default=Path("results/calibration"), metavar="DIR",
                   help="folder of the study and its calibrated.toml (default "
                        "results/calibration); an existing study there is continued")
    p.add_argument("--write-defaults", action="store_true",
                   help="also write the result to teamsim/calibration/calibrated.toml")
    p.add_argument("--recheck", type=_whole_number(0, 1000), default=0, metavar="K",
                   help="after the trials, run the K of lowest loss again on fresh seeds "
                        "and take as best the one of lowest mean loss over both (default 0: "
                        "the lowest loss)")
    _common(p)
    p.set_defaults(handler=_cmd_calibrate, parser=p)


def _cmd_calibrate(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.calibration import calibrate as c
    from teamsim.calibration.tomlio import write_atomic

    setup = c.load_setup(args.setup, args.targets)
    trials = args.trials or setup.trials
    out, err = _consoles()
    print(f"teamsim: calibrating {len(setup.params)} parameters on {len(setup.targets)} "
          f"targets, {setup.seeds} seeds x {setup.years} years a scenario, up to {trials} "
          f"trials; study in {args.out}", file=sys.stderr)
    command = ["teamsim", *argv]
    with _bar(err, trials, "trials") as advance:
        state = {"done": None}

        def progress(done: int, best: float) -> None:
            step = 1 if state["done"] is not None else done
            state["done"] = done
            advance(step, f"best loss {best:.4g}")

        try:
            result = c.calibrate(setup, args.out, trials, args.workers, progress, command,
                                 recheck=args.recheck)
        except KeyboardInterrupt:
            print(f"teamsim: interrupted; the finished trials are kept in {args.out}: run the "
                  "same command to continue", file=sys.stderr)
            return 130
    k, loss, best = result.best
    table = Table()
    for column in ("Parameter", "Best", "Ensemble range"):
        table.add_column(column)
    members = result.ensemble()
    for r in setup.params:
        values = [m[2][r.name] for m in members]
        table.add_row(r.name, f"{best[r.name]:.4g}", f"{min(values):.4g} to {max(values):.4g}")
    if result.rechecked:
        checks = Table()
        for column in ("Trial", "Loss", "On fresh seeds", "Mean"):
            checks.add_column(column, justify="right")
        for t in result.rechecks_ranked():
            checks.add_row(str(t), f"{result.history[t][0]:.4g}", f"{result.rechecked[t]:.4g}",
                           f"{result.pooled(t):.4g}")
        _show(out, f"The {len(result.rechecked)} trials of lowest loss, rechecked on "
                   f"{setup.seeds} fresh seeds (root {c.recheck_root(setup)})", checks)
    how = (f"lowest mean loss with the recheck ({result.pooled(k):.4g})" if result.rechecked
           else "lowest loss")
    _show(out, f"Best of {len(result.history)} trials ({how}): trial {k}, loss {loss:.4g}; "
               f"ensemble of {len(members)} within {setup.tolerance:g}", table)
    print(f"teamsim: wall time {result.wall_time:.0f} s", file=sys.stderr)
    written = [args.out / "calibrated.toml"]
    if args.write_defaults:
        written.append(write_atomic(c.shipped_path(), c.to_toml(result, command)))
    out.print("Written: " + ", ".join(escape(str(p)) for p in written))
    return 0


# ---- teamsim scenario new ---------------------------------------------------------------
def _register_scenario(sub) -> None:
    from teamsim.municipality import FIGURES

    top = sub.add_parser("scenario", allow_abbrev=False, help="write a scenario file",
                         description="Write scenario files.")
    commands = top.add_subparsers(dest="scenario_command", metavar="COMMAND", title="commands",
                                  parser_class=_Parser, required=True)
    p = commands.add_parser(
        "new", allow_abbrev=False, help="a baseline scenario from a municipality's own figures",
        description="Write a scenario whose steady state matches a municipality's key figures: "
                    "the need level and the institution threshold are tuned by short burn-in "
                    "runs so that the children placed and the family share match. Figures not "
                    "given keep the defaults shown.")
    for f in FIGURES:
        p.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, metavar="N",
                       help=f"{f.doc} ({f.unit}; {f.low:g} to {f.high:g}, default {f.default:g})")
    p.add_argument("--name", default="my-municipality", help="the scenario's name")
    p.add_argument("--title", default="", help="its title (English)")
    p.add_argument("--title-da", default="", help="its title (Danish)")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="write the scenario here (default: print it)")
    p.add_argument("--force", action="store_true", help="replace an existing --out file")
    p.set_defaults(handler=_cmd_scenario_new, parser=p)


def _cmd_scenario_new(args: argparse.Namespace, argv: list[str]) -> int:
    from teamsim.calibration.tomlio import write_atomic
    from teamsim.municipality import FIGURES, scenario_from_figures, scenario_to_toml

    if args.out is not None and args.out.exists() and not args.force:
        args.parser.error(f"{args.out} exists: choose another --out, or replace it (--force)")
    figures = {f.name: getattr(args, f.name) for f in FIGURES if getattr(args, f.name) is not None}
    scenario = scenario_from_figures(figures, args.name, args.title, args.title_da)
    text = scenario_to_toml(scenario)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_atomic(args.out, text)
    print(f"teamsim: scenario written to {args.out}; run it with: teamsim run {args.out}",
          file=sys.stderr)
    return 0


# ---- progress ---------------------------------------------------------------------------
class _bar:
    """A rich progress bar on a terminal (nothing elsewhere); yields advance(n, text)."""

    def __init__(self, console, total: int, unit: str) -> None:
        self.console, self.total, self.unit = console, total, unit
        self._progress = None

    def __enter__(self):
        if not self.console.is_terminal:
            return lambda n=1, text="": None
        from rich import progress

        self._progress = progress.Progress(
            progress.BarColumn(), progress.MofNCompleteColumn(), progress.TextColumn(self.unit),
            progress.TimeElapsedColumn(), progress.TimeRemainingColumn(),
            progress.TextColumn("{task.description}"), console=self.console, transient=True)
        self._progress.__enter__()
        task = self._progress.add_task("", total=self.total)

        def advance(n: int = 1, text: str = "") -> None:
            self._progress.update(task, advance=n, description=text)

        return advance

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
