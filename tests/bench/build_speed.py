"""``make bench`` (build speed): our site against a plain sphinxcontrib-bibtex site over the same large .bib.

Generates 4,000 synthetic entries (the site owner among each one's authors) and 50 project pages, then
builds both sites clean, again with no change, and after editing one page, in the same run, and prints
times, ratios ours / plain and peak memory. Timings are relative: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGETS = {"clean": 0.8, "no change": 0.15, "one-page edit": 0.2}
SURNAMES = ["Chen", "Wang", "Zhang", "Li", "Garcia", "Smith", "Kumar", "Tanaka", "Müller", "Rossi", "Novak",
            "Silva", "Kim", "Nguyen", "Ivanova", "Okafor", "Larsen", "Dubois", "Cohen", "Haddad"]
GIVEN = ["Wei", "Anna", "Ravi", "Yuki", "Lars", "Maria", "Omar", "Chloe", "Jin", "Sara", "Tomas", "Ines"]
VENUES = [("Proceedings of the Conference on Systems", "CS"), ("Proceedings of Parallel Computing", "PC"),
          ("Symposium on Machine Learning Systems", "MLS")]


def synthetic_bib(count: int, owner: str = "Liu, Ziming") -> str:
    rng = random.Random(2026)
    entries = []
    for number in range(count):
        authors = [f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(2, 7))]
        authors.insert(rng.randrange(len(authors) + 1), owner)
        year = 2000 + number % 26
        fields = {"title": f"Scalable Method {number} for {rng.choice(['Training', 'Inference'])} at Scale",
                  "author": " and ".join(authors), "year": str(year)}
        if number % 3:
            venue, short = rng.choice(VENUES)
            entry_type = "inproceedings"
            fields |= {"booktitle": venue, "venue_short": f"{short} '{year % 100:02d}"}
        else:
            entry_type = "misc"
            fields |= {"eprint": f"{year % 100:02d}01.{number:05d}", "archiveprefix": "arXiv"}
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
        entries.append(f"@{entry_type}{{paper{number},\n{body}}}\n")
    return "\n".join(entries)


def project_page(number: int, key: str, card: str) -> str:
    return (f"---\nmyst:\n  html_meta:\n    description: \"Project {number}.\"\npaper: {key}\n---\n\n"
            f"# Project {number}\n\nText of project {number}.\n\n{card}\n")


OURS_CONF = """\
extensions = ["sphinx_scholar"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "scholar"
scholar_owner_names = ["Ziming Liu"]
html_theme = "pydata_sphinx_theme"
html_use_index = False
exclude_patterns = ["_build"]
"""
PLAIN_CONF = """\
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]
"""


def write_ours(root: Path, bib: str, projects: int) -> None:
    (root / "research").mkdir(parents=True)
    (root / "publications").mkdir()
    (root / "refs.bib").write_text(bib)
    (root / "conf.py").write_text(OURS_CONF)
    (root / "index.md").write_text("# Home\n\n```{toctree}\npublications/index\nresearch/index\n```\n")
    (root / "publications" / "index.md").write_text("# Publications\n\n```{publications}\n:group-by: type\n```\n")
    (root / "research" / "index.md").write_text(
        "# Research\n\n```{project-cards}\n```\n\n```{toctree}\n:glob:\n\n*\n```\n")
    for number in range(projects):
        (root / "research" / f"p{number}.md").write_text(
            project_page(number, f"paper{number}", f"```{{publication}} paper{number}\n```"))


def write_plain(root: Path, bib: str) -> None:
    (root / "research").mkdir(parents=True)
    (root / "refs.bib").write_text(bib)
    (root / "conf.py").write_text(PLAIN_CONF)
    (root / "index.md").write_text("# Home\n\n```{toctree}\npublications\nresearch/p0\n```\n")
    (root / "publications.md").write_text("# Publications\n\n```{bibliography}\n:filter: True\n```\n")
    (root / "research" / "p0.md").write_text(project_page(0, "paper0", "See {cite:p}`paper0`."))


def timed_build(root: Path) -> tuple[float, int]:
    """Seconds and peak resident memory (MB) of one build, as a child process."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(root / "_build" / "doctrees"),
               str(root), str(root / "_build" / "html")]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build of {root} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def edit(page: Path) -> None:
    page.write_text(page.read_text().replace("Text of project 0.", "Text of project 0, edited."))


def cv_pdf_cost() -> None:
    """What rendering cv.pdf adds to a clean build of the real site (median of three of each)."""
    import statistics

    with tempfile.TemporaryDirectory(prefix="bench-cv-") as work:
        site = Path(work) / "site"
        shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".venv", "_build", "node_modules", ".git"))
        times = {}
        for label, options in (("with cv.pdf", []), ("without", ["-D", "scholar_cv_page="])):
            runs = []
            for _ in range(3):
                shutil.rmtree(site / "_build", ignore_errors=True)
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", *options, str(site),
                                str(site / "_build" / "html")], check=True, capture_output=True)
                runs.append(time.perf_counter() - start)
            times[label] = statistics.median(runs)
    added = times["with cv.pdf"] - times["without"]
    print(f"\ncv.pdf: a clean build of the site takes {times['with cv.pdf']:.2f} s, {added:.2f} s of it rendering "
          f"the PDF (ratio {times['with cv.pdf'] / times['without']:.2f}); a build with no CV change renders nothing")


def run(entries: int, projects: int) -> int:
    bib = synthetic_bib(entries)
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        ours, plain = Path(work) / "ours", Path(work) / "plain"
        write_ours(ours, bib, projects)
        write_plain(plain, bib)
        rows = []
        for step in ("clean", "no change", "one-page edit"):
            if step == "one-page edit":
                edit(ours / "research" / "p0.md")
                edit(plain / "research" / "p0.md")
            results = {name: timed_build(root) for name, root in (("plain", plain), ("ours", ours))}
            rows.append((step, results["ours"], results["plain"]))
        listed = (ours / "_build" / "html" / "publications" / "index.html").read_text().count('class="pub"')
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nBuild speed: {entries} entries, {projects} project pages (plain: one bibliography page)")
    print(f"{'build':<15}{'ours s':>9}{'plain s':>9}{'ratio':>8}{'target':>8}{'ours MB':>9}{'plain MB':>9}")
    met = True
    for step, (ours_s, ours_mb), (plain_s, plain_mb) in rows:
        ratio = ours_s / plain_s
        met &= ratio <= TARGETS[step]
        print(f"{step:<15}{ours_s:>9.2f}{plain_s:>9.2f}{ratio:>8.2f}{'≤' + str(TARGETS[step]):>8}{ours_mb:>9}"
              f"{plain_mb:>9}")
    print(f"entries on our publications page: {listed} of {entries}")
    met &= listed == entries
    print("all targets met" if met else "SOME TARGETS MISSED")
    cv_pdf_cost()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=4000)
    parser.add_argument("--projects", type=int, default=50)
    arguments = parser.parse_args()
    sys.exit(run(arguments.entries, arguments.projects))
