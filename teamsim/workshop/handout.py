"""The workshop handout: the chain, the comparison and the budget as one printable page.

:func:`handout_html` makes one self-contained HTML document (inline SVG, inline
CSS, no scripts, no external files) in Danish or English, laid out for A4
landscape; :func:`write_handout` writes it (atomically) and, with ``pdf=True``,
prints it to PDF with headless Chromium when a Chromium or Chrome binary is
found (:func:`find_chromium`); without one it says so and keeps the HTML.
"""

from __future__ import annotations

import math
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import datetime
from html import escape
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from teamsim import files
from teamsim.core.lines import NET_ROWS, TOTAL_ROWS
from teamsim.workshop import WorkshopError, text
from teamsim.workshop.carry import CarryResult, carry_svg
from teamsim.workshop.chain import Chain, box_values, chain_svg

if TYPE_CHECKING:
    from teamsim.run import Comparison
    from teamsim.workshop.stories import Story

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                  "chrome")
PDF_TIMEOUT_S = 120

# (indicator of Comparison.table, format) for the year-by-year table
COMPARISON_ROWS = (
    ("placed", "decimal"),
    ("placements_started", "decimal"),
    ("institutions", "decimal"),
    ("family_placement_share", "percent"),
    *((name, "mkr") for name in NET_ROWS),
)
BUDGET_TOTALS = (*TOTAL_ROWS, *NET_ROWS)

CSS = """
@page { size: A4 landscape; margin: 11mm; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: #24292f; font-size: 10.5pt;
       margin: 0 auto; max-width: 1560px; padding: 12px; }
h1 { font-size: 19pt; margin: 0 0 2px; }
h2 { font-size: 13.5pt; margin: 18px 0 6px; border-bottom: 2px solid #d0d7de; }
p.lead { font-size: 11pt; margin: 4px 0 8px; }
p.small, .small { font-size: 8.5pt; color: #57606a; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; margin: 4px 0 8px; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #d0d7de; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f6f8fa; }
tr.total td { font-weight: bold; }
tr.net td { font-weight: bold; background: #fff8c5; }
td.band { color: #57606a; font-size: 8.5pt; }
.cols { display: flex; gap: 24px; flex-wrap: wrap; }
.cols > div { flex: 1 1 420px; }
ol.focus li, ol.steps li { margin-bottom: 3px; }
.question { font-weight: bold; }
section.page { break-before: page; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def handout_html(comparison: Comparison, chain: Chain, lang: str = "da",
                 carry_result: CarryResult | None = None, story: Story | None = None,
                 seed: int | None = None, created: datetime | None = None) -> str:
    """The handout as one self-contained HTML document.

    Args:
        comparison: the scenario against the baseline (:func:`teamsim.run.compare`).
        chain: the theory of change whose boxes show the comparison's values.
        lang: "da" or "en".
        carry_result: optional "which assumption carries it" analysis of the same
            scenario and baseline, shown as its chart and on the diagram's arrows.
        story: optional guided story whose steps and questions are listed.
        seed: the root seed of the replications (printed for reproducibility).
        created: the time printed in the footer (default now).
    """
    text.check_lang(lang)
    scen, base = comparison.scenario[0], comparison.baseline[0]
    values = box_values(chain, comparison)
    carried = carry_result.carried("placements") if carry_result is not None else None
    years = sorted(int(y) for y in scen.budget.columns)
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    setup = text.t("years_reps", lang, years=len(years), span=span,
                   reps=len(comparison.scenario),
                   seed="?" if seed is None else seed)
    title = scen.spec.title_da if lang == "da" else scen.spec.title
    base_title = base.spec.title_da if lang == "da" else base.spec.title
    when = (created or datetime.now()).strftime("%Y-%m-%d %H:%M")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(text.t('handout_title', lang))}: {escape(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(chain.heading(lang))}</h1>",
        f'<p class="lead">{escape(chain.about(lang))}</p>',
        f"<h2>{escape(text.t('handout_setup', lang))}</h2>",
        (f"<p><b>{escape(text.t('col_scenario', lang))}:</b> {escape(scen.scenario)} – "
        f"{escape(title)}<br><b>{escape(text.t('col_baseline', lang))}:</b> "
        f"{escape(base.scenario)} – {escape(base_title)}<br>{escape(setup)}</p>"),
        _changed_table(comparison, lang),
        *(f'<p class="small">{escape(note)}</p>' for note in comparison.notes),
        f"<h2>{escape(text.t('handout_chain', lang))}</h2>",
        f"<figure>{chain_svg(chain, values, lang, carried)}</figure>",
        _focus_list(lang),
        '<section class="page">',
        f"<h2>{escape(text.t('handout_comparison', lang))}</h2>",
        _comparison_table(comparison, years, lang),
        f"<h2>{escape(text.t('handout_budget', lang))}</h2>",
        _budget_table(comparison, years, lang),
        "</section>",
    ]
    if carry_result is not None:
        parts += ['<section class="page">',
                  f"<h2>{escape(text.t('handout_carry', lang))}</h2>",
                  f'<p class="small">{escape(text.t("carry_explain", lang))}</p>',
                  f"<figure>{carry_svg(carry_result, lang)}</figure>", "</section>"]
    if story is not None:
        parts += [_story_section(story, lang)]
    version = _version()
    parts += [(f'<p class="small">{escape(text.t("handout_made", lang, version=version, when=when))}'
              "</p>"), "</body></html>"]
    return "\n".join(parts)


def _changed_table(comparison: Comparison, lang: str) -> str:
    scen = comparison.scenario[0].spec.params
    base = comparison.baseline[0].spec.params
    rows = [(name, base[name], scen[name]) for name in scen if scen[name] != base[name]]
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{escape(text.param_label(n, lang))}</td>"
        f"<td>{escape(text.param_value(n, b, lang))}</td>"
        f"<td>{escape(text.param_value(n, s, lang))}</td></tr>" for n, b, s in rows)
    return (f"<p><b>{escape(text.t('handout_changed', lang))}</b></p><table><thead><tr>"
            f"<th>{escape(text.t('col_parameter', lang))}</th>"
            f"<th>{escape(text.t('col_baseline', lang))}</th>"
            f"<th>{escape(text.t('col_scenario', lang))}</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _fmt(value: float, kind: str, lang: str, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "percent":
        return (text.percent(value, lang, 1, signed=True) if signed
                else text.percent(value, lang, 1))
    if kind == "mkr":
        return text.mkr(value, lang, 2, signed=signed)
    return text.number(value, lang, 1, signed=signed)


def _comparison_table(comparison: Comparison, years: Sequence[int], lang: str) -> str:
    table = comparison.table.set_index(["indicator", "year"])
    head = "".join(f"<th>{y}</th>" for y in years)
    body = []
    for name, kind in COMPARISON_ROWS:
        label = escape(text.indicator_label(name, lang))
        net = name in NET_ROWS
        if net:
            cells = "".join(f"<td>{_fmt(table.loc[(name, y), 'median'], kind, lang, True)}"
                            f"<br><span class='small'>{_band(table.loc[(name, y)], kind, lang)}"
                            "</span></td>" for y in years)
            body.append(f'<tr class="net"><td>{label}</td>{cells}</tr>')
            continue
        scen = "".join(f"<td>{_fmt(table.loc[(name, y), 'scenario_median'], kind, lang)}</td>"
                       for y in years)
        base = "".join(f"<td>{_fmt(table.loc[(name, y), 'baseline_median'], kind, lang)}</td>"
                       for y in years)
        diff = "".join(f"<td>{_fmt(table.loc[(name, y), 'median'], kind, lang, True)}<br>"
                       f"<span class='small'>{_band(table.loc[(name, y)], kind, lang)}</span>"
                       "</td>" for y in years)
        body.append(f"<tr><td><b>{label}</b> – {escape(text.t('row_scenario', lang))}</td>"
                    f"{scen}</tr><tr><td>{escape(text.t('row_baseline', lang))}</td>{base}</tr>"
                    f"<tr class='total'><td>{escape(text.t('row_difference', lang))}</td>{diff}"
                    "</tr>")
    return (f"<table class='comparison'><thead><tr><th>{escape(text.t('col_indicator', lang))}"
            f"</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def _band(row, kind: str, lang: str) -> str:
    return f"{_fmt(row['p10'], kind, lang, True)} … {_fmt(row['p90'], kind, lang, True)}"


def _budget_table(comparison: Comparison, years: Sequence[int], lang: str) -> str:
    from teamsim.run import budget_bands

    bands = budget_bands(comparison.scenario).set_index(["line", "year"])
    lines = list(dict.fromkeys(bands.index.get_level_values("line")))
    head = "".join(f"<th>{y}</th>" for y in years)
    body = []
    for line in lines:
        net = line.endswith("vs baseline")
        cls = " class='net'" if net else (" class='total'" if line in BUDGET_TOTALS else "")
        cells = "".join(f"<td>{escape(text.kr(bands.loc[(line, y), 'median'], lang, signed=net))}"
                        "</td>" for y in years)
        body.append(f"<tr{cls}><td>{escape(text.indicator_label(line, lang))}</td>{cells}</tr>")
    return (f"<table class='budget'><thead><tr><th>{escape(text.t('col_line', lang))}</th>"
            f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def _focus_list(lang: str) -> str:
    items = "".join(f"<li>{escape(text.focus_label(i, lang))}</li>" for i in (1, 2, 3, 4))
    return (f"<p><b>{escape(text.t('handout_focus', lang))}</b> "
            f"<span class='small'>({escape(text.FOCUS_SOURCE)})</span></p>"
            f"<ol class='focus'>{items}</ol>")


def _story_section(story: Story, lang: str) -> str:
    steps = []
    for i, step in enumerate(story.steps, start=1):
        settings = ", ".join(f"{text.param_label(k, lang)} = {text.param_value(k, v, lang)}"
                             for k, v in step.settings.items()) or text.t("no_settings", lang)
        steps.append(f"<li><b>{escape(step.heading(lang))}</b><br>"
                     f"<span class='question'>{escape(step.ask(lang))}</span><br>"
                     f"<span class='small'>{escape(text.t('settings', lang))}: "
                     f"{escape(settings)}. {escape(step.hint(lang))}</span></li>")
    return (f'<section class="page"><h2>{escape(text.t("handout_questions", lang))}: '
            f"{escape(story.heading(lang))}</h2><p>{escape(story.about(lang))}</p>"
            f"<ol class='steps'>{''.join(steps)}</ol></section>")


def _version() -> str:
    try:
        return metadata.version("teamsim")
    except metadata.PackageNotFoundError:
        return "unknown"


# ---- writing --------------------------------------------------------------------------------
def check_output(path: str | Path) -> Path:
    """Check that the handout can be written to ``path`` (an .html file), before running:
    the name, the folders on the way, and that its folder accepts a file (see
    :func:`teamsim.files.check_output`). An existing file of that name is replaced."""
    out = Path(path).expanduser()
    if out.suffix.lower() not in (".html", ".htm"):
        raise WorkshopError(f"handout file {path}: the name must end in .html")
    return files.check_output(out, what="handout file", error=WorkshopError, is_file=True)


def write_handout(path: str | Path, html: str, pdf: bool = False) -> tuple[Path, Path | None]:
    """Write the handout's HTML to ``path`` (atomically) and, with ``pdf``, a PDF beside it.

    Returns:
        (the HTML file, the PDF file or None).

    Raises:
        WorkshopError: ``pdf`` was asked for but no Chromium is found, or printing failed
            (the HTML is written all the same).
    """
    out = check_output(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(out, html.encode("utf-8"))
    if not pdf:
        return out, None
    target = out.with_suffix(".pdf")
    html_to_pdf(out, target)
    return out, target


def _atomic_write(path: Path, data: bytes) -> None:
    partial = path.parent / f".{path.name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def find_chromium() -> str | None:
    """The path of a Chromium or Chrome binary, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def html_to_pdf(html_path: str | Path, pdf_path: str | Path,
                timeout: float = PDF_TIMEOUT_S) -> Path:
    """Print an HTML file to PDF with headless Chromium (A4 landscape from the page's CSS).

    Raises:
        WorkshopError: no Chromium found, or it failed or timed out.
    """
    binary = find_chromium()
    if binary is None:
        raise WorkshopError("no Chromium or Chrome found to make the PDF: the handout is written "
                            "as HTML only (open it in a browser and print it, or install "
                            "chromium)")
    source = Path(html_path).resolve()
    target = Path(pdf_path).expanduser().resolve()
    partial = target.parent / f".{target.name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="teamsim-chromium-") as profile:
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", f"--user-data-dir={profile}", "--no-pdf-header-footer",
                   "--print-to-pdf-no-header", f"--print-to-pdf={partial}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            partial.unlink(missing_ok=True)
            raise WorkshopError(f"Chromium did not print the PDF within {timeout:.0f} s; the "
                                "HTML handout is written") from None
        except OSError as err:
            raise WorkshopError(f"cannot start {binary} to make the PDF: {err}") from None
    if not partial.exists() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        last = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise WorkshopError(f"Chromium could not print the PDF (exit {done.returncode}: "
                            f"{last[0][:200]}); the HTML handout is written")
    os.replace(partial, target)
    return target
