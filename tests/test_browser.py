"""The built books in headless Chromium, driven through its DevTools protocol: no page
overflows at 400 px (wide content scrolls inside itself), no table is wider than the text
column at 1400 px, no figure caption is set in bold, and no page logs a console error or throws.

Skips when Chromium is not installed (Debian package ``chromium``; .ci/run installs it).
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import websocket

pytestmark = pytest.mark.slow

BUILDS = ["default", "horizon20-boot0"]
#: elements wider than the viewport that make the page itself scroll sideways
OVERFLOW_JS = """(() => {
  const w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth <= w + 1) return out;
  for (const el of document.querySelectorAll('article *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && getComputedStyle(el.parentElement).overflowX === 'visible')
      out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.width) + 'px');
  }
  return out.slice(0, 5);
})()"""
#: tables wider than the article column (those inside a scrolling wrapper count too)
WIDE_TABLES_JS = """(() => {
  const col = document.querySelector('article').getBoundingClientRect().width, out = [];
  for (const t of document.querySelectorAll('article table')) {
    const w = t.getBoundingClientRect().width, sw = t.scrollWidth;
    if (Math.max(w, sw) > col + 1) out.push(Math.round(Math.max(w, sw)) + 'px > ' + Math.round(col) + 'px');
  }
  return out;
})()"""

#: figure captions whose glued text is bold (myst-nb's style for glued text, meant for numbers in prose)
BOLD_CAPTIONS_JS = """(() => Array.from(document.querySelectorAll('article figcaption span.pasted-text'))
  .filter(s => Number(getComputedStyle(s).fontWeight) > 500).map(s => s.textContent.slice(0, 60)))()"""


class Browser:
    """One headless Chromium page, commands over its DevTools websocket."""

    def __init__(self, executable: str, profile: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2))
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        else:
            self.close()
            raise RuntimeError("Chromium's DevTools endpoint did not come up")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id, self.events = 0, []
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                return msg.get("result", {})
            self.events.append(msg)

    def open(self, url: str, width: int) -> list[str]:
        """Load ``url`` at ``width`` px; return the console errors and exceptions it produced."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1,
                  mobile=False)
        self.events.clear()
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(url)
            self.events.append(json.loads(self.ws.recv()))
        time.sleep(1.5)  # MathJax typesets after the load event
        self.evaluate("1")  # collect the events that arrived meanwhile
        errors = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(params["exceptionDetails"].get("exception", {}).get("description", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                errors.append(params["entry"]["text"])
        return errors

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def close(self) -> None:
        if getattr(self, "ws", None):
            self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'); .ci/run installs it")
    b = Browser(executable, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def book_pages(out: Path) -> list[Path]:
    html = out / "html"
    return [html / "index.html", *sorted(html.glob("book/*.html")), *sorted(html.glob("notebooks/*.html"))]


@pytest.mark.parametrize("build", BUILDS)
def test_pages_fit_400px_and_log_no_errors(book_builds, browser, build):
    problems = {}
    for page in book_pages(book_builds[build]):
        errors = browser.open(page.as_uri(), 400)
        overflow = browser.evaluate(OVERFLOW_JS)
        if errors or overflow:
            problems[page.name] = {"console errors": errors, "overflowing at 400 px": overflow}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)[:4000]


@pytest.mark.parametrize("build", BUILDS)
def test_tables_fit_the_column_at_1400px_and_captions_are_plain(book_builds, browser, build):
    problems = {}
    for page in book_pages(book_builds[build]):
        browser.open(page.as_uri(), 1400)
        wide, bold = browser.evaluate(WIDE_TABLES_JS), browser.evaluate(BOLD_CAPTIONS_JS)
        if wide or bold:
            problems[page.name] = {"tables wider than the column": wide, "bold glued captions": bold}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)[:4000]
