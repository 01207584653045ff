/**
 * The plugin's front over the operations (provider/operations), as the dynamic provider's provider-methods.ts is
 * the other front over the same operations. It has the shape of @pulumi/pulumi/provider's `Provider`, plus what
 * that interface drops and the engine sends: each operation's `timeout` (customTimeouts), the preview flag and
 * a cancel signal, and the resource's URN, against which its lines are logged.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/pulumi/provider";
import { CopyStillRunningError } from "../errors";
import { equal } from "../inputs/equal";
import { DECLARED_OUTPUTS, REPLACING_INPUTS, USER_INPUTS } from "../inputs/properties";
import type { StackConfig } from "../inputs/settings";
import { UNKNOWN } from "../inputs/unknown";
import { check as checkInputs } from "../operations/check";
import type { OperationHooks } from "../operations/context";
import { create as createCopy } from "../operations/create";
import { remove } from "../operations/delete";
import { diff as diffInputs } from "../operations/diff";
import { read as readCopy } from "../operations/read";
import { update as updateCopy } from "../operations/update";
import type { Runtime } from "../runtime";
import { importCopyJob } from "./import";
import { tokenScopeOf } from "./urn";

type Props = Record<string, unknown>;

/** What the engine sent with an operation beyond its properties. */
export interface OperationRequest {
  /** The operation's customTimeouts, in seconds (0 or absent: none). */
  timeoutSeconds?: number;
  preview?: boolean;
  /** Aborted by the engine's Cancel (or SIGINT). */
  signal?: AbortSignal;
  /** A line for the user, shown under this resource. */
  log?: (line: string) => void;
}

export interface NativeDiffResult extends pulumi.provider.DiffResult {
  /** The properties that changed (DiffResponse.diffs), so the CLI names them. */
  readonly diffs: string[];
}

/** Properties a front adds that the native resource does not have: the dynamic provider's own. */
const FRONT_ONLY = ["__provider"];

function withoutFrontOnly(props: Props): Props {
  const out = { ...props };
  for (const key of FRONT_ONLY) delete out[key];
  return out;
}

export class CopyJobPluginProvider implements Provider {
  config: StackConfig = {};

  constructor(private readonly runtime: () => Runtime) {}

  private hooks(req: OperationRequest): OperationHooks {
    return {
      log: req.log,
      timeoutMs: req.timeoutSeconds ? req.timeoutSeconds * 1000 : undefined,
      signal: req.signal,
      // The CLI shows these lines under the resource: no need to repeat its name.
      resourceName: undefined,
    };
  }

  async check(urn: string, olds: Props, news: Props): Promise<pulumi.provider.CheckResult> {
    // The default token is scoped by project/stack/name as the dynamic CopyJob scopes it; the scope itself is
    // not stored (it is no property of the native resource).
    const scope = tokenScopeOf(urn);
    const inputs = withoutFrontOnly(news);
    const result = checkInputs({ ...inputs, tokenScope: inputs.tokenScope ?? scope }, withoutFrontOnly(olds));
    const checked = { ...(result.inputs as Props) };
    if (news.tokenScope === undefined) delete checked.tokenScope;
    return { inputs: checked, failures: result.failures };
  }

  async diff(_id: string, _urn: string, olds: Props, news: Props): Promise<NativeDiffResult> {
    const result = diffInputs(olds, news);
    const changed = USER_INPUTS.filter((key) => news[key] !== olds[key] && !equal(olds[key], news[key]));
    const diffs = [
      ...new Set([
        ...(result.replaces ?? []),
        ...changed.filter((k) => news[k] !== undefined || !REPLACING_INPUTS.includes(k)),
      ]),
    ];
    return { ...result, diffs: result.changes ? diffs : [] };
  }

  async create(
    urn: string,
    inputs: Props,
    req: OperationRequest = {},
  ): Promise<pulumi.provider.CreateResult> {
    if (req.preview) return { id: "", outs: previewOutputs(inputs) };
    return this.explained(req, () => createCopy(this.config, inputs, this.runtime(), this.hooks(req)));
  }

  async read(
    id: string,
    urn: string,
    props: Props = {},
    req: OperationRequest = {},
  ): Promise<pulumi.provider.ReadResult> {
    const known = withoutFrontOnly(props);
    // An import: the engine knows only the id.
    if (Object.keys(known).length === 0) {
      return importCopyJob(this.config, id, tokenScopeOf(urn), this.runtime(), this.hooks(req));
    }
    return readCopy(this.config, id, known, this.runtime(), this.hooks(req));
  }

  async update(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    req: OperationRequest = {},
  ): Promise<pulumi.provider.UpdateResult> {
    if (req.preview) return { outs: { ...previewOutputs(news), ...kept(olds, news) } };
    return this.explained(req, () =>
      updateCopy(this.config, id, withoutFrontOnly(olds), news, this.runtime(), this.hooks(req)),
    );
  }

  async delete(id: string, urn: string, props: Props, req: OperationRequest = {}): Promise<void> {
    return this.explained(req, () =>
      remove(this.config, id, withoutFrontOnly(props), this.runtime(), this.hooks(req)),
    );
  }

  /** A timeout that came from customTimeouts is named as such (the core speaks of timeoutMinutes). */
  private async explained<T>(req: OperationRequest, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (req.timeoutSeconds && error instanceof Error && !req.signal?.aborted) {
        error.message = error.message.replace(/raise timeoutMinutes/g, "raise the resource's customTimeouts");
        if (error instanceof CopyStillRunningError) error.reasons.splice(0, 1, error.message);
      }
      throw error;
    }
  }
}

/** A preview's outputs: the inputs, and every output AWS would decide unknown. No AWS call. */
export function previewOutputs(inputs: Props): Props {
  const outs: Props = { ...withoutFrontOnly(inputs) };
  for (const key of DECLARED_OUTPUTS) if (outs[key] === undefined) outs[key] = UNKNOWN;
  return outs;
}

/** On an update's preview: what AWS already said stays, unless the update may change it. */
function kept(olds: Props, news: Props): Props {
  const out: Props = {};
  for (const key of [
    "copyJobId",
    "sourceRegion",
    "accountId",
    "sourceBackupVaultArn",
    "sourceRecoveryPointArn",
  ]) {
    if (olds[key] !== undefined && news[key] === undefined) out[key] = olds[key];
  }
  return out;
}
