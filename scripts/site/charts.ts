/** Charts for the stats page, drawn at build time as SVG strings: pure functions, no browser needed. */
import type { SiteServer } from './model.ts';
import { codeUnitOrder } from '../core/compare.ts';

export interface Point {
  x: string;
  y: number;
}
export interface Series {
  label: string;
  className: string;
  points: Point[];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Cumulative servers (first publish) and versions per month. */
export function growth(servers: SiteServer[]): Series[] {
  const serverMonths = new Map<string, number>();
  const versionMonths = new Map<string, number>();
  for (const s of servers) {
    const m = s.firstPublishedAt.slice(0, 7);
    serverMonths.set(m, (serverMonths.get(m) ?? 0) + 1);
    for (const v of s.versions) {
      const vm = v.publishedAt.slice(0, 7);
      versionMonths.set(vm, (versionMonths.get(vm) ?? 0) + 1);
    }
  }
  const months = [...new Set([...serverMonths.keys(), ...versionMonths.keys()])].sort();
  const cumulative = (counts: Map<string, number>): Point[] => {
    let total = 0;
    return months.map((x) => ({ x, y: (total += counts.get(x) ?? 0) }));
  };
  return [
    { label: 'Versions', className: 'line2', points: cumulative(versionMonths) },
    { label: 'Servers', className: 'line', points: cumulative(serverMonths) },
  ];
}

export function countBy(
  servers: SiteServer[],
  key: (s: SiteServer) => string[],
): Array<{ label: string; value: number }> {
  const counts = new Map<string, number>();
  for (const s of servers) for (const k of key(s)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value || codeUnitOrder(a.label, b.label));
}

function niceMax(n: number): number {
  if (n <= 5) return Math.max(1, n);
  const mag = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / mag) * mag;
}

export function lineChart(series: Series[], title: string, width = 640, height = 260): string {
  const pad = { l: 48, r: 32, t: 24, b: 36 };
  const xs = series[0]?.points.map((p) => p.x) ?? [];
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.y))));
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const X = (i: number): number => pad.l + (xs.length <= 1 ? w / 2 : (i * w) / (xs.length - 1));
  const Y = (v: number): number => pad.t + h - (v * h) / max;
  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${pad.l}" y1="${pad.t + h}" x2="${pad.l + w}" y2="${pad.t + h}"/>`);
  parts.push(`<line class="axis" x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${pad.t + h}"/>`);
  for (const v of [0, max / 2, max])
    parts.push(`<text x="${pad.l - 6}" y="${Y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  const step = Math.max(1, Math.ceil(xs.length / 8));
  xs.forEach((x, i) => {
    if (i % step === 0 || i === xs.length - 1)
      parts.push(`<text x="${X(i)}" y="${pad.t + h + 16}" text-anchor="middle">${esc(x)}</text>`);
  });
  series.forEach((s, n) => {
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${X(i).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ');
    parts.push(`<path class="${s.className}" d="${d}"/>`);
    if (s.points.length === 1)
      parts.push(`<circle class="${s.className}" cx="${X(0)}" cy="${Y(s.points[0]!.y)}" r="3"/>`);
    const last = s.points.at(-1);
    parts.push(
      `<text x="${pad.l + 8}" y="${pad.t - 8 + n * 0}" dx="${n * 110}">${esc(s.label)}${last ? `: ${last.y}` : ''}</text>`,
    );
    parts.push(`<rect class="${s.className}" x="${pad.l + n * 110 - 4}" y="${pad.t - 16}" width="3" height="10"/>`);
  });
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

export function barChart(items: Array<{ label: string; value: number }>, title: string, width = 640): string {
  const row = 26;
  const pad = { l: 130, r: 48, t: 8 };
  const height = pad.t * 2 + Math.max(1, items.length) * row;
  const max = Math.max(1, ...items.map((i) => i.value));
  const w = width - pad.l - pad.r;
  const parts = items.map((it, n) => {
    const y = pad.t + n * row;
    const bw = Math.max(1, (it.value * w) / max);
    return `<text x="${pad.l - 8}" y="${y + 16}" text-anchor="end">${esc(it.label)}</text><rect class="bar" x="${pad.l}" y="${y + 4}" width="${bw.toFixed(1)}" height="${row - 8}"/><text x="${pad.l + bw + 6}" y="${y + 16}">${it.value}</text>`;
  });
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}
