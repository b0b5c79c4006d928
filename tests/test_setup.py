"""Set-up on a fresh machine: `make` says in one line what to install before it tries anything."""

from __future__ import annotations

import pytest
from site_helpers import copy_site
from sphinx_scholar.testing import UNUSABLE_PYTHONS, make_html_with_python


@pytest.mark.parametrize("case", list(UNUSABLE_PYTHONS))
def test_make_html_says_in_one_line_what_python_lacks(tmp_path, case):
    script, expected = UNUSABLE_PYTHONS[case]
    site = copy_site(tmp_path / "site")
    status, lines = make_html_with_python(site, script, tmp_path)
    assert status != 0 and len(lines) == 1 and expected in lines[0], lines
    assert not (site / ".venv").exists()
