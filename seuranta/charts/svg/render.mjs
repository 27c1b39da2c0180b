// Draws Vega-Lite charts as SVG. One JSON job a line on stdin, one JSON answer a line on stdout.
//   first line: {"locales": {"fi": {"number": {...}, "time": {...}}, ...}}   (d3 locales)
//   job:        {"lang": "fi", "template_key": 0, "template": "<Vega-Lite JSON with placeholders>",
//                "values": {"@title": "...", ...}, "datasets": {"values": [...]}}
//               (a template's text comes with its first job; later ones give only its key)
//            or {"lang": "fi", "spec": {...a whole Vega-Lite spec...}}
//   answer:     {"svg": "<svg ..."}  or  {"error": "what went wrong"}
//               (the SVG ends with <metadata id="sr-points">: the tooltip marks' positions, see points())
//
// Text is measured with a table of glyph widths (glyph-widths.json) instead of a canvas
// or font files, so a chart is laid out the same on every machine. Labels in the plot
// are moved off each other, the points and the axes' texts before the SVG is written
// (labels.mjs).
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { runInThisContext } from "node:vm";
import { placeLabels } from "./labels.mjs";

// Vega and Vega-Lite from their one-file builds (as browsers load them): 0.05 s,
// where importing their 80 modules takes 0.3 s, most of a small rebuild's drawing.
for (const [name, file] of [["vega", "vega.min.js"], ["vega-lite", "vega-lite.min.js"]]) {
  const build = new URL(".", import.meta.resolve(name));
  runInThisContext(readFileSync(new URL(file, build), "utf8"), { filename: file });
}
const { vega } = globalThis;
const { compile } = globalThis.vegaLite;

const glyphs = JSON.parse(readFileSync(new URL("./glyph-widths.json", import.meta.url), "utf8"));

vega.textMetrics.width = (item, text) => {
  const table = item.fontWeight === "bold" || +item.fontWeight >= 600 ? glyphs.bold : glyphs.normal;
  const size = item.fontSize != null ? +item.fontSize : 11; // Vega's default size
  let units = 0;
  for (const ch of String(text ?? item.text ?? "")) units += table[ch] ?? table.fallback;
  return (units * size) / 1000;
};

// Each template is compiled to Vega and parsed once, and gets one Vega view; each
// chart made from it is drawn by that view, its texts set as signals and its data put
// in (compiling, parsing and making a view are most of drawing a chart anew). Before
// each chart the view's data is emptied and run, so that every item is made anew in
// the data's order, and after it is put in the view is resized, so that the layout is
// measured from this chart alone: otherwise a drawing would depend on the chart drawn
// before it (the order of ticks and series, the title's space). So a chart is drawn
// the same, byte for byte, whatever came before it; SEURANTA_FRESH_VIEWS=1 draws each
// with a new view instead, and tests/test_chart_drawing.py compares the two.
const FRESH_VIEWS = process.env.SEURANTA_FRESH_VIEWS === "1";
const EXPRESSIONS = new Set(["signal", "expr", "test"]);

// An expression with each placeholder (inside a quoted string literal) read from its
// signal instead; null when a placeholder is not inside a literal.
function withSignals(code, signals) {
  const placeholders = [...signals.keys()]; // longest first, so none matches inside another
  let out = "", quote = null;
  for (let i = 0; i < code.length; i++) {
    const found = placeholders.find((p) => code.startsWith(p, i));
    if (found) {
      if (!quote) return null;
      out += `${quote} + ${signals.get(found)} + ${quote}`;
      i += found.length - 1;
      continue;
    }
    const ch = code[i];
    out += ch;
    if (quote && ch === "\\") out += code[++i] ?? "";
    else if (quote && ch === quote) quote = null;
    else if (!quote && (ch === '"' || ch === "'")) quote = ch;
  }
  return out;
}

class NotReusable extends Error {}

function toSignals(node, signals, key = null) {
  if (typeof node === "string") {
    if (signals.has(node)) return key === "description" ? "" : { signal: signals.get(node) };
    if (![...signals.keys()].some((p) => node.includes(p))) return node;
    const code = EXPRESSIONS.has(key) ? withSignals(node, signals) : null;
    if (code === null) throw new NotReusable(key);
    return code;
  }
  if (Array.isArray(node)) return node.map((n) => toSignals(n, signals));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, toSignals(v, signals, k)]));
  }
  return node;
}

// The template compiled and parsed, with its placeholders as signals; null when a
// placeholder sits where a signal cannot (each chart is then compiled whole).
function parsedTemplate(template, placeholders) {
  const ordered = [...placeholders].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const signals = new Map(ordered.map((p, n) => [p, `sr_text_${n}`]));
  const vg = compile(JSON.parse(template)).spec;
  try {
    const spec = toSignals(vg, signals);
    spec.signals = [...(spec.signals || []), ...[...signals.values()].map((name) => ({ name, value: "" }))];
    const named = spec.data.filter((d) => !d.source && !d.url && !d.values).map((d) => d.name);
    return { runtime: vega.parse(spec), signals, named };
  } catch (e) {
    if (e instanceof NotReusable) return null;
    throw e;
  }
}

// The marks that carry a tooltip, as [x %, y %, [[title, text], ...]] (left and top of the
// whole drawing, in per cent, so the page can lay hotspots over the image at any size).
// The tooltip's texts are the chart's own, already in its language and number format.
function points(view, width, height) {
  const padding = view.padding(), origin = view.origin();
  const out = [];
  (function walk(mark, dx, dy) {
    for (const it of mark.items || []) {
      const x = dx + (it.x || 0), y = dy + (it.y || 0);
      if (mark.marktype === "group") for (const inner of it.items || []) walk(inner, x, y);
      else if (it.tooltip && typeof it.tooltip === "object" && mark.marktype !== "rule") {
        const cx = mark.marktype === "rect" ? x + (it.width || 0) / 2 : x;
        const cy = mark.marktype === "rect" ? y + (it.height || 0) / 2 : y;
        const texts = Object.entries(it.tooltip).filter(([, v]) => v !== "" && v != null).map(([k, v]) => [k, String(v)]);
        out.push([+(100 * cx / width).toFixed(2), +(100 * cy / height).toFixed(2), texts]);
      }
    }
  })(view.scenegraph().root, padding.left + origin[0], padding.top + origin[1]);
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

const XML = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

async function svgOf(view, keep = false) {
  vega.resetSVGDefIds(); // clip and gradient ids from 1 in every drawing, not from a running count
  try {
    await view.runAsync();
    placeLabels(vega, view); // moves labels off each other, the points and the axes' texts
    const svg = await view.toSVG(); // (runs the dataflow again: nothing left to do, the labels stay)
    const size = svg.match(/^<svg[^>]*? width="([\d.]+)" height="([\d.]+)"/);
    if (!size) return svg;
    // The points ride inside the drawing (seuranta.charts.output takes them out), so a
    // cached drawing keeps them and the answer stays one SVG.
    const json = JSON.stringify(points(view, +size[1], +size[2])).replace(/[&<>]/g, (c) => XML[c]);
    return svg.replace(/<\/svg>$/, `<metadata id="sr-points">${json}</metadata></svg>`);
  } finally {
    if (!keep) view.finalize();
  }
}

async function drawParsed(template, job) {
  const { runtime, signals, named } = template;
  let view = template.view;
  template.view = null; // until this drawing succeeds: a failed one may leave the view half-run
  if (view) {
    for (const name of named) view.data(name, []);
    await view.runAsync();
    // The size a new view starts from (autosize lays the chart out from there).
    view.width(template.size[0]).height(template.size[1]);
    view._origin = [0, 0];
  } else {
    view = new vega.View(runtime, { renderer: "none" });
    template.size = [view.width(), view.height()];
  }
  for (const [placeholder, name] of signals) view.signal(name, job.values[placeholder]);
  for (const name of named) view.data(name, job.datasets[name] || []);
  const svg = await svgOf(view, !FRESH_VIEWS);
  if (!FRESH_VIEWS) template.view = view;
  return svg;
}

function drawAnew(spec) {
  const { datasets = {}, ...rest } = spec;
  const vg = compile(rest).spec;
  const data = (vg.data || []).map((d) => (d.name in datasets ? { ...d, values: datasets[d.name] } : d));
  return svgOf(new vega.View(vega.parse({ ...vg, data }), { renderer: "none" }));
}

function filled(job) { // the whole spec, as seuranta.charts.Chart.spec makes it
  const quoted = Object.fromEntries(Object.entries(job.values).map(([p, v]) => [JSON.stringify(p), JSON.stringify(v)]));
  const names = Object.keys(quoted).map((q) => q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const text = names.length ? job.template.replace(new RegExp(names.join("|"), "g"), (q) => quoted[q]) : job.template;
  return { ...JSON.parse(text), datasets: job.datasets };
}

const templates = new Map(); // template key -> template text
const parsed = new Map(); // language + template key -> parsed template, or null

function draw(job) {
  if (job.spec) return drawAnew(job.spec);
  job.template = templates.get(job.template_key);
  const key = `${job.lang} ${job.template_key}`; // a view takes the locale current when it is made
  const placeholders = Object.keys(job.values);
  if (!parsed.has(key)) parsed.set(key, parsedTemplate(job.template, placeholders));
  const template = parsed.get(key);
  // Vega-Lite leaves an empty title out, where a signal would keep its space: such
  // charts, and any whose placeholders differ from the template's, are compiled whole.
  const fits = template && placeholders.length === template.signals.size
    && placeholders.every((p) => template.signals.has(p) && job.values[p] !== "");
  return fits ? drawParsed(template, job) : drawAnew(filled(job));
}

let locales = {};
let current = null;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  let answer, job;
  try {
    job = JSON.parse(line);
    if (job.locales) {
      locales = job.locales;
      continue;
    }
    // Kept before anything can fail, so later jobs of the template still find it.
    if (job.template !== undefined) templates.set(job.template_key, job.template);
    if (job.lang !== current) {
      vega.formatLocale(locales[job.lang].number);
      vega.timeFormatLocale(locales[job.lang].time);
      current = job.lang;
    }
    answer = { svg: await draw(job) };
  } catch (e) {
    answer = { error: String((e && e.message) || e) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
