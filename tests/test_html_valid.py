"""Every page passes the W3C Nu HTML Checker (vnu.jar from the npm package vnu-jar): no errors."""

from __future__ import annotations

import json
import subprocess

from site_helpers import REPO
from sphinx_scholar.testing import site_pages

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(site):
    pages = [str(site / name) for name in site_pages(site)]
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m['url'].split('/html/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] == "error"]
    assert errors == []
