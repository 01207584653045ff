/**
 * The pulumirpc.ResourceProvider gRPC service, written with @pulumi/pulumi/proto/provider_grpc_pb as Pulumi's
 * guide for TypeScript provider implementers does, rather than through @pulumi/pulumi/provider's `main`: that
 * server drops what the engine sends with create/update/delete (`timeout`, where customTimeouts arrive, and the
 * preview flag) and has no per-operation cancel. Each resource operation here gets an AbortSignal that the
 * engine's Cancel (and SIGINT) aborts, and logs its lines against its URN.
 *
 * It loads neither @pulumi/pulumi's runtime nor its provider server: only the generated messages, grpc-js and
 * google-protobuf, which keeps start-up short (bench/plugin-startup.ts).
 */
import { AsyncLocalStorage } from "async_hooks";
import * as grpc from "@grpc/grpc-js";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type { StackConfig } from "../inputs/settings";
import { configFromRequest } from "./config";
import type { CopyJobPluginProvider, OperationRequest } from "./copy-job-provider";
import { EngineLog } from "./engine-log";
import { COPY_JOB_TOKEN, packageSchema } from "./schema";
import { WaitCancelled } from "../wait/poll";
import { decodeProps, encodeProps, type Props } from "./values";
import { pluginVersion } from "./version";

/** The URN of the operation a line belongs to, for lines the core still prints with console.log. */
export const currentUrn = new AsyncLocalStorage<string>();

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/** An error for the engine. One with `id` (a create that started a job) becomes ErrorResourceInitFailed: a partial. */
export function grpcError(e: unknown, secrets: Iterable<string> = []): Partial<grpc.StatusObject> {
  const error = e instanceof Error ? e : new Error(String(e));
  const partial = error as Error & { id?: string; properties?: Props; reasons?: string[] };
  const metadata = new grpc.Metadata();
  if (partial.id) {
    const status = new statusproto.Status().setCode(grpc.status.UNKNOWN).setMessage(error.message);
    const detail = new provproto.ErrorResourceInitFailed()
      .setId(partial.id)
      .setProperties(encodeProps(partial.properties ?? {}, secrets))
      .setReasonsList(partial.reasons ?? [error.message]);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: error.message, metadata };
}

function checkType(type: string): void {
  if (type && type !== COPY_JOB_TOKEN)
    throw new Error(`unknown resource type ${type}: this provider serves ${COPY_JOB_TOKEN}`);
}

export class ProviderServer {
  readonly log = new EngineLog();
  /** Operations in flight: Cancel aborts them all. */
  private readonly inFlight = new Set<AbortController>();
  private cancelled = false;
  private loaded?: CopyJobPluginProvider;
  private config: StackConfig = {};

  /**
   * `load` makes the provider on first use: it brings the operations and the AWS SDK, which the engine's first
   * calls (GetPluginInfo, GetSchema, Configure) do not need, so the port is printed sooner.
   */
  constructor(
    engineAddress: string | undefined,
    private readonly load: () => CopyJobPluginProvider,
  ) {
    this.log.connect(engineAddress);
  }

  get provider(): CopyJobPluginProvider {
    if (!this.loaded) {
      this.loaded = this.load();
      this.loaded.config = this.config;
    }
    return this.loaded;
  }

  /** Ends every wait in flight, and any that starts later (the engine is shutting the operation down). */
  cancel(): void {
    this.cancelled = true;
    for (const controller of this.inFlight) controller.abort(new WaitCancelled());
  }

  get operationsInFlight(): number {
    return this.inFlight.size;
  }

  /** Runs one resource operation with its cancel signal and its URN (for log lines). */
  private async operation<T>(
    urn: string,
    run: (req: OperationRequest) => Promise<T>,
    extra: OperationRequest = {},
  ): Promise<T> {
    const controller = new AbortController();
    if (this.cancelled) controller.abort(new WaitCancelled());
    this.inFlight.add(controller);
    try {
      return await currentUrn.run(urn, () =>
        run({ ...extra, signal: controller.signal, log: (line) => this.log.log("info", line, urn) }),
      );
    } finally {
      this.inFlight.delete(controller);
      // The operation's lines reach the engine before its answer, so the CLI shows them under the resource.
      await this.log.flush();
    }
  }

  private unary<Req, Res>(
    name: string,
    handler: (req: Req) => Promise<Res>,
    secretsOf?: (req: Req) => Iterable<string>,
  ): Unary<Req, Res> {
    return (call, callback) => {
      handler(call.request).then(
        (res) => callback(null, res),
        (e: unknown) => {
          callback(grpcError(e, secretsOf?.(call.request) ?? []), null);
        },
      );
      void name;
    };
  }

  service(): provrpc.IResourceProviderServer {
    const unimplemented = (what: string) => (_call: unknown, callback: grpc.sendUnaryData<never>) =>
      callback(
        { code: grpc.status.UNIMPLEMENTED, details: `${what} is not implemented by backup-copy` },
        null,
      );
    const secretsOf = (s: { toJavaScript(): unknown } | undefined) => decodeProps(s as never).secrets;
    return {
      handshake: this.unary("handshake", async (req: provproto.ProviderHandshakeRequest) => {
        this.log.connect(req.getEngineAddress());
        return new provproto.ProviderHandshakeResponse().setAcceptSecrets(true).setAcceptResources(true);
      }),
      getPluginInfo: this.unary("getPluginInfo", async () =>
        new plugproto.PluginInfo().setVersion(pluginVersion()),
      ),
      getSchema: this.unary("getSchema", async (req: provproto.GetSchemaRequest) => {
        if (req.getSubpackageName())
          throw new Error(`backup-copy has no subpackage ${req.getSubpackageName()}`);
        return new provproto.GetSchemaResponse().setSchema(JSON.stringify(packageSchema()));
      }),
      checkConfig: this.unary("checkConfig", async (req: provproto.CheckRequest) =>
        new provproto.CheckResponse().setInputs(req.getNews()),
      ),
      diffConfig: this.unary("diffConfig", async (req: provproto.DiffRequest) => {
        const olds = decodeProps(req.getOldInputs() ?? req.getOlds()).props;
        const news = decodeProps(req.getNews()).props;
        const changed = ["region", "profile"].filter((k) => olds[k] !== news[k]);
        return new provproto.DiffResponse()
          .setChanges(
            changed.length
              ? provproto.DiffResponse.DiffChanges.DIFF_SOME
              : provproto.DiffResponse.DiffChanges.DIFF_NONE,
          )
          .setDiffsList(changed);
      }),
      configure: this.unary("configure", async (req: provproto.ConfigureRequest) => {
        this.config = configFromRequest(req);
        if (this.loaded) this.loaded.config = this.config;
        return new provproto.ConfigureResponse()
          .setAcceptsecrets(true)
          .setAcceptresources(true)
          .setSupportspreview(true);
      }),
      check: this.unary("check", async (req: provproto.CheckRequest) => {
        checkType(req.getType());
        const olds = decodeProps(req.getOlds());
        const news = decodeProps(req.getNews());
        const result = await this.provider.check(req.getUrn(), olds.props, news.props);
        const res = new provproto.CheckResponse().setInputs(
          encodeProps((result.inputs ?? {}) as Props, news.secrets),
        );
        res.setFailuresList(
          (result.failures ?? []).map((f) =>
            new provproto.CheckFailure().setProperty(f.property).setReason(f.reason),
          ),
        );
        return res;
      }),
      diff: this.unary("diff", async (req: provproto.DiffRequest) => {
        const olds = decodeProps(req.getOlds()).props;
        const news = decodeProps(req.getNews()).props;
        const result = await this.provider.diff(req.getId(), req.getUrn(), olds, news);
        return new provproto.DiffResponse()
          .setChanges(
            result.changes
              ? provproto.DiffResponse.DiffChanges.DIFF_SOME
              : provproto.DiffResponse.DiffChanges.DIFF_NONE,
          )
          .setReplacesList(result.replaces ?? [])
          .setDiffsList(result.diffs)
          .setDeletebeforereplace(result.deleteBeforeReplace ?? false);
      }),
      create: this.unary(
        "create",
        async (req: provproto.CreateRequest) => {
          checkType(req.getType());
          const inputs = decodeProps(req.getProperties());
          const result = await this.operation(
            req.getUrn(),
            (op) => this.provider.create(req.getUrn(), inputs.props, op),
            { timeoutSeconds: req.getTimeout(), preview: req.getPreview() },
          );
          return new provproto.CreateResponse()
            .setId(result.id)
            .setProperties(encodeProps((result.outs ?? {}) as Props, inputs.secrets));
        },
        (req) => secretsOf(req.getProperties()),
      ),
      read: this.unary("read", async (req: provproto.ReadRequest) => {
        checkType(req.getType());
        const props = decodeProps(req.getProperties());
        const inputs = decodeProps(req.getInputs());
        const secrets = [...props.secrets, ...inputs.secrets];
        const result = await this.operation(
          req.getUrn(),
          (op) => this.provider.read(req.getId(), req.getUrn(), props.props, op),
          { timeoutSeconds: req.getTimeout() },
        );
        const res = new provproto.ReadResponse()
          .setId(result.id ?? "")
          .setProperties(encodeProps((result.props ?? {}) as Props, secrets));
        if (result.inputs) res.setInputs(encodeProps(result.inputs as Props, secrets));
        return res;
      }),
      update: this.unary(
        "update",
        async (req: provproto.UpdateRequest) => {
          checkType(req.getType());
          const olds = decodeProps(req.getOlds());
          const news = decodeProps(req.getNews());
          const result = await this.operation(
            req.getUrn(),
            (op) => this.provider.update(req.getId(), req.getUrn(), olds.props, news.props, op),
            { timeoutSeconds: req.getTimeout(), preview: req.getPreview() },
          );
          return new provproto.UpdateResponse().setProperties(
            encodeProps((result.outs ?? {}) as Props, [...olds.secrets, ...news.secrets]),
          );
        },
        (req) => [...secretsOf(req.getOlds()), ...secretsOf(req.getNews())],
      ),
      delete: this.unary("delete", async (req: provproto.DeleteRequest) => {
        checkType(req.getType());
        const props = decodeProps(req.getProperties()).props;
        await this.operation(
          req.getUrn(),
          (op) => this.provider.delete(req.getId(), req.getUrn(), props, op),
          {
            timeoutSeconds: req.getTimeout(),
          },
        );
        return new emptyproto.Empty();
      }),
      cancel: this.unary("cancel", async () => {
        this.cancel();
        return new emptyproto.Empty();
      }),
      parameterize: unimplemented("Parameterize"),
      invoke: unimplemented("Invoke"),
      call: unimplemented("Call"),
      construct: unimplemented("Construct"),
      list: (call) => {
        call.emit("error", {
          code: grpc.status.UNIMPLEMENTED,
          details: "List is not implemented by backup-copy",
        });
      },
      attach: unimplemented("Attach"),
      getMapping: this.unary("getMapping", async () => new provproto.GetMappingResponse()),
      getMappings: this.unary("getMappings", async () => new provproto.GetMappingsResponse()),
    };
  }
}
