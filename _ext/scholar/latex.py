"""LaTeX in .bib fields turned into text: most fields hold none, and parsing LaTeX is slow, so it is skipped."""

from __future__ import annotations

import re

from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import Person
from pybtex.richtext import Text

#: pybtex looks a backend up by entry point on every ``render_as``, which is slow with many packages installed.
TEXT_BACKEND = TextBackend()
LATEX_MARKS = re.compile(r"[\\{}$~%`']|--")


def plain(latex: str) -> str:
    """A field's text without LaTeX markup."""
    if not LATEX_MARKS.search(latex):
        return latex.strip()
    return Text.from_latex(latex).render(TEXT_BACKEND).strip()


def rich(latex: str) -> Text:
    """pybtex's ``Text.from_latex``, skipped for the many fields that hold no LaTeX."""
    return Text(latex) if not LATEX_MARKS.search(latex) else Text.from_latex(latex)


def display_name(person: Person) -> str:
    """First names first, as the plain name style writes them."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
    return " ".join(plain(part) for part in parts)


def person_key(person: Person) -> str:
    """A name in one comparable form: 'Liu, Ziming' and 'Ziming Liu' give 'ziming liu'."""
    return display_name(person).lower()


def surname(person: Person) -> str:
    return " ".join(plain(part) for part in person.prelast_names + person.last_names)
