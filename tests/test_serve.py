"""`make serve` previews on 127.0.0.1 with drafts shown, and leaves no server behind however make ends; a port
it cannot use is one line before anything is built."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from site_helpers import INSTALLED, copy_site, run_make


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processes_in(folder: Path) -> list[str]:
    """Command lines of running processes that work in ``folder``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and Path(os.readlink(proc / "cwd")) == folder:
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def served_text(url: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return text.encode() in response.read()
    except (OSError, http.client.IncompleteRead):  # asked while the rebuild rewrites the page: not there yet
        return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_serve_previews_drafts_and_stops_with_make(tmp_path, stop):
    site = copy_site(tmp_path / "site").resolve()
    (site / "research" / "draft-page.md").write_text(
        "---\ndraft: true\nmyst:\n  html_meta:\n    description: \"A draft.\"\n---\n\n# A draft page\n")
    port = free_port()
    log = tmp_path / "serve.log"
    make = subprocess.Popen(["make", "--no-print-directory", *INSTALLED, "serve", f"VENV={sys.prefix}", f"PORT={port}"],
                            cwd=site, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 120
        while not answers(url) and time.time() < deadline:
            time.sleep(0.5)
        assert answers(url), "the preview never answered"
        with urllib.request.urlopen(url + "research/draft-page.html", timeout=5) as response:
            assert b"draft-mark" in response.read()
        page = site / "research" / "draft-page.md"
        page.write_text(page.read_text() + "\nAn edit while the preview runs.\n")
        deadline = time.time() + 60
        rebuilt = "Rebuilt after research/draft-page.md changed in "
        while time.time() < deadline and not (served_text(url + "research/draft-page.html", "An edit while")
                                              and rebuilt in log.read_text()):
            time.sleep(0.2)  # the page is written before the build ends and says so
        assert served_text(url + "research/draft-page.html", "An edit while"), "the edit never reached the preview"
        assert rebuilt in log.read_text(), log.read_text()
        make.send_signal(stop)
        make.wait(10)
        deadline = time.time() + 15
        while (answers(url) or processes_in(site)) and time.time() < deadline:
            time.sleep(0.3)
        assert not answers(url), "the server still answers after make ended"
        assert processes_in(site) == []
    finally:
        for command in processes_in(site):
            print("left behind:", command)
        make.kill()


def test_a_port_it_cannot_use_is_one_line_before_any_build(tmp_path):
    site = copy_site(tmp_path / "site")
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        for variable, line in (("PORT=99999", "PORT=99999 is not a port number (1-65535)"),
                               (f"PORT={port}", f"port {port} on 127.0.0.1 is in use: stop what uses it or run "
                                                "make serve PORT=")):
            result = run_make(site, "serve", variable)
            assert result.returncode != 0
            assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(line), result.stderr
            assert not (site / "_build").exists(), "built before saying so"
