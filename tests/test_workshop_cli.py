"""`teamsim workshop` and the handout: printable, self-contained, in Danish or English; bad
input is one line and exit status 2, before anything runs or is written."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import pytest
from cli_helpers import teamsim

from teamsim.run import compare, replication_seeds
from teamsim.workshop import WorkshopError, handout
from teamsim.workshop.chain import load_chain
from teamsim.workshop.stories import load_story

SMALL = ["--years", "1", "--replications", "1", "--set", "children=400",
         "--baseline-set", "children=400"]



@pytest.fixture(scope="module")
def comparison():
    return compare("herning-pilot", "herning-2012", years=2, seeds=replication_seeds(0, 2),
                   baseline_overrides={"children": 800}, children=800)


# ---- the handout ------------------------------------------------------------------------------
def test_the_handout_is_one_printable_page_in_danish(comparison):
    html = handout.handout_html(comparison, load_chain("herning"), "da",
                                story=load_story("pilot"), seed=0,
                                created=datetime(2025, 1, 2, 3, 4))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="da">' in html
    # self-contained: no scripts, no external files
    assert "<script" not in html and not re.search(r'(src|href)="(https?:)?//', html)
    assert "@page { size: A4 landscape" in html
    for heading in ("Kæden fra input til effekt", "Scenarie mod udgangspunkt pr. år",
                    "Budget pr. år", "Socialstyrelsens fire fokusområder",
                    "Spørgsmål til drøftelse: Business casen"):
        assert heading in html
    assert html.count("<svg") == 1 and 'data-box="placed"' in html
    assert "Netto mod udgangspunkt" in html and " kr.</td>" in html
    assert re.search(r"\d\.\d{3}\.\d{3} kr\.", html)  # Danish thousands: 1.234.567 kr.
    assert "Rådgivere" in html and "Mindst indgribende indsats" in html  # what changed
    assert "2025-01-02 03:04" in html
    assert html == handout.handout_html(comparison, load_chain("herning"), "da",
                                        story=load_story("pilot"), seed=0,
                                        created=datetime(2025, 1, 2, 3, 4))


def test_the_handout_in_english(comparison):
    html = handout.handout_html(comparison, load_chain("herning"), "en", seed=0)
    assert '<html lang="en">' in html
    assert "The chain from inputs to impact" in html and "Net vs baseline" in html
    assert re.search(r"DKK -?\d{1,3}(,\d{3})+", html)
    assert "Kæden" not in html


def test_writing_the_handout_is_all_or_nothing(tmp_path, comparison):
    html = handout.handout_html(comparison, load_chain("herning"), "en")
    path, pdf = handout.write_handout(tmp_path / "out" / "handout.html", html)
    assert pdf is None and path.read_text(encoding="utf-8") == html
    assert [p.name for p in path.parent.iterdir()] == ["handout.html"]
    with pytest.raises(WorkshopError, match="must end in .html"):
        handout.write_handout(tmp_path / "handout.pdf", html)
    (tmp_path / "dir.html").mkdir()
    with pytest.raises(WorkshopError, match="is a directory"):
        handout.write_handout(tmp_path / "dir.html", html)


@pytest.mark.skipif(handout.find_chromium() is None, reason="no Chromium to print a PDF")
def test_the_handout_prints_to_pdf_with_chromium(tmp_path, comparison):
    html = handout.handout_html(comparison, load_chain("herning"), "da")
    _, pdf = handout.write_handout(tmp_path / "handout.html", html, pdf=True)
    assert pdf == tmp_path / "handout.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.html", "handout.pdf"]


def test_without_chromium_the_pdf_is_refused_and_the_html_kept(tmp_path, comparison,
                                                               monkeypatch):
    monkeypatch.setattr(handout, "find_chromium", lambda: None)
    html = handout.handout_html(comparison, load_chain("herning"), "da")
    with pytest.raises(WorkshopError, match="no Chromium or Chrome found.*HTML only"):
        handout.write_handout(tmp_path / "h.html", html, pdf=True)
    assert (tmp_path / "h.html").exists() and not (tmp_path / "h.pdf").exists()


# ---- the command line -------------------------------------------------------------------------
def test_workshop_handout_writes_the_html(capsys, tmp_path):
    out_file = tmp_path / "handout.html"
    status, out, err = teamsim(capsys, "workshop", "handout", "herning-pilot", *SMALL,
                               "--story", "caseload", "--lang", "en", "--out", str(out_file))
    assert status == 0, err
    assert "Handout written to" in out
    html = out_file.read_text(encoding="utf-8")
    assert "The caseload question" in html and "Theory of change" in html


def test_workshop_carry_prints_the_ranking_and_writes_the_chart(capsys, tmp_path):
    chart, table = tmp_path / "carry.svg", tmp_path / "carry.csv"
    args = ["workshop", "carry", "herning-pilot", *SMALL, "--no-effects", "--workers", "1"]
    status, out, err = teamsim(capsys, *args, "--out", str(chart))
    assert status == 0, err
    assert "Hvilken antagelse bærer resultatet?" in out and "Netværksmøder" in out
    assert chart.read_text(encoding="utf-8").startswith("<svg")
    status, out, err = teamsim(capsys, *args, "--lang", "en", "--rank-by", "net",
                               "--out", str(table))
    assert status == 0, err
    assert "Which assumption carries the result?" in out
    rows = pd.read_csv(table)
    assert {"meetings_on", "policy", "full"} <= set(rows["assumption"])
    assert rows["rank"].iloc[0] == 1


def test_workshop_stories_and_chain(capsys, tmp_path):
    status, out, _ = teamsim(capsys, "workshop", "stories", "--lang", "en")
    assert status == 0 and "The caseload question" in out and "meetings-fail" in out
    status, out, _ = teamsim(capsys, "workshop", "stories", "goal-75-25")
    assert status == 0 and "75/25-målet" in out and "Spørgsmål til rummet" in out
    assert "teamsim workshop carry herning-2012 --baseline herning-2012" in out
    svg = tmp_path / "chain.svg"
    status, out, _ = teamsim(capsys, "workshop", "chain", "--lang", "en", "--svg", str(svg))
    assert status == 0 and "26 boxes" in out and "meetings" in out
    assert svg.read_text(encoding="utf-8").startswith("<svg")


BAD_INPUT = [
    (["workshop"], "required: SUBCOMMAND"),
    (["workshop", "carry", "nope"], "unknown scenario 'nope'"),
    (["workshop", "carry", "herning-2012"], "names no baseline"),
    (["workshop", "carry", "herning-pilot", "--set", "caseworkers=0"], "'caseworkers'"),
    (["workshop", "carry", "herning-pilot", "--out", "carry.png"], "must end in .csv or .svg"),
    (["workshop", "carry", "herning-pilot", "--rank-by", "cost"], "argument --rank-by"),
    (["workshop", "carry", "herning-pilot", "--workers", "0"], "argument --workers"),
    (["workshop", "carry", "herning-pilot", "--lang", "sv"], "argument --lang"),
    (["workshop", "handout", "herning-pilot"], "required: --out"),
    (["workshop", "handout", "herning-pilot", "--out", "h.pdf"], "must end in .html"),
    (["workshop", "handout", "herning-pilot", "--out", "h.html", "--chain", "nope"],
     "unknown chain 'nope'"),
    (["workshop", "handout", "herning-pilot", "--out", "h.html", "--story", "nope"],
     "unknown story 'nope'"),
    (["workshop", "stories", "nope"], "unknown story 'nope'"),
    (["workshop", "chain", "missing.toml"], "chain file missing.toml does not exist"),
]


@pytest.mark.parametrize(("argv", "fragment"), BAD_INPUT)
def test_bad_input_is_one_line_and_exit_status_2(capsys, tmp_path, monkeypatch, argv, fragment):
    monkeypatch.chdir(tmp_path)
    status, out, err = teamsim(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("teamsim: error: ") and err.count("\n") == 1, err
    assert fragment in err
    assert list(tmp_path.iterdir()) == []  # nothing written
