// The run's report: <date>.json (everything measured), <date>.md (a table per scenario:
// Parley, baseline, ratio) and SVG charts of latency percentiles and of p99 per offered rate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, verdict } from './steps.mjs';

const COLORS = { parley: '#2563eb', baseline: '#9ca3af' };
/** Colours for series other than parley and baseline (the capacity scenario's action classes), by name. */
const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
  '#65a30d',
  '#ea580c',
  '#0f766e',
  '#9333ea',
  '#b91c1c',
  '#1d4ed8',
  '#ca8a04',
  '#059669',
  '#6b21a8',
  '#be123c',
  '#0369a1',
  '#a16207',
];
const extra = new Map();
const colour = (name) => COLORS[name] ?? extra.get(name) ?? (extra.set(name, PALETTE[extra.size % PALETTE.length]), extra.get(name));
const PERCENTILES = [
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
  ['max', 'max'],
];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

function frame(title, width, height, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>
${body}
</svg>
`;
}

function legend(x, y, names) {
  return names
    .map(
      (name, i) =>
        `<rect x="${x}" y="${y + i * 16}" width="10" height="10" fill="${colour(name)}"/><text x="${x + 14}" y="${y + 9 + i * 16}">${name}</text>`,
    )
    .join('\n');
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

function yAxis(left, top, height, max, label) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = top + height - f * height;
    return `<line x1="${left - 4}" x2="${left}" y1="${y}" y2="${y}" stroke="#333"/><text x="${left - 6}" y="${y + 4}" text-anchor="end">${+(max * f).toPrecision(3)}</text><line x1="${left}" x2="${left + 2000}" y1="${y}" y2="${y}" stroke="#eee"/>`;
  });
  return `${ticks.join('\n')}<text transform="translate(14 ${top + height / 2}) rotate(-90)" text-anchor="middle">${esc(label)}</text>`;
}

/** Grouped bars: Parley and baseline latency at p50..max. */
export function latencySvg(title, latencies) {
  const names = Object.keys(latencies).filter((n) => latencies[n]);
  const [width, height, left, top, plotH] = [560, 300, 60, 40, 200];
  const max = niceMax(Math.max(...names.flatMap((n) => PERCENTILES.map(([k]) => latencies[n][k] ?? 0))));
  const groupW = (width - left - 100) / PERCENTILES.length;
  const barW = (groupW - 16) / names.length;
  const bars = PERCENTILES.flatMap(([key, label], g) => [
    ...names.map((name, i) => {
      const value = latencies[name][key] ?? 0;
      const h = (value / max) * plotH;
      const x = left + g * groupW + 8 + i * barW;
      return `<rect x="${x}" y="${top + plotH - h}" width="${barW - 2}" height="${h}" fill="${colour(name)}"><title>${name} ${label}: ${value} ms</title></rect><text x="${x + barW / 2}" y="${top + plotH - h - 3}" text-anchor="middle" font-size="9">${fmt(value)}</text>`;
    }),
    `<text x="${left + g * groupW + groupW / 2}" y="${top + plotH + 16}" text-anchor="middle">${label}</text>`,
  ]);
  return frame(title, width, height, `${yAxis(left, top, plotH, max, 'latency (ms)')}\n${bars.join('\n')}\n${legend(width - 90, top, names)}`);
}

/** Lines: p99 latency (and achieved throughput in the tooltip) per offered rate. */
export function throughputSvg(title, series, unit, bound, { xLabel = `offered load (${unit})` } = {}) {
  const names = Object.keys(series).filter((n) => series[n]?.length);
  const [width, height, left, top, plotW, plotH] = [560, Math.max(300, 60 + names.length * 16), 60, 40, 400, 200];
  const xs = names.flatMap((n) => series[n].map((p) => p.rate));
  const maxX = niceMax(Math.max(...xs));
  const maxY = niceMax(Math.max(bound ?? 0, ...names.flatMap((n) => series[n].map((p) => Math.min(p.p99 ?? 0, (bound ?? Infinity) * 4)))));
  const px = (x) => left + (x / maxX) * plotW;
  const py = (y) => top + plotH - (Math.min(y, maxY) / maxY) * plotH;
  const lines = names.map((name) => {
    const pts = series[name].filter((p) => p.p99 !== null);
    const path = pts.map((p, i) => `${i ? 'L' : 'M'}${px(p.rate).toFixed(1)},${py(p.p99).toFixed(1)}`).join(' ');
    const dots = pts.map(
      (p) =>
        `<circle cx="${px(p.rate)}" cy="${py(p.p99)}" r="3" fill="${colour(name)}"><title>${name} @ ${p.rate} ${unit}: p99 ${p.p99} ms${p.pass === false ? ' (fails)' : ''}</title></circle>`,
    );
    return `<path d="${path}" fill="none" stroke="${colour(name)}" stroke-width="2"/>${dots.join('')}`;
  });
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map(
    (f) => `<text x="${px(maxX * f)}" y="${top + plotH + 16}" text-anchor="middle">${+(maxX * f).toPrecision(3)}</text>`,
  );
  const boundLine = bound
    ? `<line x1="${left}" x2="${left + plotW}" y1="${py(bound)}" y2="${py(bound)}" stroke="#dc2626" stroke-dasharray="4 3"/><text x="${left + plotW - 2}" y="${py(bound) - 4}" text-anchor="end" fill="#dc2626">target ${bound} ms</text>`
    : '';
  return frame(
    title,
    width,
    height,
    `${yAxis(left, top, plotH, maxY, 'p99 latency (ms)')}\n${xTicks.join('')}<text x="${left + plotW / 2}" y="${height - 28}" text-anchor="middle">${esc(xLabel)}</text>\n${boundLine}\n${lines.join('\n')}\n${legend(width - 90, top, names)}`,
  );
}

const cell = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : fmt(v, 2)) : (v ?? '-'));

function stepTable(run, label) {
  if (!run?.steps?.length) return '';
  const rows = run.steps.map(
    (s) =>
      `| ${label} | ${s.rate} | ${fmt(s.latency.p50)} | ${fmt(s.latency.p90)} | ${fmt(s.latency.p99)} | ${fmt(s.latency.p999)} | ${fmt(s.latency.max)} | ${s.lost ?? s.errors ?? 0}${s.duplicated ? ` / dup ${s.duplicated}` : ''} | ${fmt(s.cpu.server * 100, 0)}% | ${fmt(s.cpu.postgres * 100, 0)}% | ${fmt(s.cpu.generator * 100, 0)}%${s.cpu.generators?.length > 1 ? ` (${s.cpu.generators.map((g) => fmt(g * 100, 0)).join(' + ')})` : ''} | ${verdict(s).toLowerCase()} |`,
  );
  return rows.join('\n');
}

export function writeReport(dir, report) {
  // Only a full run (every scenario, not quick) writes the plain <date> report that is committed.
  // BENCH_LABEL names a variant (say rls-off, tracing-on), so runs of the same scenarios do not overwrite each other.
  const label = process.env.BENCH_LABEL?.replace(/[^a-z0-9-]/gi, '') || null;
  const stamp = [report.date.slice(0, 10), report.quick ? 'quick' : null, report.partial ? `partial-${report.partial.join('-')}` : null, label]
    .filter(Boolean)
    .join('-');
  const files = [];
  const write = (name, text) => {
    writeFileSync(join(dir, name), text);
    files.push(`bench/results/${name}`);
  };
  write(`${stamp}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    `# Parley benchmark, ${report.date.slice(0, 16).replace('T', ' ')} UTC${report.quick ? ' (quick mode)' : ''}${report.partial ? ` (only ${report.partial.join(', ')})` : ''}${process.env.BENCH_LABEL ? ` (variant: ${process.env.BENCH_LABEL})` : ''}`,
    '',
    `Machine: ${report.machine.cpus} cores (${report.machine.cpu}), ${report.machine.memoryGiB} GiB, Node ${report.machine.node}, PostgreSQL ${report.machine.postgres}. ` +
      `Server under test, PostgreSQL and the load generator share these cores. Whole run: ${fmt(report.seconds, 0)} s. ` +
      'Reproduce: `npm run bench` (or `npm run bench -- <scenario>`, `-- --quick`).',
    '',
  ];
  for (const r of report.results) {
    md.push(`## ${r.title}`, '', `Target: ${r.target}`, '');
    if (r.error) {
      md.push(`**Did not complete:** ${r.error}`, '');
      continue;
    }
    md.push('| metric | Parley | baseline | ratio | target | met |', '|---|---|---|---|---|---|');
    for (const row of r.table) {
      md.push(
        `| ${row.metric} | ${cell(row.parley)} | ${cell(row.baseline)} | ${row.ratio ? fmt(row.ratio, 2) : '-'} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met === null ? (row.why ?? 'n/a') : row.met ? 'yes' : '**no**'} |`,
      );
    }
    md.push('');
    const steps = [stepTable(r.parley, 'Parley'), stepTable(r.baseline, 'baseline')].filter(Boolean);
    if (steps.length) {
      md.push(
        `Steps (open-loop, latency from each event's due time, ms; loss = ${r.lossLabel ?? 'expected deliveries not received'}; CPU as share of one core):`,
        '',
        `| run | offered (${r.unit}) | p50 | p90 | p99 | p99.9 | max | loss | server CPU | PostgreSQL CPU | generator CPU | |`,
        '|---|---|---|---|---|---|---|---|---|---|---|---|',
        ...steps,
        '',
      );
    }
    if (r.latency) {
      const file = `${stamp}-${r.name}-latency.svg`;
      write(file, latencySvg(`${r.name}: ${r.latencyLabel ?? 'latency percentiles'}`, r.latency));
      md.push(`![${r.name} latency](${file})`);
    }
    if (r.parley?.steps?.length > 1 || r.baseline?.steps?.length > 1) {
      const file = `${stamp}-${r.name}-throughput.svg`;
      const series = {};
      for (const name of ['parley', 'baseline']) series[name] = r[name]?.steps?.map((s) => ({ rate: s.rate, p99: s.latency.p99, pass: s.pass }));
      write(file, throughputSvg(`${r.name}: p99 by offered load`, series, r.unit, r.bound));
      md.push(`![${r.name} throughput](${file})`);
    }
    // A scenario's own charts ({name, title, series, unit, bound, xLabel}) and Markdown lines.
    for (const chart of r.charts ?? []) {
      const file = `${stamp}-${r.name}-${chart.name}.svg`;
      write(file, throughputSvg(chart.title, chart.series, chart.unit, chart.bound, { xLabel: chart.xLabel }));
      md.push(`![${r.name} ${chart.name}](${file})`, '');
    }
    if (r.markdown?.length) md.push('', ...r.markdown);
    md.push('');
    for (const note of r.notes ?? []) md.push(`- ${note}`);
    if (r.notes?.length) md.push('');
  }
  write(`${stamp}.md`, `${md.join('\n')}\n`);
  return files;
}
