"""What the engine's tests share: a tiny site of tests/roots built in-process, and its pages as soup."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

TESTS = Path(__file__).resolve().parent


def page(root: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((root / name).read_text(encoding="utf-8"), "html.parser")


def soup(app, name: str) -> BeautifulSoup:
    return page(Path(app.outdir), name)


#: Asset digests change with file contents only; nothing else in the output depends on time.
VOLATILE = re.compile(rb"\?(v|digest)=[0-9a-f]+")


def search_index(script: bytes) -> bytes:
    """The index without the empty term lists Sphinx leaves behind when it prunes a deleted page's words:
    searching ignores them, and a clean build has none."""
    text = script.decode()
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for table in ("terms", "titleterms"):
        index[table] = {term: where for term, where in index[table].items() if where != []}
    return json.dumps(index, sort_keys=True).encode()


def output(html: Path) -> dict[str, bytes]:
    files = {str(path.relative_to(html)): VOLATILE.sub(b"", path.read_bytes())
             for path in sorted(html.rglob("*")) if path.is_file() and path.name != ".buildinfo"}
    files["searchindex.js"] = search_index(files["searchindex.js"])
    return files


def assert_same_site(incremental: Path, clean: Path) -> None:
    ours, theirs = output(incremental), output(clean)
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert differing == []


def write_project_page(path: Path, paper: str) -> None:
    """A project page for ``paper`` (one the site's own pages do not claim: one page per paper)."""
    path.write_text(f"---\nmyst:\n  html_meta:\n    description: \"An added project page.\"\npaper: {paper}\n---\n"
                    f"\n# Added\n\n```{{publication}} {paper}\n```\n", encoding="utf-8")
