/**
 * Drive the real Node.js dynamic-provider plugin
 * (node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js) over gRPC, the way the Pulumi engine
 * does (sdk/go/common/resource/plugin/provider_plugin.go):
 *
 * - spawn `node <plugin> <engine address>`; the plugin prints its gRPC port as the first stdout line;
 * - env = this process's env + PULUMI_NODEJS_PROJECT / PULUMI_PROJECT (the engine adds these for
 *   `pulumi-nodejs`) + caller's env;
 * - Handshake (the plugin answers UNIMPLEMENTED, the engine falls back), GetPluginInfo, then Configure
 *   before any resource call;
 * - every later stdout/stderr line of the plugin is a diagnostic (what the CLI shows since 3.146), and
 *   so is every Engine.Log call the plugin makes to our fake Engine service.
 */
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as readline from "readline";
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";

export type Props = Record<string, unknown>;

/** Where a diagnostic came from: the plugin's stdout/stderr, or an Engine.Log call. */
export interface Diagnostic {
  source: "stdout" | "stderr" | "log";
  text: string;
  severity?: string;
  urn?: string;
}

export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/**
 * A failed gRPC call. `details` is the gRPC status details string (the plugin puts the thrown error's
 * `message` there). `initFailure` is set when the status carried a pulumirpc.ErrorResourceInitFailed
 * (create/update threw an object with an `id`): the engine treats that as a partial failure.
 */
export class PluginError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly details: string,
    readonly initFailure?: InitFailure,
  ) {
    super(`${method}: ${grpc.status[code] ?? code}: ${details}`);
    this.name = "PluginError";
  }
}

export type DiffChanges = "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";

export interface CheckResult {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  stables: string[];
  diffs: string[];
  deleteBeforeReplace: boolean;
}

export interface ReadResult {
  id: string;
  properties: Props;
  /** ReadResponse.inputs, only when the provider's read returned `inputs`. */
  inputs?: Props;
}

export interface StartOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Extra node arguments, e.g. ["-r", "ts-node/register/transpile-only"]. */
  nodeArgs?: string[];
  /** Project name given to the plugin (PULUMI_NODEJS_PROJECT), used by `config.get("key")`. */
  project?: string;
  /** How long to wait for the port line. Default 20 s. */
  startTimeoutMs?: number;
  /**
   * gRPC deadline for each call (DEADLINE_EXCEEDED after it). Default: none, like the engine, which
   * sets no deadline on provider calls. Useful to keep a test from hanging on a plugin that never answers.
   */
  callTimeoutMs?: number;
  /**
   * The plugin's index.js. Default: this repository's @pulumi/pulumi. Install tests pass the program's own, as
   * the engine's `pulumi-resource-pulumi-nodejs` launcher runs the one the program resolves.
   */
  pluginScript?: string;
  /**
   * A plugin executable the engine runs directly (the native `pulumi-resource-backup-copy`): spawned as
   * `<executable> <engine address>`, without node, nodeArgs or pluginScript.
   */
  executable?: string;
}

const PLUGIN_SCRIPT = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
// Same limit the SDK uses (runtime/settings.js grpcChannelOptions).
const CHANNEL_OPTIONS = { "grpc.max_receive_message_length": 1024 * 1024 * 400 };

const DIFF_NAMES: Record<number, DiffChanges> = {
  [provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "DIFF_UNKNOWN",
  [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "DIFF_NONE",
  [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "DIFF_SOME",
};

/** Plain JS -> Struct. Drops `undefined` members like the SDK's property serializer does. */
export function toStruct(obj: Props): structproto.Struct {
  return structproto.Struct.fromJavaScript(
    stripUndefined(obj) as Record<string, structproto.JavaScriptValue>,
  );
}

function fromStruct(s: structproto.Struct | undefined): Props {
  return s ? (s.toJavaScript() as Props) : {};
}

function stripUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripUndefined);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = stripUndefined(x);
    return out;
  }
  return v;
}

function urnParts(urn: string): { type: string; name: string } {
  // urn:pulumi:<stack>::<project>::<qualified type>::<name>
  const parts = urn.split("::");
  const types = (parts[2] ?? "").split("$");
  return { type: types[types.length - 1] ?? "", name: parts.slice(3).join("::") };
}

function decodeError(method: string, err: grpc.ServiceError): PluginError {
  let initFailure: InitFailure | undefined;
  const bins = err.metadata?.get("grpc-status-details-bin") ?? [];
  for (const bin of bins) {
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
        const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
        initFailure = {
          id: detail.getId(),
          properties: fromStruct(detail.getProperties()),
          reasons: detail.getReasonsList(),
        };
      }
    }
  }
  return new PluginError(method, err.code ?? grpc.status.UNKNOWN, err.details ?? err.message, initFailure);
}

/** A fake pulumirpc.Engine: records Log calls; the rest is unimplemented. */
function startEngine(onLog: (d: Diagnostic) => void): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server(CHANNEL_OPTIONS);
  const unimplemented = (_call: unknown, cb: grpc.sendUnaryData<never>) =>
    cb({ code: grpc.status.UNIMPLEMENTED, details: "not implemented by the test engine" }, null);
  const impl: engrpc.IEngineServer = {
    log(call, cb) {
      const req = call.request;
      const sev = Object.entries(engproto.LogSeverity).find(([, v]) => v === req.getSeverity())?.[0];
      onLog({ source: "log", text: req.getMessage(), severity: sev, urn: req.getUrn() || undefined });
      cb(null, new emptyproto.Empty());
    },
    getRootResource: unimplemented,
    setRootResource: unimplemented,
    startDebugging: unimplemented,
    requirePulumiVersion: unimplemented,
  };
  server.addService(engrpc.EngineService, impl);
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve({ server, address: `127.0.0.1:${port}` }),
    ),
  );
}

export class DynamicProviderPlugin {
  /** Text of every diagnostic, in arrival order (stdout/stderr lines after the port line, Engine.Log). */
  readonly diagnostics: string[] = [];
  readonly diagnosticEvents: Diagnostic[] = [];
  /** Every resource-provider call made, in order: `${method} ${urn}`. */
  readonly calls: string[] = [];
  configured = false;
  version = "";
  /** See StartOptions.callTimeoutMs; may be changed at any time. */
  callTimeoutMs: number | undefined;
  /** Resolves when the plugin process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
    private readonly engine: grpc.Server,
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
    readonly port: number,
  ) {
    this.exited = exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(opts: StartOptions = {}): Promise<DynamicProviderPlugin> {
    // Diagnostics arriving before the instance exists are buffered, then replayed.
    const sink: { plugin?: DynamicProviderPlugin; early: Diagnostic[] } = { early: [] };
    const record = (d: Diagnostic) => (sink.plugin ? sink.plugin.record(d) : sink.early.push(d));
    const { server, address } = await startEngine(record);

    const project = opts.project ?? "project";
    const child = spawn(
      opts.executable ?? process.execPath,
      opts.executable ? [address] : [...(opts.nodeArgs ?? []), opts.pluginScript ?? PLUGIN_SCRIPT, address],
      {
        cwd: opts.cwd ?? process.cwd(),
        env: { ...process.env, PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project, ...opts.env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );

    const stderrLines: string[] = [];
    readline.createInterface({ input: child.stderr! }).on("line", (text) => {
      stderrLines.push(text);
      record({ source: "stderr", text });
    });
    let portLine: string | undefined;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`plugin did not print its port: ${stderrLines.join("\n")}`)),
        opts.startTimeoutMs ?? 20_000,
      );
      readline.createInterface({ input: child.stdout! }).on("line", (text) => {
        if (portLine === undefined) {
          portLine = text;
          clearTimeout(timer);
          const n = Number(text.trim());
          if (Number.isInteger(n) && n > 0) resolve(n);
          else reject(new Error(`unexpected first line from plugin: ${text}`));
        } else {
          record({ source: "stdout", text });
        }
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`plugin exited (${code ?? signal}) before its port: ${stderrLines.join("\n")}`));
      });
    }).catch((e: unknown) => {
      child.kill("SIGKILL");
      server.forceShutdown();
      throw e;
    });

    const client = new provrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
      CHANNEL_OPTIONS,
    );
    const self = new DynamicProviderPlugin(child, client, server, exited, port);
    sink.plugin = self;
    self.callTimeoutMs = opts.callTimeoutMs;
    for (const d of sink.early) self.record(d);

    // Engine: Handshake first; UNIMPLEMENTED means "fall back to the old protocol" (provider_plugin.go).
    try {
      await self.unary<provproto.ProviderHandshakeRequest, provproto.ProviderHandshakeResponse>(
        "handshake",
        "",
        new provproto.ProviderHandshakeRequest().setEngineAddress(address),
      );
    } catch (e) {
      if (!(e instanceof PluginError) || e.code !== grpc.status.UNIMPLEMENTED) throw e;
    }
    // Engine: GetPluginInfo right after loading.
    const info = await self.unary<emptyproto.Empty, { getVersion(): string }>(
      "getPluginInfo",
      "",
      new emptyproto.Empty(),
    );
    self.version = info.getVersion();
    return self;
  }

  private record(d: Diagnostic): void {
    this.diagnosticEvents.push(d);
    this.diagnostics.push(d.text);
  }

  private unary<Req, Res>(method: string, urn: string, req: Req): Promise<Res> {
    if (urn) this.calls.push(`${method} ${urn}`);
    type Unary = (
      req: Req,
      md: grpc.Metadata,
      opts: Partial<grpc.CallOptions>,
      cb: (err: grpc.ServiceError | null, res: Res) => void,
    ) => void;
    const fn = (this.client as unknown as Record<string, Unary>)[method];
    const opts: Partial<grpc.CallOptions> = this.callTimeoutMs
      ? { deadline: Date.now() + this.callTimeoutMs }
      : {};
    return new Promise<Res>((resolve, reject) =>
      fn.call(this.client, req, new grpc.Metadata(), opts, (err: grpc.ServiceError | null, res: Res) =>
        err ? reject(decodeError(method, err)) : resolve(res),
      ),
    );
  }

  /** Let stdout/stderr lines written before the last response arrive (separate pipes). */
  async settle(ms = 30): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
  }

  /**
   * Engine Configure: `args` carries the config (what the plugin reads: `req.config.get(k)`),
   * `variables` the older `<pkg>:config:<k>` spelling. The plugin answers acceptSecrets=false, so the
   * engine sends plain values afterwards.
   */
  async configure(config: Record<string, string> = {}): Promise<void> {
    const req = new provproto.ConfigureRequest()
      .setArgs(toStruct(config))
      .setAcceptsecrets(true)
      .setAcceptresources(true)
      .setSendsOldInputs(true)
      .setSendsOldInputsToDelete(true);
    for (const [k, v] of Object.entries(config)) req.getVariablesMap().set(`pulumi-nodejs:config:${k}`, v);
    await this.unary("configure", "", req);
    this.configured = true;
  }

  async check(urn: string, olds: Props, news: Props, randomSeed?: Uint8Array): Promise<CheckResult> {
    const { type, name } = urnParts(urn);
    const req = new provproto.CheckRequest()
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news));
    if (randomSeed) req.setRandomseed(randomSeed);
    const res = await this.unary<provproto.CheckRequest, provproto.CheckResponse>("check", urn, req);
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `olds` are the previous OUTPUTS (DiffRequest.olds), `oldInputs` the previous inputs. */
  async diff(urn: string, id: string, olds: Props, news: Props, oldInputs: Props = {}): Promise<DiffResult> {
    const { type, name } = urnParts(urn);
    const req = new provproto.DiffRequest()
      .setId(id)
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news))
      .setOldInputs(toStruct(oldInputs));
    const res = await this.unary<provproto.DiffRequest, provproto.DiffResponse>("diff", urn, req);
    return {
      changes: DIFF_NAMES[res.getChanges()] ?? "DIFF_UNKNOWN",
      replaces: res.getReplacesList(),
      stables: res.getStablesList(),
      diffs: res.getDiffsList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  async create(
    urn: string,
    props: Props,
    timeout?: number,
    preview?: boolean,
  ): Promise<{ id: string; properties: Props }> {
    const { type, name } = urnParts(urn);
    const req = new provproto.CreateRequest()
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setProperties(toStruct(props));
    if (timeout !== undefined) req.setTimeout(timeout);
    if (preview) req.setPreview(true);
    const res = await this.unary<provproto.CreateRequest, provproto.CreateResponse>("create", urn, req);
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  /** `props` are the stored outputs (ReadRequest.properties), `inputs` the stored inputs. */
  async read(urn: string, id: string, props: Props, inputs?: Props): Promise<ReadResult> {
    const { type, name } = urnParts(urn);
    const req = new provproto.ReadRequest()
      .setId(id)
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setProperties(toStruct(props));
    if (inputs) req.setInputs(toStruct(inputs));
    const res = await this.unary<provproto.ReadRequest, provproto.ReadResponse>("read", urn, req);
    const out: ReadResult = { id: res.getId(), properties: fromStruct(res.getProperties()) };
    if (res.hasInputs()) out.inputs = fromStruct(res.getInputs());
    return out;
  }

  /** `olds` are the previous OUTPUTS (UpdateRequest.olds), `oldInputs` the previous inputs. */
  async update(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
    oldInputs: Props = {},
    timeout?: number,
    preview?: boolean,
  ): Promise<{ properties: Props }> {
    const { type, name } = urnParts(urn);
    const req = new provproto.UpdateRequest()
      .setId(id)
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news))
      .setOldInputs(toStruct(oldInputs));
    if (timeout !== undefined) req.setTimeout(timeout);
    if (preview) req.setPreview(true);
    const res = await this.unary<provproto.UpdateRequest, provproto.UpdateResponse>("update", urn, req);
    return { properties: fromStruct(res.getProperties()) };
  }

  /** `props` are the stored outputs (DeleteRequest.properties), `oldInputs` the stored inputs. */
  async delete(urn: string, id: string, props: Props, oldInputs: Props = {}): Promise<void> {
    const { type, name } = urnParts(urn);
    const req = new provproto.DeleteRequest()
      .setId(id)
      .setUrn(urn)
      .setName(name)
      .setType(type)
      .setProperties(toStruct(props))
      .setOldInputs(toStruct(oldInputs));
    await this.unary("delete", urn, req);
  }

  /** GetSchema: the package schema, parsed. */
  async getSchema(): Promise<Record<string, unknown>> {
    const res = await this.unary<provproto.GetSchemaRequest, provproto.GetSchemaResponse>(
      "getSchema",
      "",
      new provproto.GetSchemaRequest(),
    );
    return JSON.parse(res.getSchema()) as Record<string, unknown>;
  }

  /** The engine's Cancel: the plugin should end the operations in flight promptly. */
  async cancel(): Promise<void> {
    await this.unary("cancel", "", new emptyproto.Empty());
  }

  /** Send a signal to the plugin process and go on (SIGINT: what Ctrl-C sends the CLI's whole process group). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Send a signal to the plugin process (e.g. SIGKILL to simulate a crash) and wait for it to exit. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
    this.client.close();
    this.engine.forceShutdown();
  }

  /** Close the connection and end the plugin (the engine closes the conn, then kills the process). */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    this.engine.forceShutdown();
  }
}

/** Absolute path of the plugin script this harness spawns. */
export const pluginScript = path.resolve(PLUGIN_SCRIPT);
