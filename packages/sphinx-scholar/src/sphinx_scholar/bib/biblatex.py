"""biblatex's data model where it differs from BibTeX's (biblatex's manual, sections 2.2 and 2.3): ``date`` in
place of ``year``, ``journaltitle`` in place of ``journal``, editors in place of authors; and names as BibTeX
splits them, with the two it misreads (a suffix after one comma, a corporate name) told apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from .latex import plain

if TYPE_CHECKING:
    from pybtex.database import Entry, Person

#: An ISO 8601 date as biblatex takes it: ``2024``, ``2024-03``, ``2024-03-15``, or a range of them
#: (``2023/2024``, ``2024-03-15/2024-03-17``, open ``2024/``); EDTF's uncertain ``?`` and approximate ``~``.
ONE_DATE = r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?[?~%]?"
DATE = re.compile(rf"{ONE_DATE}(?:/(?:\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?[?~%]?|\.\.)?)?")
#: biblatex's field and its BibTeX name, which BibTeX styles (pybtex's, sphinxcontrib-bibtex's) read.
BIBTEX_NAMES = {"journaltitle": "journal", "location": "address"}
#: A language tag as BCP 47 writes one: "zh", "zh-Hans", "pt-BR".
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
#: biblatex's ``langid`` (babel's and polyglossia's language names) as language tags; a BibTeX ``language``
#: field may give either.
BABEL_LANGUAGES = {
    "english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB", "ukenglish": "en-GB",
    "australian": "en-AU", "canadian": "en-CA", "german": "de", "ngerman": "de", "austrian": "de-AT",
    "naustrian": "de-AT", "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr", "francais": "fr",
    "spanish": "es", "catalan": "ca", "italian": "it", "portuguese": "pt", "portuges": "pt", "brazilian": "pt-BR",
    "brazil": "pt-BR", "dutch": "nl", "danish": "da", "swedish": "sv", "norsk": "nb", "norwegian": "nb",
    "nynorsk": "nn", "finnish": "fi", "icelandic": "is", "polish": "pl", "czech": "cs", "slovak": "sk",
    "slovene": "sl", "croatian": "hr", "serbian": "sr", "hungarian": "hu", "magyar": "hu", "romanian": "ro",
    "bulgarian": "bg", "russian": "ru", "ukrainian": "uk", "greek": "el", "turkish": "tr", "hebrew": "he",
    "arabic": "ar", "persian": "fa", "hindi": "hi", "chinese": "zh", "japanese": "ja", "korean": "ko",
    "vietnamese": "vi", "thai": "th", "indonesian": "id", "malay": "ms", "latin": "la", "estonian": "et",
    "latvian": "lv", "lithuanian": "lt", "basque": "eu", "galician": "gl", "irish": "ga", "welsh": "cy",
}


def language_tag(value: str) -> str:
    """The language tag of a ``langid`` or ``language`` value ("ngerman", "German", "de-AT"); '' for none."""
    value = value.strip()
    tag = BABEL_LANGUAGES.get(value.lower(), "")
    return tag or (value if LANGUAGE_TAG.fullmatch(value) and len(value.split("-")[0]) <= 3 else "")


#: What follows the comma of "Martin Luther King, Jr.": a suffix BibTeX would read as a given name.
LINEAGE = re.compile(r"(?:jr|sr|jnr|snr|ii|iii|iv)\.?", re.IGNORECASE)


def date_parts(fields: Mapping[str, str]) -> tuple[int, str] | None:
    """(year, ISO date at the precision written) of ``date`` (which biblatex reads before ``year``) or
    ``year``; None when neither can be read."""
    if match := DATE.fullmatch(fields.get("date", "").strip()):
        return int(match.group(1)), "-".join(part for part in match.groups()[:3] if part)
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    month = month_number(fields.get("month", ""))
    return int(year), f"{year}-{month:02d}" if month else year


#: BibTeX's months are English whatever the machine's language (``calendar.month_name`` follows its locale, and
#: formats each name anew when it is read: 13 times for every entry).
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


def month_number(value: str) -> int:
    """1 to 12 for ``month = {3}``, ``{Mar}``, ``{March}``, BibTeX's ``mar`` or ``sep # "~4"``; 0 for anything
    else."""
    value = re.split(r"[\s~.,]", value.strip().lower(), maxsplit=1)[0]  # Google Scholar's "September~4"
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else 0
    if len(value) < 3:
        return 0
    return next((number for number, name in enumerate(MONTHS, start=1) if name.startswith(value)), 0)


def is_calendar_date(text: str) -> bool:
    """``2024``, ``2024-02`` or ``2024-02-29`` of a year from 1 on, as the calendar has it (no 2023-02-29)."""
    parts = [int(part) for part in text.rstrip("?~%").split("-")]
    try:
        date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return False
    return True


def date_problem(fields: Mapping[str, str]) -> tuple[str, str]:
    """(field, what is wrong) for an entry whose date cannot be read, or ("", "")."""
    year = fields.get("year", "").strip()
    if "year" in fields and not (re.fullmatch(r"\d{4}", year) and int(year) > 0):
        return "year", f"year must be four digits, not '{fields['year']}'"
    if "month" in fields and year and not month_number(fields["month"]):
        return "month", f"month must be a month (3, mar, March), not '{fields['month']}'"
    written = fields.get("date", "").strip()
    read = DATE.fullmatch(written)
    ends = [part for part in written.split("/") if part and part != ".."] if read else []
    if "date" in fields and not (read and all(map(is_calendar_date, ends)) and ends == sorted(ends)):
        return "date", (f"date must be YYYY, YYYY-MM or YYYY-MM-DD (or a range of them, like 2023/2024), "
                        f"not '{fields['date']}'")
    if year and read and read.group(1) != year:
        return "date", f"year {year} and date {fields['date']} disagree: keep one"
    month = month_number(fields.get("month", ""))
    if read and month and read.group(2) and int(read.group(2)) != month:
        return "date", f"month {fields['month']} and date {fields['date']} disagree: keep one"
    if not fields.get("year", "").strip() and not fields.get("date", "").strip():
        return "year", "missing required field 'year' (or biblatex's 'date')"
    return "", ""


def add_bibtex_names(entry: Entry) -> frozenset[str]:
    """Give a biblatex entry the BibTeX fields that say the same (``year`` from ``date``, ``journal`` from
    ``journaltitle``), so BibTeX styles read it; the names added, which the entry's own text does not hold."""
    added = set()
    parts = date_parts(entry.fields)
    if parts and "year" not in entry.fields:
        entry.fields["year"] = str(parts[0])
        added.add("year")
    for biblatex_name, bibtex_name in BIBTEX_NAMES.items():
        if biblatex_name in entry.fields and bibtex_name not in entry.fields:
            entry.fields[bibtex_name] = entry.fields[biblatex_name]
            added.add(bibtex_name)
    return frozenset(added)


def is_corporate(person: Person) -> bool:
    """A name in braces, ``{CMS Collaboration}``: one organisation, which BibTeX does not split."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.lineage_names
    last = person.last_names
    return not parts and len(last) == 1 and last[0].startswith("{") and last[0].endswith("}")


def misread_suffix(person: Person) -> str:
    """For "Martin Luther King, Jr.", which BibTeX reads as the given name "Jr.", the form it reads right
    ("King, Jr., Martin Luther"); '' for any other name."""
    given = person.first_names + person.middle_names
    if len(given) != 1 or not LINEAGE.fullmatch(given[0]) or person.lineage_names or len(person.last_names) < 2:
        return ""
    family = person.prelast_names + person.last_names[-1:]
    return f"{' '.join(family)}, {given[0]}, {' '.join(person.last_names[:-1])}"


def collaboration_name(entry) -> str:
    """INSPIRE's ``collaboration = {CMS}`` as the name it stands for, "CMS Collaboration"; "" where the
    entry has none, or names it among its authors already (``{ATLAS Collaboration}``)."""
    name = plain(entry.fields.get("collaboration", ""))
    authors = {plain(str(person)).strip("{} ").lower() for person in entry.persons.get("author", ())}
    if not name or name.lower() in authors or f"{name} collaboration".lower() in authors:
        return ""
    return name if re.search(r"collaboration|consortium|group|team", name, re.IGNORECASE) else f"{name} Collaboration"
