// Starts build/carrel ($CARREL_BIN) for the SFU tests: free HTTP and RTC ports, a throw-away
// data directory, the bundled harness as the web root and the SFU on 127.0.0.1. Also the REST
// calls the tests need (sign up, create and join a room) and a /metrics reader.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, "../..");
const BIN = path.resolve(ROOT, process.env.CARREL_BIN ?? "build/carrel");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startServer(extraArgs = []) {
  const port = await freePort();
  const rtcPort = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "carrel-sfu-"));
  const args = ["--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir,
    "--web-root", path.join(here, "dist"), "--rtc-listen-ip", "127.0.0.1",
    "--rtc-announced-ip", "127.0.0.1", "--rtc-port", String(rtcPort),
    "--rate-join", "1000/min", "--rate-api", "10000/min", "--log-format", "json", ...extraArgs];
  const child = spawn(BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`carrel exited: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    log: () => log,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function api(server, method, route, body, token) {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

let counter = 0;
export async function signup(server, name) {
  counter += 1;
  const email = `${name.toLowerCase()}-${process.pid}-${counter}@sfu.test`;
  const { token, user } = await api(server, "POST", "/api/auth/signup", {
    name,
    email,
    password: "password123",
  });
  return { token, id: user.id, name };
}

export async function createRoom(server, owner, capacity = 10) {
  const body = await api(server, "POST", "/api/rooms",
    { name: `SFU ${process.pid}-${Date.now()}`, capacity, media_topology: "sfu" }, owner.token);
  return body.room?.id ?? body.id;
}

/** The samples of a metric family as {labelValue: number}. */
export async function metric(server, name) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const values = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const match = line.match(/^([a-z_]+)(?:\{[a-z_]+="([^"]*)"\})? ([0-9.e+-]+)$/);
    if (match && match[1] === name) values[match[2] ?? ""] = Number(match[3]);
  }
  return values;
}
