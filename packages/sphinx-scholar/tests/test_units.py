"""A line never breaks inside a unit: a date, a venue and its year, a title and its name, the owner's name."""

from __future__ import annotations

from test_validation import ROOT, site_with_bib

NBSP = "\u00a0"


def test_dates_venues_titles_and_names_stay_on_one_line(make_app, tmp_path):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / "page.md").write_text(
        "---\norphan: true\n---\n\n# Page\n\nSince May 2024 (Dec. 2023 – June 2024), with Prof. Charles Babbage "
        "and Ada Lovelace at SC '23 and MLSys 2024.\n\n`May 2024 in code`\n", encoding="utf-8")
    app = make_app("html", srcdir=source, warningiserror=True)
    app.build()
    html = (app.outdir / "page.html").read_text(encoding="utf-8")
    for unit in ("May 2024", "Dec. 2023", "June 2024", "Prof. Charles Babbage", "Ada Lovelace", "SC '23",
                 "MLSys 2024"):
        assert unit.replace(" ", NBSP) in html, unit
    assert "Since" + NBSP not in html and "with" + NBSP not in html, "only the unit is kept together"
    assert '<span class="pre">May</span> <span class="pre">2024</span>' in html, "code is shown as written"
