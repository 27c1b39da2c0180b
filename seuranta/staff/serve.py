"""Live preview for staff: `seuranta serve` builds the site, serves it on this
machine, and builds again whenever the data, the hand-written pages or the
templates change (watched with watchfiles, not by polling the disk).

Open pages reload themselves after a rebuild: the server adds one same-origin
script to each page it serves (never an inline script, so the pages' security
policy stays as it is in production). When the data is invalid, the page
shows the validator's messages in plain words instead of a stale site.
"""

from __future__ import annotations

import functools
import gc
import http.server
import json
import signal
import threading
from collections.abc import Callable
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from seuranta.build import BuildFailed, build_site
from seuranta.check.problems import report_text
from seuranta.files import keep_in_cache
from seuranta.processes import start_method
from seuranta.settings import DESCRIPTOR, HANDWRITTEN, REPO_ROOT

PREFIX = "/_seuranta/"
RELOAD_SCRIPT = """// Seuranta live preview: reloads the page after a rebuild; shows the validator's
// messages when the data is invalid. Served by `seuranta serve` only.
(function () {
  "use strict";
  var seen = null;
  function show(problems) {
    var box = document.getElementById("sr-preview-problems") || document.createElement("div");
    box.id = "sr-preview-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:1000;" +
      "background:#fff4f4;color:#1a1a1a;border-top:4px solid #b00020;padding:1rem;font:1rem/1.5 sans-serif;" +
      "white-space:pre-wrap";  // one problem a line, as in the terminal
    box.textContent = problems;  // text, never HTML
    document.body.appendChild(box);
  }
  function check() {
    fetch("/_seuranta/status.json", { cache: "no-store" }).then(function (r) { return r.json(); })
      .then(function (status) {
        if (seen !== null && status.version !== seen && status.ok) { location.reload(); return; }
        seen = status.version;
        if (!status.ok) show(status.problems);
      }).catch(function () {}).then(function () { setTimeout(check, 1000); });
  }
  check();
})();
"""


WAITING = (f'<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Seuranta</title></head>'
           f'<body><main><h1>Sivustoa ei voitu rakentaa / Webbplatsen kunde inte byggas</h1>'
           f'<p>Korjaa data; sivu päivittyy itsestään. / Rätta uppgifterna; sidan uppdateras av sig själv.</p>'
           f'</main><script src="{PREFIX}reload.js"></script></body></html>')


class Preview:
    """The state the server reports: a version that changes with every build, and the
    validator's messages when the last build failed. Kept in a file (`path`), written
    whole and renamed into place, so that a server in a process of its own reads it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.version = 0  # (no build yet)
        self._write(True, "")

    def record(self, ok: bool, problems: str = "") -> None:
        self.version += 1
        self._write(ok, problems)

    def _write(self, ok: bool, problems: str) -> None:
        keep_in_cache(self.path, json.dumps({"version": self.version, "ok": ok, "problems": problems},
                                            ensure_ascii=False))

    def status(self) -> bytes:
        return self.path.read_bytes()

    @property
    def ok(self) -> bool:
        return bool(json.loads(self.status())["ok"])


def rebuild(data: Path, out: Path, preview: Preview, lang: str = "fi", site_url: str | None = None) -> None:
    """Build for `site_url`, and record the outcome (the previous site stays when the build fails)."""
    try:
        build_site(data, out, site_url=site_url, spare_ready=True)  # (the next change: a rebuild)
    except BuildFailed as e:
        problems = report_text(e.report, lang) if e.report is not None else str(e)
        preview.record(False, problems)
        print(problems, flush=True)  # in the terminal too
        return
    preview.record(True)


def handler(site: Path, preview: Preview) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows builds
            pass

        def do_GET(self) -> None:
            if self.path.startswith(PREFIX):
                name = self.path[len(PREFIX):].split("?")[0]
                if name == "status.json":
                    return self._send(preview.status(), "application/json")
                if name == "reload.js":
                    return self._send(RELOAD_SCRIPT.encode("utf-8"), "text/javascript")
                return self.send_error(404)
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix in ("", ".html") and not path.is_file() and not preview.ok:
                # No site yet (the first build failed): a page that shows why, and reloads when fixed.
                return self._send(WAITING.encode("utf-8"), "text/html")
            if path.suffix == ".html" and path.is_file():
                html = path.read_text(encoding="utf-8")
                script = f'<script src="{PREFIX}reload.js"></script>'
                return self._send(html.replace("</body>", script + "</body>", 1).encode("utf-8"), "text/html")
            return super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def watched(data: Path) -> list[Path]:
    """What a rebuild depends on that staff or developers edit."""
    return [p for p in (Path(data), DESCRIPTOR, HANDWRITTEN, REPO_ROOT / "overrides") if p.exists()]


def serve(data: Path, out: Path, port: int = 8000, host: str = "127.0.0.1", lang: str = "fi",
          stop: threading.Event | None = None, ready: Callable[[str], None] | None = None) -> None:
    """Build, serve on http://host:port/ and rebuild on every change until `stop` is set;
    `ready` is called with the preview's address once it is served.

    Where the build may fork its processes (processes.start_method: Linux, no other
    thread), the server runs in a forked process of its own, not a thread: its thread
    would make every build start new Pythons instead, which have nothing of the last
    build (build.py)."""
    from watchfiles import watch

    out = Path(out)
    preview = Preview(out.parent / f".{out.name}.work" / "preview.json")
    # The address is known once the port is bound (port 0: any free one); the site is
    # built for it, so its absolute links (language switch, canonical) stay on the preview.
    server = http.server.ThreadingHTTPServer((host, port), functools.partial(handler(out, preview)))
    url = f"http://{host}:{server.server_address[1]}/"
    rebuild(Path(data), out, preview, lang, url)
    out.mkdir(parents=True, exist_ok=True)  # a first build that failed leaves no site yet
    stop_serving = _start_serving(server)
    print(f"Esikatselu / Förhandsgranskning: {url}", flush=True)
    if ready is not None:
        ready(url)
    try:
        for _changes in watch(*watched(data), stop_event=stop, debounce=300, rust_timeout=500):
            rebuild(Path(data), out, preview, lang, url)
            print(f"Rakennettu uudelleen / Byggd på nytt ({'ok' if preview.ok else 'virheitä / fel'})", flush=True)
    finally:
        stop_serving()


def _serve_forever(server: http.server.ThreadingHTTPServer) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle: it ends this process
    gc.freeze()  # the build's objects, shared with the build's process, stay untouched (copy-on-write)
    server.serve_forever()


def _start_serving(server: http.server.ThreadingHTTPServer) -> Callable[[], None]:
    """Serve in a forked process where builds fork (see serve), else in a thread; the
    returned function stops serving."""
    if start_method() == "fork":
        process = get_context("fork").Process(target=_serve_forever, args=(server,), daemon=True)
        process.start()
        server.socket.close()  # (the server's process has it)

        def stop_process() -> None:
            process.terminate()
            process.join()
        return stop_process
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop_thread() -> None:
        server.shutdown()
        server.server_close()
    return stop_thread
