"""``make bench`` (Lighthouse): every page, mobile and desktop, served gzip-compressed on 127.0.0.1.

Targets: 100 in every category on every page, mobile and desktop.
Each score is the median of several runs, as Lighthouse's own guidance advises for its noisy performance
score. A benchmark, not a test: it prints a table and never fails the build.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sphinx_scholar.testing import CHROMIUM_FLAGS, serve, site_pages

REPO = Path(__file__).resolve().parents[2]

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_FLAGS])
COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".map"}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml",
         ".txt": "text/plain", ".xml": "application/xml", ".woff2": "font/woff2", ".png": "image/png",
         ".json": "application/json"}


def gzip_handler(root: Path) -> type[http.server.BaseHTTPRequestHandler]:
    class GzipHandler(http.server.BaseHTTPRequestHandler):
        """Static files with gzip, caching headers and 404.html, as a static host such as Read the Docs."""

        def do_GET(self):  # noqa: N802 - http.server's naming
            path = root / unquote(urlsplit(self.path).path).lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            status = 200
            if not path.is_file() or root not in path.resolve().parents:
                path, status = root / "404.html", 404
            body = path.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", TYPES.get(path.suffix, "application/octet-stream"))
            self.send_header("Cache-Control", "max-age=3600")
            if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002
            pass

    return GzipHandler


def audit(url: str, form: str, report: Path) -> dict[str, int]:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)
    result = json.loads(report.read_text())
    scores = {name: round(100 * (result["categories"][name]["score"] or 0)) for name in CATEGORIES}
    failing = [audit_id for audit_id, item in result["audits"].items()
               if item.get("score") is not None and item["score"] < 1 and item.get("scoreDisplayMode") == "binary"]
    scores["failing"] = failing
    return scores


def median_audit(url: str, form: str, report: Path, runs: int) -> dict:
    results = [audit(url, form, report) for _ in range(runs)]
    scores = {name: statistics.median_low(result[name] for result in results) for name in CATEGORIES}
    scores["failing"] = sorted({audit_id for result in results for audit_id in result["failing"]})
    return scores


def main(site: Path, runs: int) -> int:
    with serve(site, gzip_handler(site.resolve())) as base, tempfile.TemporaryDirectory() as work:
        print(f"\nLighthouse {', '.join(CATEGORIES)}, median of {runs} runs (site served gzip-compressed at {base})")
        print(f"{'page':<28}{'form':<9}{'perf':>6}{'a11y':>6}{'bp':>6}{'seo':>6}  failing binary audits")
        met = True
        for name in site_pages(site):
            for form in ("mobile", "desktop"):
                scores = median_audit(base + name, form, Path(work) / "report.json", runs)
                met &= all(scores[category] == 100 for category in CATEGORIES)
                print(f"{name:<28}{form:<9}{scores['performance']:>6}{scores['accessibility']:>6}"
                      f"{scores['best-practices']:>6}{scores['seo']:>6}  {' '.join(scores['failing'])}")
    print("all targets met" if met else "SOME TARGETS MISSED")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    sys.exit(main(arguments.site, arguments.runs))
