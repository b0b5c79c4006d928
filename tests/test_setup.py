"""Set-up on a fresh machine: `make` says in one line what to install before it tries anything."""

from __future__ import annotations

import re
import subprocess

import pytest
from site_helpers import copy_site

FAKE_PYTHONS = {
    # A Python older than the engine supports: its version check fails.
    "too old": ("#!/bin/sh\nexit 1\n", "make needs Python 3.11 or newer"),
    # Debian's python3 without python3-venv: the version passes, ensurepip is missing.
    "no venv": ('#!/bin/sh\ncase "$2" in *ensurepip*) exit 1;; esac\nexit 0\n', "cannot make a virtual environment"),
}


@pytest.mark.parametrize("case", list(FAKE_PYTHONS))
def test_make_html_says_in_one_line_what_python_lacks(tmp_path, case):
    script, expected = FAKE_PYTHONS[case]
    fake = tmp_path / "python3"
    fake.write_text(script)
    fake.chmod(0o755)
    site = copy_site(tmp_path / "site")
    result = subprocess.run(["make", "--no-print-directory", "html", f"PYTHON={fake}"], cwd=site,
                            capture_output=True, text=True)
    lines = [line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: ", line)]
    assert result.returncode != 0 and len(lines) == 1 and expected in lines[0], result.stderr
    assert not (site / ".venv").exists()
