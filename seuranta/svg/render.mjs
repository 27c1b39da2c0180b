// Draws Vega-Lite charts as SVG. One JSON job a line on stdin, one JSON answer a line on stdout.
//   first line: {"locales": {"fi": {"number": {...}, "time": {...}}, ...}}   (d3 locales)
//   job:        {"lang": "fi", "template": "<Vega-Lite JSON with placeholders>",
//                "values": {"@title": "...", ...}, "datasets": {"values": [...]}}
//            or {"lang": "fi", "spec": {...a whole Vega-Lite spec...}}
//   answer:     {"svg": "<svg ..."}  or  {"error": "what went wrong"}
//
// Text is measured with a table of glyph widths (glyph-widths.json) instead of a canvas
// or font files, so a chart is laid out the same on every machine.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { runInThisContext } from "node:vm";

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

// Each template is compiled to Vega once, and drawn by one Vega view that is reused
// for every chart made from it: the chart's data replace the view's data, and its
// texts are signals. (Compiling, parsing and making a view are 80 % of drawing a
// chart anew.) Reuse must not change a drawing: the view's size is worked out
// again on every run (autosize "resize"), and its data are emptied after each
// chart, so series are drawn in the same order as in a new view.
const EXPRESSIONS = new Set(["signal", "expr", "test"]);
const signalOf = (placeholder) => "sr_" + placeholder.replace(/\W/g, "_");

// An expression with each placeholder (inside a quoted string literal) read from its
// signal instead; null when a placeholder is not inside a literal.
function withSignals(code, placeholders) {
  let out = "", quote = null;
  for (let i = 0; i < code.length; i++) {
    const found = placeholders.find((p) => code.startsWith(p, i));
    if (found) {
      if (!quote) return null;
      out += `${quote} + ${signalOf(found)} + ${quote}`;
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

function toSignals(node, placeholders, key = null) {
  if (typeof node === "string") {
    if (placeholders.includes(node)) return key === "description" ? "" : { signal: signalOf(node) };
    if (!placeholders.some((p) => node.includes(p))) return node;
    const code = EXPRESSIONS.has(key) ? withSignals(node, placeholders) : null;
    if (code === null) throw new NotReusable(key);
    return code;
  }
  if (Array.isArray(node)) return node.map((n) => toSignals(n, placeholders));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, toSignals(v, placeholders, k)]));
  }
  return node;
}

function reusableView(template, placeholders) {
  const vg = compile(JSON.parse(template)).spec;
  try {
    const spec = toSignals(vg, placeholders);
    const size = typeof spec.autosize === "object" ? spec.autosize : { type: spec.autosize || "pad" };
    spec.autosize = { ...size, resize: true };
    spec.signals = [...(spec.signals || []), ...placeholders.map((p) => ({ name: signalOf(p), value: "" }))];
    const named = spec.data.filter((d) => !d.source && !d.url && !d.values).map((d) => d.name);
    return { view: new vega.View(vega.parse(spec), { renderer: "none" }), named };
  } catch (e) {
    if (e instanceof NotReusable) return null;
    throw e;
  }
}

const views = new Map(); // template text -> {view, named datasets}, or null: draw each chart anew

async function drawReused({ view, named }, job) {
  for (const [placeholder, value] of Object.entries(job.values)) view.signal(signalOf(placeholder), value);
  for (const name of named) view.data(name, job.datasets[name] || []);
  try {
    return await view.toSVG();
  } finally {
    for (const name of named) view.data(name, []);
    await view.runAsync();
  }
}

async function drawAnew(spec) {
  const { datasets = {}, ...rest } = spec;
  const vg = compile(rest).spec;
  const data = (vg.data || []).map((d) => (d.name in datasets ? { ...d, values: datasets[d.name] } : d));
  const view = new vega.View(vega.parse({ ...vg, data }), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function filled(job) {  // the whole spec, as seuranta.charts.Chart.spec makes it
  const quoted = Object.fromEntries(Object.entries(job.values).map(([p, v]) => [JSON.stringify(p), JSON.stringify(v)]));
  const names = Object.keys(quoted).map((q) => q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const text = names.length ? job.template.replace(new RegExp(names.join("|"), "g"), (q) => quoted[q]) : job.template;
  return { ...JSON.parse(text), datasets: job.datasets };
}

async function draw(job) {
  if (job.spec) return drawAnew(job.spec);
  if (!views.has(job.template)) views.set(job.template, reusableView(job.template, Object.keys(job.values)));
  const reusable = views.get(job.template);
  return reusable ? drawReused(reusable, job) : drawAnew(filled(job));
}

let locales = {};
let current = null;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const job = JSON.parse(line);
  if (job.locales) {
    locales = job.locales;
    continue;
  }
  let answer;
  try {
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
