// A TCP proxy in front of a server that can cut every connection through it at once, as a lost
// Wi-Fi link or a restarted load balancer would: both sides see their socket reset mid-stream,
// whatever was in flight is gone.
import net from "node:net";

export class ChaosProxy {
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.links = new Set();
    this.cuts = 0;
  }

  async start() {
    this.server = net.createServer((client) => this.#link(client));
    await new Promise((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = this.server.address().port;
    return this;
  }

  #link(client) {
    const upstream = net.connect(this.targetPort, "127.0.0.1");
    const link = { client, upstream };
    this.links.add(link);
    const drop = () => {
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Resets every open connection; returns how many were cut. */
  cutAll() {
    const count = this.links.size;
    for (const { client, upstream } of [...this.links]) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.links.clear();
    this.cuts += count;
    return count;
  }

  /** Cuts everything at random intervals between minMs and maxMs until stop() is called. */
  cutRandomly(minMs, maxMs, random = Math.random) {
    const next = () => {
      this.timer = setTimeout(() => {
        this.cutAll();
        next();
      }, minMs + random() * (maxMs - minMs));
    };
    next();
  }

  stopCutting() {
    clearTimeout(this.timer);
  }

  async close() {
    this.stopCutting();
    this.cutAll();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
