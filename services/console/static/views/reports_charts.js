// Charts for the reports page, drawn as inline SVG from the report's numbers (no library, no build
// step, no inline script or style: the CSP forbids both). Colours come from classes in reports.css.
// Every chart has a <title> and a text table beside it on the page, so nothing is only a picture.

// SVG's namespace, derived from the page's own (XHTML's) so no URL is written in the console's code.
const NS = document.documentElement.namespaceURI.replace("1999/xhtml", "2000/svg");

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const num = (value) => (typeof value === "number" ? value : 0);

/** Vertical bars, one per label, with an optional dashed line (e.g. the monthly pace of a target). */
export function barChart(title, labels, values, { line = null, lineLabel = "", height = 180 } = {}) {
  const width = 640;
  const top = 16;
  const bottom = 28;
  const left = 36;
  const max = Math.max(1, ...values.map(num), line || 0);
  const step = (width - left) / labels.length;
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" }, svg("title", {}, title));
  chart.append(svg("line", { x1: left, x2: width, y1: y(0), y2: y(0), class: "axis" }));
  chart.append(svg("text", { x: left - 6, y: y(max) + 4, class: "tick end" }, String(max)));
  labels.forEach((label, i) => {
    const value = values[i];
    const x = left + i * step + step * 0.15;
    if (typeof value === "number") {
      chart.append(svg("rect", { x, y: y(value), width: step * 0.7, height: y(0) - y(value), class: "bar" }));
      chart.append(svg("text", { x: x + step * 0.35, y: y(value) - 3, class: "value" }, String(value)));
    } else if (value) {
      chart.append(svg("text", { x: x + step * 0.35, y: y(0) - 3, class: "value" }, String(value)));
    }
    chart.append(svg("text", { x: x + step * 0.35, y: height - 10, class: "tick" }, label));
  });
  if (line) {
    chart.append(svg("line", { x1: left, x2: width, y1: y(line), y2: y(line), class: "target" }));
    chart.append(svg("text", { x: width - 4, y: y(line) - 4, class: "tick end" }, lineLabel));
  }
  return chart;
}

/** One horizontal bar split into parts (shares), with a legend under it that wraps. */
export function stackedBar(title, parts) {
  const width = 420;
  const total = parts.reduce((sum, p) => sum + num(p.value), 0);
  const legend = [];
  let lx = 0;
  let ly = 58;
  parts.forEach((part, i) => {
    const text = `${part.label} ${part.text ?? part.value}`;
    const w = text.length * 12 + 22;
    if (lx + w > width) {
      lx = 0;
      ly += 20;
    }
    legend.push(svg("rect", { x: lx, y: ly - 11, width: 12, height: 12, class: `part p${i % 8}` }));
    legend.push(svg("text", { x: lx + 16, y: ly, class: "legend" }, text));
    lx += w;
  });
  const chart = svg("svg", { viewBox: `0 0 ${width} ${ly + 8}`, class: "chart stacked", role: "img" }, svg("title", {}, title));
  let x = 0;
  parts.forEach((part, i) => {
    const w = total ? (width * num(part.value)) / total : 0;
    if (w > 0) {
      chart.append(svg("rect", { x, y: 4, width: w, height: 32, class: `part p${i % 8}` }));
      if (w > 40) chart.append(svg("text", { x: x + w / 2, y: 25, class: "inside" }, part.short || ""));
    }
    x += w;
  });
  chart.append(...legend);
  return chart;
}

/** A weekday × hour grid whose shade grows with the count; out-of-hours is marked per hour. */
export function heatmap(title, rows, dayLabels) {
  const cell = 22;
  const left = 44;
  const width = left + 24 * cell;
  const height = 20 + dayLabels.length * cell + 8;
  const values = rows.flatMap((row) => dayLabels.map((_, d) => num(row[`wd${d}`])));
  const max = Math.max(1, ...values);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart heat", role: "img" }, svg("title", {}, title));
  rows.forEach((row, hour) => {
    if (hour % 3 === 0) chart.append(svg("text", { x: left + hour * cell + cell / 2, y: 12, class: "tick" }, String(hour)));
    dayLabels.forEach((_, d) => {
      const v = num(row[`wd${d}`]);
      const level = v === 0 ? 0 : Math.min(5, 1 + Math.floor((4 * v) / max));
      chart.append(
        svg("rect", { x: left + hour * cell, y: 18 + d * cell, width: cell - 2, height: cell - 2, class: `heat h${level}` },
          svg("title", {}, `${dayLabels[d]}曜 ${hour}時台: ${row[`wd${d}`]}`)),
      );
    });
  });
  dayLabels.forEach((label, d) => chart.append(svg("text", { x: left - 8, y: 18 + d * cell + 15, class: "tick end" }, `${label}曜`)));
  return chart;
}

/** A progress bar against a target, e.g. consultations 226 of 280. */
export function progress(title, value, target) {
  const width = 300;
  const share = target ? Math.min(1, num(value) / target) : 0;
  return svg(
    "svg",
    { viewBox: `0 0 ${width} 14`, class: "chart progress", role: "img" },
    svg("title", {}, title),
    svg("rect", { x: 0, y: 0, width, height: 14, class: "track" }),
    svg("rect", { x: 0, y: 0, width: width * share, height: 14, class: "bar" }),
  );
}
