"""Draws charts as SVG with Vega and Vega-Lite in Node.js (charts/svg/render.mjs): the
feedback bars and NPS trends, and any chart as the reference `plot` is compared with.

Drawing Vega-Lite the common way (vl-convert) takes about 50 ms a chart, most of
it measuring text (about 2 ms a label); the renderer here measures text from a table of the chart font's glyph
widths and compiles and parses each chart template once: about 5 ms a chart
in a large batch on two workers (`make bench-charts`, `make bench`). Each
worker is one `node` process that takes its share of the charts as JSON lines
and answers each with its SVG.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, Required, TypedDict

from seuranta.digest import digest
from seuranta.settings import REPO_ROOT

SCRIPT = Path(__file__).resolve().parent / "svg" / "render.mjs"
ROOT = REPO_ROOT  # Node finds Vega in ROOT/node_modules (npm ci)
# A second worker pays about half a second to start and compile its templates: worth it
# from about 200 charts (at about 5 ms each), an estimate from make bench's timings.
PARALLEL_FROM = 200

# A chart's named datasets: rows as Vega-Lite reads them (JSON).
Datasets = dict[str, list[dict[str, Any]]]


class Job(TypedDict, total=False):
    """A chart to draw: a spec template and what fills it (`specs.Chart.job`), or a whole spec."""

    lang: Required[str]
    template: str  # Vega-Lite JSON with placeholders
    values: dict[str, str | list[str]]  # placeholder -> its text (a list: its lines)
    datasets_json: str  # the named datasets as JSON text (thousands of jobs wait at once: text, not rows)
    spec: dict[str, Any]  # a whole Vega-Lite spec


@cache
def identity() -> str:
    """What decides how a spec is drawn, besides the spec: the renderer, its label
    placement (labels.mjs), its glyph widths, the pinned Vega, Vega-Lite and d3
    locales (package-lock.json), and specs.py and output.py (the locales for Swedish,
    and the SVG's accessible title). Part of every cached drawing's key."""
    files = (SCRIPT, SCRIPT.with_name("labels.mjs"), SCRIPT.with_name("glyph-widths.json"),
             ROOT / "package-lock.json", Path(__file__).with_name("specs.py"), Path(__file__).with_name("output.py"))
    parts = [f.read_bytes() if f.is_file() else b"" for f in files]
    return digest(b"\0".join(parts))


class DrawingFailed(Exception):
    """Charts could not be drawn; the message says why, in plain words."""


def draw(jobs: list[Job], locales: Mapping[str, object], workers: int = 2,
         done: Callable[[int, str], None] | None = None) -> list[str]:
    """The SVG of each job, in order. A job is {"lang", "template", "values", "datasets_json"}
    (a spec template and what fills it) or {"lang", "spec"} (a whole Vega-Lite spec);
    `locales` gives each language's d3 number and time locales. With `done`, each
    drawing is instead handed to done(n, svg) as soon as it is ready (from a reading
    thread), and the list returned is empty."""
    if not jobs:
        return []
    wanted = os.environ.get("SEURANTA_NODE") or "node"
    node = shutil.which(wanted)
    if node is None:
        raise DrawingFailed(f"Charts are drawn with Node.js, and `{wanted}` was not found. Install "
                            "Node.js 18 or newer (or set SEURANTA_NODE to the node program), then run "
                            "`npm ci` in the project folder.")
    # Jobs of one template go to one worker, which compiles the template once; a second
    # worker pays its own start and compiling (about half a second), so it starts
    # only for a batch big enough to gain from it.
    order = sorted(range(len(jobs)), key=lambda n: (jobs[n]["lang"], jobs[n].get("template", "")))
    count = workers if len(jobs) >= PARALLEL_FROM else 1
    size = -(-len(jobs) // count)
    shares = [order[k:k + size] for k in range(0, len(jobs), size)]
    head = _line({"locales": locales})
    started: list[subprocess.Popen[bytes]] = []
    threads = ThreadPoolExecutor(len(shares))
    try:
        answers = list(threads.map(lambda share: _run(node, head, jobs, share, started, done), shares))
    except BaseException:  # an error in one worker, or Ctrl-C: stop them all, now
        for proc in started:
            proc.kill()
        raise
    finally:
        threads.shutdown(wait=True)
    if done is not None:
        return []
    svgs: list[str] = [""] * len(jobs)
    for share, answer in zip(shares, answers, strict=True):
        for n, svg in zip(share, answer, strict=True):
            svgs[n] = svg
    return svgs


def _lines(jobs: list[Job]) -> list[bytes]:
    """The jobs as the renderer reads them: a template's text is sent with its first
    job only, and later jobs name it by number."""
    known: dict[str, int] = {}
    lines = []
    for job in jobs:
        line: dict[str, object] = dict(job)
        data = line.pop("datasets_json", None)
        if "template" in job:
            template = job["template"]
            del line["template"]
            if template not in known:
                known[template] = len(known)
                line["template"] = template
            line["template_key"] = known[template]
        text = _line(line)
        lines.append(text if data is None else text[:-2] + f', "datasets": {data}}}\n'.encode())
    return lines


def _line(record: Mapping[str, object]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


def _run(node: str, head: bytes, everything: list[Job], share: list[int], started: list[subprocess.Popen[bytes]],
         done: Callable[[int, str], None] | None) -> list[str]:
    """One worker: draws the jobs numbered in `share`; returns their SVGs, or hands
    each to `done` as it comes."""
    import tempfile
    import threading

    jobs = [everything[n] for n in share]
    try:  # all lines made first: a job that cannot be written fails here, not in a thread
        lines = [head, *_lines(jobs)]
    except (TypeError, ValueError) as e:
        raise DrawingFailed(f"A chart could not be handed to the renderer: {e}") from e
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([node, str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=errors, cwd=ROOT)
        started.append(proc)
        stdin, stdout = proc.stdin, proc.stdout
        assert stdin is not None and stdout is not None  # both are pipes

        def send() -> None:  # beside the reading, so neither pipe fills up and stalls Node
            try:
                stdin.writelines(lines)
            except OSError:  # Node stopped; why is read from its stderr below
                pass
            finally:
                try:
                    stdin.close()
                except OSError:
                    pass

        writer = threading.Thread(target=send, daemon=True)
        writer.start()
        try:
            answers: list[dict[str, Any]] = []
            cut_off = False
            for line in stdout:
                try:
                    answer = json.loads(line)
                except ValueError:  # an answer cut off: Node stopped in the middle of it
                    proc.kill()
                    cut_off = True
                    break
                if done is not None and "svg" in answer and len(answers) < len(share):
                    done(share[len(answers)], answer.pop("svg"))
                answers.append(answer)
        except BaseException:  # e.g. `done` could not write a file: stop Node, which
            proc.kill()        # would otherwise wait forever on a full pipe
            raise
        finally:
            writer.join()
            code = proc.wait()
        if code != 0 or cut_off:
            errors.seek(0)
            error = errors.read().decode(errors="replace")
            if "ERR_MODULE_NOT_FOUND" in error:
                raise DrawingFailed("Charts are drawn with Vega in Node.js, and Vega is not installed: "
                                    "run `npm ci` in the project folder (`make site` does it for you).")
            raise DrawingFailed(f"The chart renderer stopped (exit code {code}): {error.strip()[-2000:]}")
    if len(answers) != len(jobs):
        raise DrawingFailed(f"The chart renderer answered {len(answers)} charts of {len(jobs)}.")
    problems = [f"{_name(job)}: {a['error']}" for job, a in zip(jobs, answers, strict=True) if "error" in a]
    if problems:
        raise DrawingFailed("Some charts could not be drawn:\n" + "\n".join(problems))
    return [a.get("svg", "") for a in answers]


def _name(job: Job) -> str:
    title = (job.get("values") or {}).get("@title") or (job.get("spec") or {}).get("title") or "a chart"
    return " ".join(title) if isinstance(title, list) else str(title)
