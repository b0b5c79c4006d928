"""``sphinx-scholar new DIR --name "Ada Example"``: a new researcher's site, ready to build, test and deploy.

Like ablog's ``post`` command: the templates are kept in the package (``new_site/``), nothing is ever
overwritten, and it prints one line per file it made. Every value given on the command line is written as what
each file reads: a Python literal in conf.py (``repr``), a JSON string in YAML front matter, escaped text in
Markdown, a plain BibTeX name or none, escaped text in SVG.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import unicodedata
from html import escape
from importlib import resources
from pathlib import Path

from .. import __version__
from ..pages.owner import owner_problems
from .project import as_markdown_text

#: The package's folder of templates: ``dot-x`` is written as ``.x``; every file ends in ``.tmpl``.
TEMPLATES = "new_site"
TEMPLATE_SUFFIX = ".tmpl"
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
SAMPLE_KEY = "sample-paper"
#: Owner keys given on the command line, in the order conf.py lists them.
OWNER_OPTIONS = ("name", "alternate_name", "job_title", "affiliation", "department", "email", "homepage",
                 "x_handle")
#: A name BibTeX reads as one person's name, written into refs.bib as it is; any other name is left out of it.
BIB_NAME = re.compile(r"[^\W\d_][\w.' -]*", re.UNICODE)


class Refused(Exception):
    """Nothing (more) is written; the message says why, in one line; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def one_line(text: str, option: str = "--name") -> str:
    """A value as a single line: every run of whitespace (newlines too) as one space; a value that is no text
    (bytes that are no UTF-8, control characters) is refused."""
    line = " ".join(text.split())
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(f"{option} is not UTF-8 text") from None
    if any(unicodedata.category(character) == "Cc" for character in line):
        raise Refused(f"{option} holds a control character")
    return line


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sphinx-scholar new", description=__doc__.splitlines()[0])
    parser.add_argument("directory", help="the new site's folder (must not exist, or be empty)")
    parser.add_argument("--name", help="your name, as on your papers")
    parser.add_argument("--alternate-name", dest="alternate_name", help="your name in another script")
    parser.add_argument("--job-title", dest="job_title", help="e.g. 'Ph.D. student'")
    parser.add_argument("--affiliation", help="e.g. 'University of Examples'")
    parser.add_argument("--department", help="e.g. 'School of Computing'")
    parser.add_argument("--email", help="your email address")
    parser.add_argument("--homepage", help="an http(s) address")
    parser.add_argument("--x-handle", dest="x_handle", help="your X handle, without @")
    parser.add_argument("--profile", action="append", default=[], metavar="LABEL=URL",
                        help="a profile link, e.g. GitHub=https://github.com/you (repeat for more)")
    return parser.parse_args(argv)


def ask_name() -> str:
    """The name, asked for at a terminal; elsewhere (a script, CI) it must be given."""
    if not sys.stdin.isatty():
        raise Refused('give your name: sphinx-scholar new DIR --name "Ada Example"')
    try:
        return input("Your name, as on your papers: ")
    except EOFError:
        return ""


def owner_from(arguments: argparse.Namespace) -> dict:
    """The owner section from the options, each value on one line; raises :class:`Refused` naming the first
    problem the engine would report."""
    name = one_line(arguments.name if arguments.name is not None else ask_name())
    if not name:
        raise Refused('the name is empty: sphinx-scholar new DIR --name "Ada Example"')
    owner = {"name": name}
    for key in OWNER_OPTIONS[1:]:
        value = getattr(arguments, key)
        if value is not None and one_line(value, f"--{key.replace('_', '-')}"):
            owner[key] = one_line(value, f"--{key.replace('_', '-')}")
    if owner.get("x_handle", "").startswith("@"):
        owner["x_handle"] = owner["x_handle"][1:]
    profiles = {}
    for profile in arguments.profile:
        label, equals, url = one_line(profile, "--profile").partition("=")
        if not equals or not label.strip() or not url.strip():
            raise Refused(f"--profile {profile!r} is not LABEL=URL, e.g. --profile GitHub=https://github.com/you")
        profiles[label.strip()] = url.strip()
    if profiles:
        owner["profiles"] = profiles
    for key, message in owner_problems(owner):
        raise Refused(f"--{key.replace('_', '-')}: {message}" if key in (*OWNER_OPTIONS, "profiles") else message)
    return owner


def literal(text: str) -> str:
    """``text`` as a Python literal (``repr``), in double quotes where that needs no escape of a quote."""
    written = repr(text)
    return f'"{written[1:-1]}"' if written[0] == "'" and not {"'", '"'} & set(text) else written


def python_owner_section(owner: dict) -> str:
    lines = ["owner = {"]
    for key, value in owner.items():
        if isinstance(value, dict):
            lines.append(f"    {literal(key)}: {{")
            lines += [f"        {literal(label)}: {literal(url)}," for label, url in value.items()]
            lines.append("    },")
        else:
            lines.append(f"    {literal(key)}: {literal(value)},")
    return "\n".join([*lines, "}"])


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def initials(name: str) -> str:
    letters = [word[0] for word in name.split() if word[0].isalnum()]
    return "".join(letters[:1] + letters[1:][-1:]).upper()


def bib_author(name: str) -> str:
    """The owner as BibTeX reads one name, or a sample name where BibTeX would read theirs otherwise."""
    if BIB_NAME.fullmatch(name) and " and " not in f" {name.lower()} ":
        return name
    return "Author, Sample"


def context(owner: dict, today: datetime.date) -> dict[str, str]:
    name = owner["name"]
    position = ", ".join(owner[key] for key in ("department", "affiliation") if owner.get(key))
    if owner.get("job_title"):
        profile = f"**{as_markdown_text(owner['job_title'])}**"
        profile += f", {as_markdown_text(position)}" if position else ""
        summary = owner["job_title"] + (f" at {position}" if position else "")
    elif position:
        profile, summary = as_markdown_text(position), position
    else:
        profile = "Your position and affiliation (set job_title and affiliation in conf.py's owner section)."
        summary = ""
    author = bib_author(name)
    return {
        "owner_section": python_owner_section(owner),
        "owner_names": f"[{literal(name)}]" if author == name else "[]",
        "name_md": as_markdown_text(name),
        "profile_md": profile,
        "affiliation_suffix_md": f" · {as_markdown_text(owner['affiliation'])}" if owner.get("affiliation") else "",
        "home_description_yaml": yaml_string(f"{name}{', ' + summary if summary else ''}: research, publications "
                                             "and CV."),
        "cv_description_yaml": yaml_string(f"Curriculum vitae of {name}: education, experience and publications."),
        "publications_description_yaml": yaml_string(f"Publications of {name}, newest first, with BibTeX for each."),
        "research_description_yaml": yaml_string(f"Research projects of {name}, each with its paper."),
        "initials_xml": escape(initials(name)),
        "bib_author": author,
        "sample_key": SAMPLE_KEY,
        "year": str(today.year),
        "year_short": f"{today.year % 100:02d}",
        "month_year": f"{today:%B %Y}",
        "version": __version__,
    }


def fill(template: str, values: dict[str, str], where: str) -> str:
    def value(match: re.Match) -> str:
        if match.group(1) not in values:
            raise KeyError(f"{where}: no value for {match.group(0)}")
        return values[match.group(1)]

    return PLACEHOLDER.sub(value, template)


def target_name(template: str) -> str:
    """``dot-github/dependabot.yml.tmpl`` → ``.github/dependabot.yml``."""
    parts = [f".{part[4:]}" if part.startswith("dot-") else part for part in template.split("/")]
    parts[-1] = parts[-1].removesuffix(TEMPLATE_SUFFIX)
    return "/".join(parts)


def templates() -> list[tuple[str, str]]:
    """(path in the new site, template text) of every template, sorted by path."""
    found = []
    root = resources.files(__package__) / TEMPLATES

    def walk(folder, prefix: str) -> None:
        for item in folder.iterdir():
            if item.is_dir():
                walk(item, f"{prefix}{item.name}/")
            elif item.name.endswith(TEMPLATE_SUFFIX):
                found.append((target_name(prefix + item.name), item.read_text(encoding="utf-8")))

    walk(root, "")
    return sorted(found)


def constraints() -> str:
    return (resources.files("sphinx_scholar") / "constraints.txt").read_text(encoding="utf-8")


def site_files(owner: dict, today: datetime.date) -> list[tuple[str, str]]:
    values = context(owner, today)
    files = [(path, fill(text, values, path)) for path, text in templates()]
    files.append(("constraints.txt", constraints()))
    return sorted(files)


def check_directory(directory: Path) -> None:
    """Never over anything: the folder must not exist, or be empty."""
    if directory.exists() and not directory.is_dir():
        raise Refused(f"{directory} exists and is no folder: nothing was written", code=1)
    if directory.is_dir() and any(directory.iterdir()):
        raise Refused(f"{directory} exists and is not empty: nothing was written (pick a new folder)", code=1)


def write_site(directory: Path, files: list[tuple[str, str]], report) -> None:
    check_directory(directory)
    for name, text in files:
        path = directory / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over a file made meanwhile
                file.write(text)
        except OSError as error:
            raise Refused(f"{path} could not be written ({error.strerror or error}): the files above were "
                          "written, the rest not", code=1) from None
        report(path)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    directory = Path(arguments.directory)
    try:
        check_directory(directory)
        owner = owner_from(arguments)
        write_site(directory, site_files(owner, datetime.date.today()), lambda path: print(f"Wrote {path}"))
    except Refused as refused:
        print(f"sphinx-scholar new: {refused}", file=sys.stderr)
        return refused.code
    except KeyboardInterrupt:
        print("sphinx-scholar new: interrupted", file=sys.stderr)
        return 130
    print(f"Next: cd {directory} && make html (README.md says how to test and deploy the site).")
    return 0
