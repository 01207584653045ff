import * as http from "http";
import { AddressInfo } from "net";
import { authenticate, authorize } from "./auth";
import { Clock } from "./clock";
import { ControlError, handleControl } from "./control";
import { settle } from "./engine";
import { AwsError } from "./errors";
import { FaultInjector } from "./faults";
import { Prng } from "./random";
import { backupRoutes } from "./routes";
import { OpContext, Router } from "./routing";
import { DEFAULT_THROUGHPUT, Store } from "./store";
import { handleSts, stsErrorXml } from "./sts";
import { parseJsonBody } from "./validate";
import { resetWorld, World } from "./world";

/** Emulated time at which each request arrived (see the Date header). */
const arrivals = new WeakMap<http.ServerResponse, number>();

/**
 * The HTTP front: reads the request, tells control / STS / AWS Backup apart, applies faults, authenticates,
 * routes to an operation and encodes its result or error the way the real service does.
 */

const MAX_BODY = 10 * 1024 * 1024;
const CONTROL_PREFIX = "/_emulator/";

export interface ServerOptions {
  port?: number;
  host?: string;
  clockScale?: number;
  seed?: number;
  throughputBytesPerSecond?: number;
  quiet?: boolean;
  /** Strict IAM: refuse unregistered keys and unseeded roles (default false: any key, any role). */
  enforceIam?: boolean;
  /** One line per AWS request on stderr (the CLI's --verbose). */
  logRequests?: boolean;
}

class BodyTooLarge extends Error {}

export class EmulatorServer {
  readonly world: World;
  private readonly server: http.Server;
  private readonly router: Router;
  private requestCounter = 0;

  constructor(private readonly options: ServerOptions = {}) {
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    const scale = options.clockScale ?? 1;
    this.world = {
      store: new Store(new Prng(seed), options.throughputBytesPerSecond ?? DEFAULT_THROUGHPUT),
      clock: new Clock(scale),
      faults: new FaultInjector(seed ^ 0x5eed),
      initialClockScale: scale,
      initialEnforceIam: options.enforceIam ?? false,
    };
    resetWorld(this.world);
    this.router = new Router(backupRoutes(() => this.world.faults.consistencyDelaySeconds));
    this.server = http.createServer((req, res) => {
      arrivals.set(res, this.world.clock.now());
      this.handle(req, res).catch((err) => this.internalError(res, err));
    });
    this.server.keepAliveTimeout = 5_000;
    // A malformed request line or header never reaches the handler: answer 400 and drop the socket.
    this.server.on("clientError", (_err, socket) => {
      if (socket.writable)
        socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      else socket.destroy();
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private nextRequestId(): string {
    const n = (++this.requestCounter).toString(16).padStart(12, "0");
    return `00000000-0000-4000-8000-${n}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = this.nextRequestId();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
    const method = (req.method ?? "GET").toUpperCase();
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge)
        return this.sendJsonError(
          res,
          requestId,
          new AwsError("RequestEntityTooLargeException", "Request body is too large."),
        );
      throw err;
    }

    if (rawPath.startsWith(CONTROL_PREFIX)) return this.handleControl(res, method, rawPath, raw);

    const contentType = String(req.headers["content-type"] ?? "");
    const isSts =
      rawPath === "/" &&
      ((method === "POST" && (contentType.includes("x-www-form-urlencoded") || /^Action=/.test(raw))) ||
        (method === "GET" && query.has("Action")));
    if (isSts)
      return this.handleSts(req, res, requestId, method === "GET" ? query : new URLSearchParams(raw));

    const { store, clock } = this.world;
    let operation = "";
    try {
      const { route, params } = this.router.match(method, rawPath);
      operation = route.operation;
      store.count(operation);
      if (!(await this.applyFaults(req, res, operation))) return;
      const now = clock.now();
      settle(store, now);
      const { caller, credential } = authenticate(req.headers, store);
      const ctx: OpContext = { store, now, caller, params, query, body: parseJsonBody(raw) };
      authorize(credential, `backup:${operation}`, route.resource?.(ctx));
      for (const extra of route.extraActions?.(ctx) ?? [])
        authorize(credential, extra.action, extra.resource);
      const result = route.handler(ctx);
      this.log(`${method} ${rawPath} ${operation} -> ${result.status ?? 200}`);
      this.send(res, result.status ?? 200, requestId, "application/json", JSON.stringify(result.body ?? {}));
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      this.countError(err);
      this.log(`${method} ${rawPath} ${operation || "?"} -> ${err.status} ${err.code}: ${err.message}`);
      this.sendJsonError(res, requestId, err);
    }
  }

  private async handleSts(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    requestId: string,
    form: URLSearchParams,
  ): Promise<void> {
    const { store, clock } = this.world;
    const action = form.get("Action") ?? "";
    try {
      store.count(action || "UnknownStsAction");
      if (!(await this.applyFaults(req, res, action))) return;
      const now = clock.now();
      settle(store, now);
      const { caller, credential } = authenticate(req.headers, store);
      const xml = handleSts(action, form, { store, now, caller, credential, requestId });
      this.log(`POST / ${action} -> 200`);
      this.send(res, 200, requestId, "text/xml", xml);
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      this.countError(err);
      this.log(`POST / ${action} -> ${err.status} ${err.stsCode()}: ${err.message}`);
      this.send(
        res,
        err.status,
        requestId,
        "text/xml",
        stsErrorXml(err.stsCode(), err.message, err.status, requestId),
      );
    }
  }

  /** Returns false when the fault already disposed of the request (socket reset). Throws fault errors. */
  private async applyFaults(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    operation: string,
  ): Promise<boolean> {
    const decision = this.world.faults.decide(operation);
    if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
    if (decision.kind === "reset") {
      this.world.store.count("resets");
      req.socket.destroy();
      res.destroy();
      return false;
    }
    if (decision.kind === "error") throw decision.error;
    return true;
  }

  private countError(err: AwsError): void {
    const { store } = this.world;
    if (err.code === "ThrottlingException") store.count("throttled");
    else if (err.isServerError) store.count("serverErrors");
    else if (err.code === "AccessDeniedException") store.count("accessDenied");
  }

  private handleControl(res: http.ServerResponse, method: string, path: string, raw: string): void {
    try {
      let body: unknown = undefined;
      if (raw.trim()) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new ControlError("malformed JSON body");
        }
      }
      const out = handleControl(this.world, method, path, body);
      this.send(res, 200, "", "application/json", JSON.stringify(out ?? {}));
    } catch (err) {
      if (err instanceof ControlError) {
        this.send(res, err.status, "", "application/json", JSON.stringify({ error: err.message }));
        return;
      }
      throw err;
    }
  }

  private sendJsonError(res: http.ServerResponse, requestId: string, err: AwsError): void {
    this.send(res, err.status, requestId, "application/json", err.toJsonBody(), {
      "x-amzn-ErrorType": err.code,
    });
  }

  private send(
    res: http.ServerResponse,
    status: number,
    requestId: string,
    contentType: string,
    body: string,
    extra: Record<string, string> = {},
  ): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | number> = {
      "content-type": contentType,
      "content-length": Buffer.byteLength(body),
      ...extra,
    };
    if (status < 400) {
      // The emulated clock, as AWS's Date header carries AWS's clock: clients compare it with the
      // CreationDate of jobs (the provider tells a replayed idempotent start from a new one by it).
      // Stamped at the request's arrival: under a scaled clock the milliseconds spent handling a request
      // are emulated seconds, and a job must never look older than the request that created it.
      headers.date = new Date(arrivals.get(res) ?? this.world.clock.now()).toUTCString();
    } else {
      // Errors carry no Date (AWS's do): a scaled clock runs ahead of the client's, and the SDK retries every
      // error whose Date moves its clock-skew correction, which would triple every refusal's calls.
      res.sendDate = false;
    }
    if (requestId) headers["x-amzn-RequestId"] = requestId;
    res.writeHead(status, headers);
    res.end(body);
  }

  /** A bug in the emulator must not take the server down: answer like AWS's InternalFailure. */
  private internalError(res: http.ServerResponse, err: unknown): void {
    if (!this.options.quiet) console.error("[emulator] internal error:", err);
    this.world.store.count("serverErrors");
    this.sendJsonError(
      res,
      "",
      new AwsError("InternalFailure", "The request processing has failed because of an unknown error."),
    );
  }

  private log(line: string): void {
    if (this.options.logRequests && !this.options.quiet) console.error(`[emulator] ${line}`);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () =>
      tooLarge ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}
