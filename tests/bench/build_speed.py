"""``make bench`` (build speed): this site, as its researcher gets it, against a plain myst-parser +
sphinxcontrib-bibtex + pydata-sphinx-theme site over the same large .bib.

Adds 4,000 synthetic entries (the site owner among each one's authors) to a copy of this site's own refs.bib
(its pages, CV and a page per paper included) and 50 project pages, then builds it with its CV's PDF and
without, and the plain site, clean, again with no change, and after editing one page, in the same run: ours as
`make html` builds it (`sphinx-scholar html`: strict, published only whole, and no Sphinx at all when nothing
changed), the plain site with sphinx-build, as its quickstart Makefile does. Prints
times, ratios ours / plain and peak memory of the build's process tree. Timings are relative: the machines are
shared and noisy, so compare ratios from one run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Ratios to the plain stack, by variant of our site (issue "Speed at scale").
TARGETS = {"with the PDF": {"clean": 1.5, "no change": 0.06, "one-page edit": 0.10},
           "without the PDF": {"clean": 1.0, "no change": 0.06, "one-page edit": 0.10}}
#: Peak memory of the whole process tree with the PDF, at 4,000 entries; without it, at most twice the plain stack's,
#: and under 2 GB at 20,000 entries (``--entries 20000 --without-pdf``).
MEMORY_WITH_PDF_MB = 1500
MEMORY_AT_20000_MB = 2000
VARIANTS = {"with the PDF": [], "without the PDF": ["-D", "scholar_cv_page="]}
#: What a copy of this site leaves out: no pages, and none of the site's build.
NOT_THE_SITE = shutil.ignore_patterns(".venv", "_build", "node_modules", ".git", "tests", "packages", ".ci")
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


PLAIN_CONF = """\
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]
"""


def write_ours(root: Path, bib: str, projects: int) -> None:
    """This site as it is, with the synthetic entries added to its refs.bib and the project pages to research/."""
    shutil.copytree(REPO, root, ignore=NOT_THE_SITE)
    with (root / "refs.bib").open("a", encoding="utf-8") as refs:
        refs.write("\n" + bib)
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


def process_tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(descendant for child in children for descendant in process_tree(int(child)))]


def proportional_memory(pid: int) -> int:
    """KB of memory the process holds, its shares of pages shared with others counted in part (PSS)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def sample_tree_memory(pid: int, ended: threading.Event, peak: list[int]) -> None:
    """The largest sum of PSS of the process tree, every 0.25 s until it ends (Linux; reading a large process's
    memory map is not free)."""
    while not ended.wait(0.25):
        peak[0] = max(peak[0], sum(map(proportional_memory, process_tree(pid))))


def timed_build(root: Path, options: list[str] | None = None) -> tuple[float, int]:
    """Seconds and peak memory (MB) of one build as a child process: of its whole process tree, sampled; or,
    where that cannot be read, of its largest process. `make html`'s command with ``options``, or the plain
    stack's sphinx-build where there are none."""
    if options is None:
        command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(root / "_build" / "doctrees"),
                   str(root), str(root / "_build" / "html")]
    else:
        command = [sys.executable, "-m", "sphinx_scholar", "html", "-q", *options]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=root)
    peak, ended = [0], threading.Event()
    sampler = threading.Thread(target=sample_tree_memory, args=(process.pid, ended, peak))
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    ended.set()
    sampler.join()
    if status != 0:
        raise SystemExit(f"build of {root} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, max(peak[0], usage.ru_maxrss) // 1024


def edit(page: Path) -> None:
    page.write_text(page.read_text().replace("Text of project 0.", "Text of project 0, edited."))


def run(entries: int, projects: int, variants: list[str]) -> int:
    bib = synthetic_bib(entries)
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        plain = Path(work) / "plain"
        write_plain(plain, bib)
        sites = {variant: Path(work) / variant.replace(" ", "-") for variant in variants}
        for root in sites.values():
            write_ours(root, bib, projects)
        rows = []
        for step in ("clean", "no change", "one-page edit"):
            if step == "one-page edit":
                for root in (plain, *sites.values()):
                    edit(root / "research" / "p0.md")
            results = {"plain": timed_build(plain)}
            results |= {variant: timed_build(root, VARIANTS[variant]) for variant, root in sites.items()}
            rows.append((step, results))
        listed = (sites["without the PDF"] / "_build" / "html" / "publications" / "index.html").read_text().count(
            'class="pub"')
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nBuild speed: this site with {entries} entries more and {projects} project pages (plain: one "
          "bibliography page)")
    print(f"{'variant':<17}{'build':<15}{'ours s':>9}{'plain s':>9}{'ratio':>8}{'target':>8}{'ours MB':>9}"
          f"{'plain MB':>9}")
    met = True
    for variant in variants:
        for step, results in rows:
            (ours_s, ours_mb), (plain_s, plain_mb) = results[variant], results["plain"]
            ratio, target = ours_s / plain_s, TARGETS[variant][step]
            met &= ratio <= target
            print(f"{variant:<17}{step:<15}{ours_s:>9.2f}{plain_s:>9.2f}{ratio:>8.2f}{'≤' + str(target):>8}"
                  f"{ours_mb:>9}{plain_mb:>9}")
    peaks = {variant: max(results[variant][1] for _, results in rows) for variant in (*variants, "plain")}
    shown = []
    if "with the PDF" in peaks:
        met &= peaks["with the PDF"] < MEMORY_WITH_PDF_MB
        shown.append(f"with the PDF {peaks['with the PDF']} (target < {MEMORY_WITH_PDF_MB})")
    if "without the PDF" in peaks:
        met &= peaks["without the PDF"] <= 2 * peaks["plain"]
        shown.append(f"without it {peaks['without the PDF']} (target ≤ 2 × plain's {peaks['plain']}"
                     + (f"; at 20,000 entries, < {MEMORY_AT_20000_MB})" if entries >= 20000 else ")"))
        if entries >= 20000:
            met &= peaks["without the PDF"] < MEMORY_AT_20000_MB
    print(f"peak memory, MB: {', '.join(shown)}")
    print(f"entries on our publications page: {listed} of {entries} and the site's own")
    met &= listed >= entries
    print("all targets met" if met else "SOME TARGETS MISSED")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=4000)
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--without-pdf", action="store_true",
                        help="only the site without the CV's PDF (the memory target at 20,000 entries)")
    arguments = parser.parse_args()
    sys.exit(run(arguments.entries, arguments.projects,
                 ["without the PDF"] if arguments.without_pdf else list(VARIANTS)))
