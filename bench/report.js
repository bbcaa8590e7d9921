// Turns the sio-loadgen JSON results written by bench/run.sh into the comparison table
// (Markdown on stdout). Usage: node bench/report.js RESULTS_DIR [carrel] [node]
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
const names = process.argv.slice(3);
if (!dir) {
  process.stderr.write('usage: node bench/report.js RESULTS_DIR [server...]\n');
  process.exit(2);
}

function load(name, scenario) {
  const file = path.join(dir, `${name}-${scenario}.json`);
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    return JSON.parse(lines[lines.length - 1]);
  } catch {
    return null;
  }
}

function metrics(name) {
  const seed = load(name, 'seed');
  const ramp = load(name, 'ramp');
  const idle = load(name, 'idle');
  const s = seed && seed.result;
  const r = ramp && ramp.result;
  const m = {};
  if (s) {
    m.cpu = s.server_cpu_us_per_delivery;
    m.p50 = s.p50_ms;
    m.p95 = s.p95_ms;
    m.p99 = s.p99_ms;
    m.seedLoss = `${s.received}/${s.expected}`;
  }
  if (r) {
    m.tput = r.deliveries_per_s;
    m.tputP99 = r.p99_ms;
    m.tputCpu = r.server_cpu_us_per_delivery;
    const f2 = (v) => (typeof v === 'number' ? v.toFixed(2) : 'n/a');
    m.cores = `${f2(r.server_cores)} / ${f2(r.loadgen_cores)} / ${f2(r.other_cores)}`;
    m.rampStop = ramp.ramp_stop;
    if (ramp.first_fail) m.rampStop += ` at ${Math.round(ramp.first_fail.deliveries_per_s)}/s`;
  }
  if (idle && idle.server_rss_per_conn_bytes !== undefined) {
    m.mem = idle.server_rss_per_conn_bytes / 1024;
    m.idleConns = idle.connected;
    m.connectRate = idle.connect_rate_per_s;
    m.holdCpu = idle.server_cpu_hold_us / 1e6;
    m.hold = idle.hold_s;
  }
  return m;
}

const data = Object.fromEntries(names.map((n) => [n, metrics(n)]));
const carrel = data.carrel || {};
const node = data.node || {};
const idleConns = carrel.idleConns || node.idleConns;
const idleLabel = idleConns ? idleConns.toLocaleString('en-US') : 'N';
const holdLabel = carrel.hold || node.hold || 'T';

function fmt(v, digits) {
  if (v === undefined || v === null || Number.isNaN(v)) return 'n/a';
  if (typeof v === 'string') return v;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
function ratio(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || b === 0) return 'n/a';
  return `${(a / b).toFixed(2)}x`;
}

const rows = [
  ['Server CPU per delivered message, seed load (us = s per million)', 'cpu', 2, 'node/carrel >= 10'],
  ['Latency p50, seed load (ms)', 'p50', 2, ''],
  ['Latency p95, seed load (ms)', 'p95', 2, ''],
  ['Latency p99, seed load (ms)', 'p99', 2, 'node/carrel >= 1'],
  ['Deliveries received/expected, seed load', 'seedLoss', 0, 'no loss'],
  ['Max throughput, p99 <= 50 ms (deliveries/s)', 'tput', 0, 'loadgen-limited'],
  ['p99 at max throughput (ms)', 'tputP99', 2, ''],
  ['Server CPU per delivery at max throughput (us)', 'tputCpu', 2, ''],
  ['CPU cores used at max throughput: server / loadgen / other', 'cores', 0, ''],
  ['Ramp stopped by (first failing step)', 'rampStop', 0, ''],
  [`Memory per idle connection, ${idleLabel} conns (KB)`, 'mem', 1, 'node/carrel >= 4'],
  [`Connection setup rate, ${idleLabel} conns (handshakes/s)`, 'connectRate', 0, ''],
  [`Server CPU while holding them ${holdLabel} s (pings) (s)`, 'holdCpu', 2, ''],
];

const out = [];
out.push('| Metric | Carrel | Node socket.io | node/carrel | Target |');
out.push('| --- | ---: | ---: | ---: | --- |');
for (const [label, key, digits, target] of rows) {
  out.push(
    `| ${label} | ${fmt(carrel[key], digits)} | ${fmt(node[key], digits)} | ` +
      `${typeof carrel[key] === 'number' ? ratio(node[key], carrel[key]) : ''} | ${target} |`,
  );
}
process.stdout.write(`${out.join('\n')}\n`);
