// Places the labels drawn in a chart's plot (a series' name at its last value, the
// target's and the baseline's labels, NPS values) so that none covers another label, a
// point or the axes' texts, and none leaves the drawing (WCAG 1.4.10: at 320 px they
// ran into each other).
//
// Label marks are recognised by name: a Vega-Lite layer named "sr_label_<kind>..."
// (seuranta/charts/specs.py) becomes the Vega mark "sr_label_<kind>..._marks". After
// the view has run, and before it is written as SVG, each label is given one of a few
// positions around its anchor (above or below, on either side of its point; for the
// target, either end of its line, above or below it): of all the combinations, the one
// that covers the least of other labels, points and texts, then crosses the fewest
// lines, then keeps labels where they were meant to be (a small search, cut short:
// see choose). When every position collides, the least bad one is kept. Only the
// labels' x, dx, dy, align and baseline change: the points (and the page's hotspots
// over them) stay where they are. Plain arithmetic in a fixed order: the same chart
// gives the same SVG bytes.
//
// Why not Vega's `label` transform (vega-label): it hides a label that has no free
// place (a series' name stands in for the legend, so it must stay), it avoids only
// marks named in the spec (not the axes' texts or the title), and it draws the marks
// to avoid on a canvas, which Node has only with the native `canvas` package.

const PREFIX = "sr_label_";
const TARGET_LINE = "sr_target_line_marks";
// A text's box as a browser draws it: Vega's bounds put the top 0.8 font sizes above
// the baseline and the bottom 0.2 below; the fonts charts are shown in reach about
// 0.93 above (DejaVu Sans; Liberation Sans and Arial 0.91) and 0.24 below.
const ASCENT = 0.93, DESCENT = 0.24;
const GAP = 2; // free pixels kept around a label
// The order labels are searched in: on a tie, and when the search stops early, the
// earlier ones keep their preferred positions.
const ORDER = { series: 0, value: 1, baseline: 2, target: 3 };

// A box [x1, y1, x2, y2] in the drawing's coordinates (those of its outermost group).
function textBox(item, dx, dy) {
  const b = item.bounds, size = item.fontSize != null ? +item.fontSize : 11;
  return [b.x1 + dx, b.y1 + dy - (ASCENT - 0.8) * size, b.x2 + dx, b.y2 + dy + (DESCENT - 0.2) * size];
}

function overlap(a, b) {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

function area(a) {
  return Math.max(0, a[2] - a[0]) * Math.max(0, a[3] - a[1]);
}

// Whether the segment (x1, y1)–(x2, y2) passes through the box (Liang–Barsky clipping).
function crosses(box, [x1, y1, x2, y2]) {
  let t0 = 0, t1 = 1;
  const dx = x2 - x1, dy = y2 - y1;
  for (const [p, q] of [[-dx, x1 - box[0]], [dx, box[2] - x1], [-dy, y1 - box[1]], [dy, box[3] - y1]]) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

function lines(item) {
  const text = Array.isArray(item.text) ? item.text : [item.text];
  return text.map((t) => (t == null ? "" : String(t))).filter((t) => t.trim() !== "");
}

// Everything in the drawing a label must keep off (texts, points), the lines it had
// better not cross, and the labels to place, each with its group's offset.
function survey(view) {
  const labels = [], solid = [], strokes = [];
  (function walk(mark, dx, dy, group) {
    if (mark.marktype === "group") {
      for (const it of mark.items || []) {
        for (const inner of it.items || []) walk(inner, dx + (it.x || 0), dy + (it.y || 0), it);
      }
      return;
    }
    const name = mark.name || "";
    if (mark.marktype === "line" && mark.role === "mark") {
      const drawn = (mark.items || []).filter((it) => it.defined !== false && Number.isFinite(it.x + it.y));
      for (let n = 1; n < drawn.length; n++) {
        strokes.push([dx + drawn[n - 1].x, dy + drawn[n - 1].y, dx + drawn[n].x, dy + drawn[n].y]);
      }
      return;
    }
    for (const it of mark.items || []) {
      if (it.opacity === 0) continue;
      if (mark.marktype === "text" && name.startsWith(PREFIX)) {
        if (lines(it).length) labels.push({ item: it, kind: name.slice(PREFIX.length).split("_")[0], dx, dy, group });
      } else if (mark.marktype === "text") {
        if (it.text != null && String(it.text).trim() !== "") solid.push(textBox(it, dx, dy));
      } else if (mark.marktype === "symbol") {
        solid.push([it.bounds.x1 + dx, it.bounds.y1 + dy, it.bounds.x2 + dx, it.bounds.y2 + dy]);
      } else if (mark.marktype === "rule" && mark.role === "mark") {
        const x = (it.x || 0) + dx, y = (it.y || 0) + dy;
        strokes.push([x, y, it.x2 != null ? it.x2 + dx : x, it.y2 != null ? it.y2 + dy : y]);
      }
    }
  })(view.scenegraph().root, 0, 0, null);
  return { labels, solid, strokes };
}

// The positions a label may take, as [align, dx, vertical, anchor x, shift], in order of preference.
// `vertical` says where the text's block goes: "above" (its last line's baseline 12 px
// over the anchor, a point), "below" (its first line's top 8 px under it), "beside"
// (centred on it), or for a line's label "on" (just over the line) and "under".
function candidates(label, group) {
  const it = label.item;
  if (label.kind === "target") {
    // Either end of the target line (from the rule mark of the same group).
    const rule = ((group && group.items) || []).find((m) => m.name === TARGET_LINE);
    const line = rule && (rule.items || []).find((r) => Math.abs((r.y || 0) - (it.y || 0)) < 0.5);
    // (Vega-Lite draws a rule across the whole plot from its right end to its left: x is
    // the width and x2 is 0. Its left end is the start, whichever way it was drawn.)
    const a = line ? line.x || 0 : it.x || 0;
    const b = line && line.x2 != null ? line.x2 : group ? group.width : a;
    const start = Math.min(a, b), end = Math.max(a, b);
    return [["left", 4, "on", start], ["right", -4, "on", end], ["left", 4, "under", start],
            ["right", -4, "under", end], ["center", 0, "on", (start + end) / 2], ["center", 0, "under", (start + end) / 2]];
  }
  const x = it.x || 0;
  if (label.kind === "value") {
    return [["center", 0, "above", x], ["center", 0, "below", x], ["left", 9, "beside", x], ["right", -9, "beside", x]];
  }
  // A series' name: first the side specs.py chose (the one with room on the time axis).
  // The baseline's label starts a little left of its diamond, as specs.py draws it.
  const [first, second] = label.kind === "series" && it.datum && it.datum.last === "left"
    ? [["left", 6], ["right", -6]] : label.kind === "series" ? [["right", -6], ["left", 6]] : [["left", -4], ["right", 4]];
  const near = [[...first, "above", x], [...second, "above", x], [...first, "below", x], [...second, "below", x],
                ["left", 10, "beside", x], ["center", 0, "above", x], ["center", 0, "below", x], ["right", -10, "beside", x]];
  // Last, a little farther off (a long name by a point at the top of the plot, between others).
  const far = [[...first, "below", x, 22], [...first, "above", x, -22], [...first, "below", x, 44],
               [...second, "below", x, 22], [...second, "above", x, -22], [...second, "below", x, 44]];
  return [...near, ...far];
}

// The label moved to a position (moved `shift` pixels more down); returns its box.
function put(vega, label, [align, dx, vertical, x, shift = 0], count) {
  const it = label.item, size = it.fontSize != null ? +it.fontSize : 11;
  const step = it.lineHeight != null ? +it.lineHeight : size + 2;
  const block = (count - 1) * step; // first baseline to last
  it.x = x;
  it.align = align;
  it.baseline = "alphabetic";
  it.dx = dx;
  it.dy = vertical === "above" ? -12 - block
    : vertical === "below" ? 8 + Math.ceil(ASCENT * size)
      : vertical === "on" ? -6 // a line's label: just over it or just under it
        : vertical === "under" ? 4 + Math.ceil(ASCENT * size)
          : Math.round((ASCENT - DESCENT) * size / 2 - block / 2); // beside: centred
  it.dy += shift;
  vega.boundItem(it);
  return textBox(it, label.dx, label.dy);
}

// What a position costs on its own: "hard", the area it covers of points and texts (with
// GAP around it) and lies out of the drawing; "soft", the lines it crosses, and 1 when it
// leaves the plot (over the axes or into the title's room).
function cost(box, solid, strokes, drawing, plot) {
  let hard = area(box) - overlap(box, drawing);
  for (const other of solid) hard += overlap(padded(box), other);
  let soft = strokes.filter((s) => crosses(box, s)).length;
  if (plot && area(box) - overlap(box, plot) > 0) soft += 1;
  return [hard, soft];
}

function padded(box) {
  return [box[0] - GAP, box[1] - GAP, box[2] + GAP, box[3] + GAP];
}

// Up to this many positions tried in the search (a chart has a few labels, each 4–8
// positions; NPS trends with many values stop here, with the best found so far).
const TRIES = 20000;

// The position of each label (an index into its options) with the least hard cost in
// all, then the least soft cost, then the earliest preferred: a depth-first search in a
// fixed order, cut where it cannot do better than the best found.
function choose(options) {
  const chosen = new Array(options.length);
  let best = null, tries = 0;
  (function go(k, hard, soft) {
    if (best && (hard > best.hard || (hard === best.hard && soft >= best.soft))) return;
    if (k === options.length) {
      best = { hard, soft, picks: chosen.slice() };
      return;
    }
    for (let c = 0; c < options[k].length && tries++ < TRIES; c++) {
      const option = options[k][c];
      let more = option.hard;
      for (let j = 0; j < k; j++) more += overlap(padded(options[j][chosen[j]].box), option.box);
      chosen[k] = c;
      go(k + 1, hard + more, soft + option.soft);
    }
  })(0, 0, 0);
  return best.picks;
}

export function placeLabels(vega, view) {
  const { labels, solid, strokes } = survey(view);
  if (!labels.length) return;
  const padding = view.padding(), origin = view.origin();
  // The drawing as toSVG writes it (vega-view's render-size.js), in the coordinates of its outermost group.
  const left = padding.left + origin[0], top = padding.top + origin[1];
  const drawing = [-left, -top, view._viewWidth + padding.left + padding.right - left,
                   view._viewHeight + padding.top + padding.bottom - top];
  labels.sort((a, b) => (ORDER[a.kind] ?? 9) - (ORDER[b.kind] ?? 9)
    || ((a.item.datum && a.item.datum.order) ?? 0) - ((b.item.datum && b.item.datum.order) ?? 0));
  const options = labels.map((label) => {
    const text = lines(label.item);
    label.item.text = text.length === 1 ? text[0] : text;
    label.count = text.length;
    const group = label.group;
    const plot = group && group.width ? [label.dx, label.dy, label.dx + group.width, label.dy + group.height] : null;
    return candidates(label, group).map((position) => {
      const box = put(vega, label, position, text.length);
      const [hard, soft] = cost(box, solid, strokes, drawing, plot);
      return { position, box, hard, soft };
    });
  });
  choose(options).forEach((c, n) => {
    put(vega, labels[n], options[n][c].position, labels[n].count);
  });
}
