"""Bad input fails clearly: one line naming file and line (or key), no traceback, nothing published."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from engine_helpers import TESTS
from sphinx_scholar.testing import sphinx_build, sphinx_scholar_command

ROOT = TESTS / "roots" / "test-lists"
GOOD_ENTRY = """@misc{good2024entry,
  title  = {A Good Entry},
  author = {Lovelace, Ada},
  year   = {2024},
  eprint = {2401.00001},
}
"""


COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def site_with_bib(tmp_path: Path, bib: str | bytes | None) -> Path:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    if bib is None:
        (source / "refs.bib").unlink()
    elif isinstance(bib, bytes):
        (source / "refs.bib").write_bytes(bib)
    else:
        (source / "refs.bib").write_text(bib, encoding="utf-8")
    return source


def problems_of_build(make_app, source: Path) -> list[str]:
    """Build in-process and strictly (-W); the build must fail, and say only what is wrong (no cascade)."""
    warnings = StringIO()
    app = make_app("html", srcdir=source, warning=warnings, warningiserror=True)
    app.build()
    assert app.statuscode != 0
    return [COLOUR.sub("", line) for line in warnings.getvalue().splitlines() if line.strip()]


def failing_build(source: Path) -> list[str]:
    result = sphinx_build(source, source.parent / "html")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "Exception occurred" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, result.stdout
    return lines


def lint(source: Path) -> subprocess.CompletedProcess:
    return sphinx_scholar_command(source, "lint")


BAD_BIBS = {
    "unclosed entry": (GOOD_ENTRY + "\n@misc{open2024entry,\n  title = {Open},\n  author = {Lovelace, Ada},\n"
                       "  year = {2024},\n  eprint = {2401.00002},\n\n"
                       + GOOD_ENTRY.replace("good", "later").replace("Good", "Later").replace("00001", "00003"),
                       r"refs\.bib:8: .*entry 'open2024entry' is not closed"),
    "syntax error": (GOOD_ENTRY + "\n@misc{broken2024,\n  title = {Broken} year = {2024},\n}\n",
                     r"refs\.bib:9: .*broken2024: syntax error: '}' expected: is a ',' missing before this field\?"),
    "duplicate key": (GOOD_ENTRY + "\n" + GOOD_ENTRY, r"refs\.bib:8: .*duplicate key 'good2024entry'.*line 1"),
    "missing title": (GOOD_ENTRY.replace("  title  = {A Good Entry},\n", ""),
                      r"refs\.bib:1: .*good2024entry: missing required field 'title'"),
    "missing author": (GOOD_ENTRY.replace("  author = {Lovelace, Ada},\n", ""),
                       r"refs\.bib:1: .*good2024entry: missing required field 'author'"),
    "missing venue": (GOOD_ENTRY.replace("  eprint = {2401.00001},\n", "").replace("@misc", "@phdthesis"),
                      r"refs\.bib:1: .*good2024entry: phd-thesis \(@phdthesis\) needs school or institution"),
    "malformed year": (GOOD_ENTRY.replace("{2024}", "{Spring 2024}"),
                       r"refs\.bib:4: .*good2024entry: year must be four digits"),
    "equal past the authors": (GOOD_ENTRY.replace("  year", "  equal  = {1,2},\n  year"),
                               r"refs\.bib:4: .*good2024entry: equal names author 2, but the entry lists 1"),
    "javascript url": (GOOD_ENTRY.replace("  year", "  url    = {javascript:alert(document.cookie)},\n  year"),
                       r"refs\.bib:4: .*good2024entry: url must be an http\(s\) address"),
    "data url as code": (GOOD_ENTRY.replace("  year", "  code   = {data:text/html,hi},\n  year"),
                         r"refs\.bib:4: .*good2024entry: code must be an http\(s\) address"),
    "a url with spaces": (GOOD_ENTRY.replace("  year", "  url    = {https://example.org/a paper},\n  year"),
                          r"refs\.bib:4: .*good2024entry: url 'https://example\.org/a paper' has a space: write it "
                          "as %20"),
    "a doi that is none": (GOOD_ENTRY.replace("  year", "  doi    = {see the paper},\n  year"),
                           r"refs\.bib:4: .*good2024entry: doi must be a DOI \(10\.<registrant>/<suffix>\), not "
                           r"'see the paper'"),
    "too many commas in a name": (GOOD_ENTRY.replace("{Lovelace, Ada}", "{Liu, Ziming, Jr, Extra, Parts}"),
                                  r"refs\.bib:3: .*good2024entry: Too many commas in 'Liu, Ziming, Jr, Extra, Parts'"),
    "duplicate field": (GOOD_ENTRY.replace("  year", "  title  = {Again},\n  year"),
                        r"refs\.bib:4: .*good2024entry: field 'title' is given twice \(first at line 2\)"),
    "an empty title": (GOOD_ENTRY.replace("{A Good Entry}", "{}"), r"refs\.bib:2: .*good2024entry: title is empty"),
    "an undefined macro": (GOOD_ENTRY.replace("{A Good Entry}", "Good"),
                           r"refs\.bib:2: .*good2024entry: field 'title' uses 'Good', which no @string defines"),
    "a crossref to nothing": (GOOD_ENTRY.replace("  year", "  crossref = {nowhere},\n  year"),
                              r"refs\.bib:4: .*good2024entry: crossref 'nowhere' names no entry"),
    "no entries at all": ("% only a comment\n", r"refs\.bib:1: .*has no entries"),
    "key with markup": (GOOD_ENTRY.replace("good2024entry", 'evil"onmouseover="alert(1)'),
                        r"refs\.bib:1: .*key 'evil\"onmouseover=\"alert\(1\)' has characters a key cannot use"),
    "a self-referring @string": ("@string{loop = loop}\n" + GOOD_ENTRY,
                                 r"refs\.bib:1: .*@string loop refers to itself"),
    "a title empty once read": (GOOD_ENTRY.replace("{A Good Entry}", "{{}}"),
                                r"refs\.bib:2: .*good2024entry: title is empty once its LaTeX is read"),
    "an unknown LaTeX command": (GOOD_ENTRY.replace("{A Good Entry}", "{A \\foo{Good} Entry}"),
                                 r"refs\.bib:2: .*good2024entry: title: unknown LaTeX command \\foo: write what it "
                                 "stands for as text"),
    "a url with no host": (GOOD_ENTRY.replace("  year", "  url    = {https:///paper},\n  year"),
                           r"refs\.bib:4: .*good2024entry: url 'https:///paper' names no host"),
}


@pytest.mark.parametrize("case", BAD_BIBS)
def test_bad_bib_fails_the_build_with_one_line(make_app, tmp_path, case):
    bib, expected = BAD_BIBS[case]
    lines = problems_of_build(make_app, site_with_bib(tmp_path, bib))
    assert len(lines) == 1 and re.match(expected, lines[0]), lines


def test_sphinx_build_prints_the_line_and_no_traceback(tmp_path):
    bib, expected = BAD_BIBS["unclosed entry"]
    lines = failing_build(site_with_bib(tmp_path, bib))
    assert re.match(expected, lines[0]), lines


@pytest.mark.parametrize(("bib", "expected"), [
    (None, r"conf\.py:1: ERROR: refs\.bib not found: scholar_bibfile names it"),
    ("@misc{x,\n  title = {Caf\xe9},\n}\n".encode("latin-1"), r"refs\.bib:2: ERROR: is not UTF-8 text"),
])
def test_missing_or_unreadable_bib_is_one_line(make_app, tmp_path, bib, expected):
    lines = problems_of_build(make_app, site_with_bib(tmp_path, bib))
    assert len(lines) == 1 and re.match(expected, lines[0]), lines


def test_bibfile_settings_that_disagree_are_one_line(make_app, tmp_path):
    source = site_with_bib(tmp_path, GOOD_ENTRY)
    warnings = StringIO()
    app = make_app("html", srcdir=source, warning=warnings, confoverrides={"bibtex_bibfiles": ["other.bib"]})
    app.build()
    assert app.statuscode != 0
    assert COLOUR.sub("", warnings.getvalue()).startswith("conf.py:1: ERROR: bibtex_bibfiles ['other.bib'] disagrees")


@pytest.mark.parametrize("case", BAD_BIBS)
def test_lint_reports_the_same_line(tmp_path, case):
    bib, expected = BAD_BIBS[case]
    result = lint(site_with_bib(tmp_path, bib))
    assert result.returncode == 1
    assert re.match(expected.replace(" .*", " "), result.stderr.splitlines()[0]), result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_cited_key_names_the_page_and_line(tmp_path):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / "engine.md").write_text("---\norphan: true\n---\n\n# Engine\n\nText.\n\n"
                                      "```{publication} lovelace2024engin\n```\n")
    lines = failing_build(source)
    assert re.match(r".*engine\.md:9: WARNING: unknown publication key 'lovelace2024engin'; did you mean "
                    r"lovelace2024engine\b", lines[0]), lines
    result = lint(source)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["engine.md:9: unknown publication key 'lovelace2024engin'; "
                                          "did you mean lovelace2024engine, lovelace2022notes?"]


FRONT_MATTER = "---\norphan: true\nsummary: A project.\ndates: 2024\npaper: {paper}\n---\n\n# Project\n"


@pytest.mark.parametrize("paper", ['"lovelace2024engin"', "lovelace2024engin  # a note", "'lovelace2024engin'"])
def test_lint_and_build_read_front_matter_alike(make_app, tmp_path, paper):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / "project.md").write_text(FRONT_MATTER.format(paper=paper), encoding="utf-8")
    built = problems_of_build(make_app, source)
    assert len(built) == 1 and re.search(r"project\.md:5: WARNING: unknown publication key 'lovelace2024engin'",
                                         built[0]), built
    result = lint(source)
    assert result.stderr.splitlines()[0].startswith("project.md:5: unknown publication key 'lovelace2024engin'")


@pytest.mark.parametrize("paper", ['"lovelace2024engine"', "lovelace2024engine  # a note"])
def test_quoted_or_commented_keys_are_fine_for_both(make_app, tmp_path, paper):
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / "project.md").write_text(FRONT_MATTER.format(paper=paper), encoding="utf-8")
    assert lint(source).returncode == 0, lint(source).stderr
    warnings = StringIO()
    app = make_app("html", srcdir=source, warning=warnings)
    app.build()
    assert app.statuscode == 0 and not warnings.getvalue()


def test_bad_bib_fails_even_without_warnings_as_errors(make_app, tmp_path):
    app = make_app("html", srcdir=site_with_bib(tmp_path, GOOD_ENTRY.replace("{2024}", "{Spring}")), warning=StringIO())
    app.build()
    assert app.statuscode == 1



def page_problems(make_app, tmp_path, page: str, text: str) -> list[str]:
    """The lines a strict in-process build prints for one page added to the tiny site."""
    source = site_with_bib(tmp_path, (ROOT / "refs.bib").read_text())
    (source / page).write_text(text, encoding="utf-8") if isinstance(text, str) else (source / page).write_bytes(text)
    return problems_of_build(make_app, source)


@pytest.mark.parametrize(("text", "expected"), [
    ("{cite:p}`lovelace2024engine,,lovelace2022notes`", r"page\.md:7: WARNING: malformed citation"),
    ("{pub:ref}`nosuchkey`", r"page\.md:7: WARNING: unknown publication key 'nosuchkey'"),
    ("```{publications}\n:year:\n```", r"page\.md:8: WARNING: .*year.*give a year or a range"),
    ("```{publications}\n:type: peer-review\n```", r"page\.md:8: WARNING: .*unknown type 'peer-review'"),
    ("```{publications}\n:year: 2025-2020\n```", r"page\.md:8: WARNING: .*ends before it starts"),
    ("```{publications}\n:year: 1999\n```",
     r"page\.md:7: WARNING: \{publications\} with :year: 1999 matches no publication \(the \.bib file's years: "
     r"\d{4}-\d{4}\) \[scholar\.empty-list\]"),
    ("```{publications}\n:keyword: engins\n```",
     r"page\.md:7: WARNING: \{publications\} with :keyword: engins matches no publication: did you mean 'engines'\?"),
    ("```{news}\n- **2024**: One.\n- **Spring 2023**: Two.\n```",
     r"page\.md:9: ERROR: news date 'Spring 2023' cannot be read: write it as 2024, May 2024 or 2024-05-17"),
])
def test_a_mistake_on_a_page_is_one_line(make_app, tmp_path, text, expected):
    lines = page_problems(make_app, tmp_path, "page.md", f"---\norphan: true\n---\n\n# Page\n\n{text}\n")
    assert len(lines) == 1 and re.search(expected, lines[0]), lines


@pytest.mark.parametrize(("field", "expected"), [
    ("short_title: [Engine, Net]", r"project\.md:3: ERROR: short_title must be text, not \['Engine', 'Net'\]"),
    ("short_title: false", r"project\.md:3: ERROR: short_title must be text, not False"),
    ("advisors: {name: Prof. Babbage}", r"project\.md:3: ERROR: advisors must be text or a list of texts"),
    ("languages: [Python, [C]]", r"project\.md:3: ERROR: languages must be text or a list of texts"),
    ("dates: [2023, 2024]", r"project\.md:3: ERROR: dates must be text, not \[2023, 2024\]"),
])
def test_a_front_matter_value_that_cannot_be_shown_is_one_line_for_both(make_app, tmp_path, field, expected):
    text = f"---\norphan: true\n{field}\npaper: lovelace2024engine\n---\n\n# Project\n"
    lines = page_problems(make_app, tmp_path, "project.md", text)
    assert len(lines) == 1 and re.search(expected, lines[0]), lines
    source = next(path.parent for path in tmp_path.rglob("project.md"))
    linted = lint(source).stderr.splitlines()
    assert len(linted) == 1 and re.search(expected.replace("ERROR: ", ""), linted[0]), linted


def test_a_broken_page_link_is_no_publication_keys_to_report(make_app, tmp_path):
    lines = page_problems(make_app, tmp_path, "page.md", "---\norphan: true\n---\n\n# Page\n\n[old](old-page.md)\n")
    assert lines and not [line for line in lines if "publication key" in line], lines


def test_a_bad_bib_does_not_cascade_into_references(make_app, tmp_path):
    source = site_with_bib(tmp_path, GOOD_ENTRY.replace("{2024}", "{Spring}"))
    (source / "page.md").write_text("---\norphan: true\n---\n\n# Page\n\n{pub:ref}`good2024entry` and "
                                    "{cite:p}`good2024entry`\n", encoding="utf-8")
    lines = problems_of_build(make_app, source)
    assert len(lines) == 1 and "year must be four digits" in lines[0], lines


def test_lint_names_a_broken_conf_py_in_one_line(tmp_path):
    source = site_with_bib(tmp_path, GOOD_ENTRY)
    (source / "conf.py").write_text((source / "conf.py").read_text() + "\nthis is not python\n")
    result = lint(source)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("conf.py: ") and "Traceback" not in result.stderr


def test_entries_as_bibtex_reads_them():
    from sphinx_scholar.bib.bibfile import parse_text

    other = GOOD_ENTRY.replace("good", "other").replace("Good", "Other").replace("00001", "00002")
    two_on_a_line = GOOD_ENTRY.replace("\n", " ") + other.replace("\n", " ")
    assert [raw.key for raw in parse_text(two_on_a_line, "refs.bib")[0]] == ["good2024entry", "other2024entry"]
    at_in_a_value = GOOD_ENTRY.replace("  year", "  note   = {write to\n@someone{x}},\n  year")
    assert [raw.key for raw in parse_text(at_in_a_value, "refs.bib")[0]] == ["good2024entry"]


def test_a_site_only_field_sharing_a_line_leaves_the_rest_of_the_line():
    from sphinx_scholar.bib.bibfile import parse_text, standalone_bibtex

    text = ("@misc{one,\n  author = {Lovelace, Ada}, title = {One}, selected = {true}, year = {2024},\n"
            "  eprint = {2401.00001},\n}\n")
    raw_entries, data = parse_text(text, "refs.bib")
    bibtex = standalone_bibtex(raw_entries[0], data.entries["one"], frozenset({"selected"}))
    assert "author = {Lovelace, Ada}, title = {One}," in bibtex and "year = {2024}" in bibtex
    assert "selected" not in bibtex and bibtex.startswith("@misc{one,")


def test_lint_passes_every_tiny_site():
    for root in ("test-lists", "test-cards", "test-citations", "test-exports"):
        result = lint(TESTS / "roots" / root)
        assert result.returncode == 0, (root, result.stderr)


def bib_problems(text: str) -> list[str]:
    """The lines the reader of refs.bib gives for a file, as make lint and the build print them."""
    from sphinx_scholar.bib.bibfile import BibFileInvalid, parse_text

    with pytest.raises(BibFileInvalid) as invalid:
        parse_text(text, "refs.bib")
    return [str(problem) for problem in invalid.value.shown]


OTHER_ENTRY = GOOD_ENTRY.replace("good", "other").replace("Good", "Other").replace("00001", "00002")
#: A self-referring @string, a duplicate key and an empty title: three runs, before all came out of one.
THREE_PROBLEMS = "@string{loop = loop}\n" + GOOD_ENTRY + GOOD_ENTRY + OTHER_ENTRY.replace("{A Other Entry}", "{}")
THREE_LINES = ["refs.bib:1: @string loop refers to itself: write its value in braces",
               "refs.bib:8: duplicate key 'good2024entry' (first defined at line 2)",
               "refs.bib:15: other2024entry: title is empty"]


def test_every_problem_of_the_file_comes_out_of_one_run(make_app, tmp_path):
    assert OTHER_ENTRY.count("{A Other Entry}") == 1
    assert bib_problems(THREE_PROBLEMS) == THREE_LINES
    source = site_with_bib(tmp_path, THREE_PROBLEMS)
    assert lint(source).stderr.splitlines() == THREE_LINES
    built = problems_of_build(make_app, source)
    assert built == [line.replace(": ", ": ERROR: ", 1) for line in THREE_LINES]


def test_entries_after_one_pybtex_cannot_read_are_still_checked():
    broken = "@misc{broken2024,\n  title = {Broken} year = {2024},\n}\n"
    assert bib_problems(broken + OTHER_ENTRY.replace("{2024}", "{Spring}")) == [
        "refs.bib:2: broken2024: syntax error: '}' expected: is a ',' missing before this field?",
        "refs.bib:7: other2024entry: year must be four digits, not 'Spring'"]


@pytest.mark.parametrize(("text", "expected"), [
    ("@string{v = v}\n@misc{a,\n  title = v,\n  author = {Doe, Jane},\n  year = v,\n}\n",
     ["refs.bib:1: @string v refers to itself: write its value in braces"]),
    ("@proceedings{p, title = {P} year = {2024}}\n"
     "@inproceedings{a, title = {A}, author = {Doe, Jane}, crossref = {p}, year = {2024}}\n",
     ["refs.bib:1: p: syntax error: '}' expected: is a ',' missing before this field?"]),
    ("@misc{a,\n  title = {A \\foo},\n  author = {Doe, Jane},\n  year = nope,\n}\n",
     ["refs.bib:2: a: title: unknown LaTeX command \\foo: write what it stands for as text",
      "refs.bib:4: a: field 'year' uses 'nope', which no @string defines: write the value in braces"]),
])
def test_what_depends_on_a_broken_piece_is_not_a_problem_of_its_own(text, expected):
    assert bib_problems(text) == expected


def test_the_problems_shown_stop_at_fifty_and_say_how_many_more(tmp_path):
    text = "".join(GOOD_ENTRY.replace("good", f"good{n}").replace("{A Good Entry}", "{}")
                   .replace("00001", f"{n:05}") for n in range(60))
    lines = bib_problems(text)
    assert len(lines) == 51 and lines[:2] == ["refs.bib:2: good02024entry: title is empty",
                                              "refs.bib:8: good12024entry: title is empty"]
    assert lines[-1] == "refs.bib: 10 more problems not shown: fix those above and run again"
    assert lint(site_with_bib(tmp_path, text)).stderr.splitlines() == lines


def with_field(name: str, value: str) -> str:
    """GOOD_ENTRY with one field more (line 4) or, for a field it gives, that field's value."""
    written = re.search(rf"  {name} *= (.*),\n", GOOD_ENTRY)
    if written:
        return GOOD_ENTRY.replace(written.group(1), value)
    return GOOD_ENTRY.replace("  year", f"  {name} = {value},\n  year")


#: Each fault of a field, and the one line it gives (its field's line in GOOD_ENTRY: title 2, author 3, a new
#: field 4, eprint 5 or 6 after it).
FIELD_FAULTS = {
    "a title of a backslash": (with_field("title", "{\\}"),
                               "refs.bib:2: good2024entry: title is empty once its LaTeX is read"),
    "a title of \\relax": (with_field("title", "{\\relax}"),
                           "refs.bib:2: good2024entry: title is empty once its LaTeX is read"),
    "an unclosed formula": (with_field("title", "{$unclosed math}"),
                            "refs.bib:2: good2024entry: title: unclosed $: close the formula with a second $, or "
                            "write \\$ for a dollar sign"),
    "a comma for authors": (with_field("author", "{, }"), "refs.bib:3: good2024entry: author names no one"),
    "an author 'and'": (with_field("author", "{and}"),
                        "refs.bib:3: good2024entry: author has an 'and' with no name on one side"),
    "authors ending in 'and'": (with_field("author", "{Lovelace, Ada and}"),
                                "refs.bib:3: good2024entry: author has an 'and' with no name on one side"),
    "'and others' alone": (with_field("author", "{and others}"),
                           "refs.bib:3: good2024entry: author has an 'and' with no name on one side"),
    "an author of empty braces": (with_field("author", "{{}}"),
                                  "refs.bib:3: good2024entry: author is empty once its LaTeX is read"),
    "an unknown command in a name": (with_field("author", "{Lovelace, \\foo Ada}"),
                                     "refs.bib:3: good2024entry: author: unknown LaTeX command \\foo"),
    "an unknown command in a note": (with_field("note", "{Talk at \\venue}"),
                                     "refs.bib:4: good2024entry: note: unknown LaTeX command \\venue"),
    "a url with spaces in its host": (with_field("url", "{https://exa mple.com/a b}"),
                                      "refs.bib:4: good2024entry: url 'https://exa mple.com/a b' has a space: "
                                      "write it as %20"),
    "a url of a scheme alone": (with_field("url", "{http://}"),
                                "refs.bib:4: good2024entry: url 'http://' names no host"),
    "code at a port of no host": (with_field("code", "{http://:80/x}"),
                                  "refs.bib:4: good2024entry: code 'http://:80/x' names no host"),
    "a port that is no number": (with_field("slides", "{https://example.org:port/a}"),
                                 "refs.bib:4: good2024entry: slides 'https://example.org:port/a' has a port that "
                                 "is no number"),
    "a pdf address with a space": (with_field("pdf", "{https://example.org/a b.pdf}"),
                                   "refs.bib:4: good2024entry: pdf 'https://example.org/a b.pdf' has a space"),
    "a doi with a space": (with_field("doi", "{10.1145/a b}"),
                           "refs.bib:4: good2024entry: doi must be a DOI (10.<registrant>/<suffix>), not "
                           "'10.1145/a b'"),
    "an arXiv eprint that is none": (with_field("archiveprefix", "{arXiv}").replace("2401.00001", "see the paper"),
                                     "refs.bib:6: good2024entry: eprint must be an arXiv identifier"),
    "an '@' between entries": ("% write to ada@example.org\n" + GOOD_ENTRY,
                               "refs.bib:1: '@' outside an entry: BibTeX reads it as the start of one"),
    "a macro defined further down": (with_field("title", "later") + '@string{later = "Later"}\n',
                                     "refs.bib:2: good2024entry: field 'title' uses 'later', which the @string at "
                                     "line 7 defines only further down: move that @string up"),
    "a @string using an undefined macro": ("@string{a = b}\n" + GOOD_ENTRY,
                                           "refs.bib:1: @string a uses 'b', which no @string defines"),
}


@pytest.mark.parametrize("case", FIELD_FAULTS)
def test_a_fault_in_a_field_is_one_line_naming_entry_and_field(case):
    text, expected = FIELD_FAULTS[case]
    lines = bib_problems(text)
    assert len(lines) == 1 and lines[0].startswith(expected), lines
