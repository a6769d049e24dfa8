// A TCP proxy the test controls, standing between a store and PostgreSQL, to cut the connection without
// touching the shared database server: `blackhole` goes silent (packets dropped, like a dead network),
// `refuse` resets every connection and turns new ones away, `forward` restores the link.

import net from "node:net";

export type ProxyMode = "forward" | "blackhole" | "refuse";

export class TcpProxy {
  private mode: ProxyMode = "forward";
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port);
    server.on("connection", (client) => proxy.accept(client, target));
    return proxy;
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    if (this.mode === "refuse") {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on("data", (chunk) => {
        if (this.mode === "forward") to.write(chunk);
      });
      from.on("error", () => to.destroy());
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }

  set(mode: ProxyMode): void {
    const previous = this.mode;
    this.mode = mode;
    // A reset drops every connection; so does leaving a blackhole, whose connections lost bytes both ways.
    if (mode === "refuse" || previous === "blackhole") for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.set("refuse");
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
