"""Headless Chromium for the HTML report tests: the rendered DOM, a screenshot, and A4 overflow.

Uses Debian's `chromium` package (CI's .ci/run installs it); tests skip where no binary is found.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

A4_CONTENT_PX = 680
"""The width the page has when printed on A4: 210 mm less the stylesheet's 15 mm margins, at 96 px/in."""

_MEASURE = """<script>
window.addEventListener("load", () => {
  const width = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > width) out.push("page scrolls sideways: " +
      document.documentElement.scrollWidth + "px > " + width + "px");
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    const cls = typeof el.className === "string" ? el.className : "";
    const what = el.tagName.toLowerCase() + (cls ? "." + cls : "");
    if (box.width && box.right > width + 0.5)
      out.push(what + " ends at " + Math.round(box.right) + "px: " + (el.textContent || "").trim().slice(0, 60));
    else if (el instanceof HTMLElement && el.clientWidth && el.scrollWidth > el.clientWidth + 1)
      out.push(what + " has content " + (el.scrollWidth - el.clientWidth) + "px wider than itself: " +
               (el.textContent || "").trim().slice(0, 60));
  }
  const pre = document.createElement("pre"); pre.id = "overflow"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    pytest.skip("no chromium binary on PATH (Debian: apt-get install chromium)")


def run(page: Path, tmp: Path, *args: str, profile: str) -> subprocess.CompletedProcess[str]:
    flags = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={tmp / profile}"]
    done = subprocess.run([*flags, *args, page.as_uri()], capture_output=True, text=True, timeout=180,
                          check=False, env={**os.environ, "HOME": str(tmp)})
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def dom(page: Path, tmp: Path) -> str:
    return run(page, tmp, "--dump-dom", profile="dom").stdout


def screenshot(page: Path, tmp: Path, size: tuple[int, int] = (1280, 2000)) -> Path:
    shot = tmp / (page.stem + ".png")
    run(page, tmp, f"--screenshot={shot}", f"--window-size={size[0]},{size[1]}", profile="shot")
    assert shot.is_file() and shot.stat().st_size > 20_000  # a blank page is a few kB
    assert png_size(shot) == size
    if os.environ.get("POCRULES_KEEP_SCREENSHOT"):
        shutil.copy(shot, Path(os.environ["POCRULES_KEEP_SCREENSHOT"]) / shot.name)
    return shot


def overflow_at_a4(page: Path, tmp: Path) -> list[str]:
    """Everything that would stick out of an A4 page: laid out at its printed width, print styles on.

    The report forbids scripts (its CSP), so the measuring copy drops the policy and adds one; it is
    otherwise the same page, with its print rules applied on screen.
    """
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    html = html.replace("@media print", "@media all").replace("</body>", _MEASURE + "</body>")
    probe = tmp / f"{page.stem}-a4.html"
    probe.write_text(html, encoding="utf-8")
    out = run(probe, tmp, "--dump-dom", f"--window-size={A4_CONTENT_PX},1000", "--virtual-time-budget=5000",
              profile="a4").stdout
    found = re.search(r'<pre id="overflow">(.*?)</pre>', out, re.S)
    assert found, "the measuring script did not run"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                      .replace("&amp;", "&"))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split())


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])
