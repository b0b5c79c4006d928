"""Names of files made from titles and tags: lowercase ASCII letters, digits and hyphens, in any script
("Über" gives ``uber``, a Chinese title its pinyin), for ``make project``, ``make post`` and the tag pages."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

SLUG_LENGTH = 64


def is_han(character: str) -> bool:
    return unicodedata.name(character, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def ends_a_word(character: str) -> bool:
    """Full-width punctuation ("：", "，", "「"): Chinese and Japanese put no space between words, so a title's
    first word ends there."""
    return unicodedata.category(character).startswith("P") and unicodedata.east_asian_width(character) in "FW"


def ascii_spelling(character: str) -> str:
    """A letter or digit as anyascii spells it; a dash as a hyphen; nothing for other signs (anyascii would
    spell an emoji ":grinning:" and "∅" as "0")."""
    category = unicodedata.category(character)
    if category == "Pd":
        return "-"
    if category[0] not in "LMN":
        return ""
    # anyascii runs Han syllables together ("QuYu"): hyphens between them keep the pinyin readable.
    return f"-{anyascii(character)}-" if is_han(character) else anyascii(character)


def ascii_slug(word: str) -> str:
    """``word`` in lowercase ASCII letters, digits and single hyphens, at most SLUG_LENGTH characters; empty
    where nothing of it is a letter or digit."""
    spelled = "".join(map(ascii_spelling, word))
    slug = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "", spelled.lower())).strip("-")
    if len(slug) > SLUG_LENGTH:
        cut = slug[:SLUG_LENGTH + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:SLUG_LENGTH].rstrip("-")
    return slug


def default_slug(title: str) -> str:
    """The title's first word with a letter or digit, in ASCII ("tabulating", "uber",
    "qu-yu-zi-shi-ying-cai-yang"); empty when there is none."""
    words = "".join(" " if ends_a_word(character) else character for character in title).split()
    return next((slug for slug in map(ascii_slug, words) if slug), "")
