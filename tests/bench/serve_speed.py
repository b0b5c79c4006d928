"""``make bench`` (live preview): from saving a page to the browser showing the change, with ``make serve``
(``sphinx-scholar serve``) on a copy of this site, measured in Chromium: the page open, a paragraph edited, the
time until the reloaded page holding the new text is painted (the page's own clock, at its first frame: the
time the test harness takes to notice it is not the researcher's). The median of several saves, against the
0.5 s target (issue "Speed at scale"); ``--entries N`` adds N synthetic entries to refs.bib (target 1 s at
4,000). A benchmark: never asserted.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_speed import synthetic_bib, write_ours

REPO = Path(__file__).resolve().parents[2]
TARGETS = {0: 0.5, 4000: 1.0}
SAVES = 7


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"make serve stopped: {process.stdout.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"make serve did not answer at {url} within {timeout:.0f} s")


#: In each page the browser loads: when its first frame after the document is read is drawn (ms since 1970, the
#: clock time.time() reads).
PAINTED = ("document.addEventListener('DOMContentLoaded', () => requestAnimationFrame(() => {"
           " window.scholarBenchPainted = Date.now(); }));")


def save_to_browser(site: Path, port: int, chromium: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    page_path = site / "research" / "index.md"
    original = page_path.read_text(encoding="utf-8")
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.add_init_script(PAINTED)
        page.goto(f"http://127.0.0.1:{port}/research/index.html")
        for number in range(SAVES):
            marker = f"Saved-{number}-{time.time_ns()}"
            time.sleep(1.0)  # the watcher settles after the last rebuild
            started = time.time()
            page_path.write_text(original + f"\n{marker}\n", encoding="utf-8")
            page.get_by_text(marker).wait_for(timeout=60_000)
            times.append(page.evaluate("window.scholarBenchPainted") / 1000 - started)
        browser.close()
    page_path.write_text(original, encoding="utf-8")
    return times


def run(entries: int) -> int:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as work:
        site = Path(work) / "site"
        write_ours(site, synthetic_bib(entries) if entries else "", 0)
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "sphinx_scholar", "serve"], cwd=site,
                                   env={**os.environ, "PORT": str(port)}, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            wait_for_server(f"http://127.0.0.1:{port}/", process, timeout=600)
            times = save_to_browser(site, port, chromium)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            output, _ = process.communicate(timeout=30)
    rebuilt = [line for line in output.splitlines() if line.startswith("Rebuilt")]
    median, target = statistics.median(times), TARGETS.get(entries)
    shown = ", ".join(f"{seconds:.2f}" for seconds in times)
    verdict = f" (target: at most {target} s)" if target else ""
    print(f"make serve, save to browser, {entries} entries added: median {median:.2f} s{verdict}; each: {shown}")
    print("of which the rebuilds, as make serve reported them: " + "; ".join(
        line.split(" in ")[-1].split(":")[0] for line in rebuilt))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=0)
    sys.exit(run(parser.parse_args().entries))
