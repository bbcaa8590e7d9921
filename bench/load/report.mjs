// Turns the JSON results of bench/load/run.sh into the Markdown table of bench/README.md
// ("Rooms load"): node bench/load/report.mjs <results dir> <scenario>...
import { readFileSync } from "node:fs";
import path from "node:path";

const [dir, ...scenarios] = process.argv.slice(2);
const f = (x, d = 1) => (x === null || x === undefined ? "n/a" : Number(x).toFixed(d));
const pct = (h) => `${f(h.p50_ms)} / ${f(h.p95_ms)} / ${f(h.p99_ms)} / ${f(h.max_ms)}`;
const cores = (c) => `${f(c.server_cores, 2)} / ${f(c.loadgen_cores, 2)} / ${f(c.other_cores, 2)}`;

const runs = scenarios.map((name) => {
  try {
    return { name, r: JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8")) };
  } catch (err) {
    return { name, error: String(err.message ?? err) };
  }
});

const rows = [
  ["participants / rooms (capacity 50)", (r) => `${r.users} / ${r.rooms}`],
  ["joins started per second", (r) => f(r.join_rate, 0)],
  ["joined", (r) => `${r.joined}/${r.users}`],
  ["join p50 / p95 / p99 / max (ms), REST join + join-room ack", (r) => pct(r.join)],
  ["  of which REST join p95 / namespace connect + join-room p95 (ms)",
    (r) => `${f(r.join_rest.p95_ms)} / ${f(r.join_namespace.p95_ms)}`],
  ["messages/s, measured seconds", (r) => `${f(r.rate, 0)}, ${f(r.duration_s, 0)}`],
  ["broadcast p50 / p95 / p99 / max (ms)", (r) => pct(r.broadcast)],
  ["send-message ack p95 (ms)", (r) => f(r.send_ack.p95_ms)],
  ["deliveries received / expected (lost, duplicated)",
    (r) => `${r.deliveries_received}/${r.deliveries_expected} (${r.deliveries_lost}, ${r.deliveries_duplicated})`],
  ["deliveries per second", (r) => f(r.deliveries_per_s, 0)],
  ["cores while joining: server / loadgen / other", (r) => cores(r.join_cpu)],
  ["cores while chatting: server / loadgen / other", (r) => cores(r.chat_cpu)],
  ["server CPU per delivery while chatting (µs)",
    (r) => f((r.chat_cpu.server_cpu_s * 1e6) / Math.max(1, r.deliveries_received), 2)],
  ["server RSS: start / signed up / end (MiB)",
    (r) => `${f(r.server_rss_start_kb / 1024)} / ${f(r.server_rss_signed_up_kb / 1024)} / ${f(r.server_rss_end_kb / 1024)}`],
  ["targets: join p95 < 200 ms, broadcast p95 < 100 ms, no loss",
    (r) => (r.join.p95_ms < 200 && r.broadcast.p95_ms < 100 && r.deliveries_lost === 0 && r.joined === r.users ? "met" : "NOT met")],
];

console.log(`| metric | ${runs.map((x) => x.name).join(" | ")} |`);
console.log(`| --- | ${runs.map(() => "---:").join(" | ")} |`);
for (const [label, get] of rows) {
  const cells = runs.map(({ r, error }) => {
    if (error || r.error) return "error";
    try {
      return get(r);
    } catch {
      return "n/a";
    }
  });
  console.log(`| ${label} | ${cells.join(" | ")} |`);
}
