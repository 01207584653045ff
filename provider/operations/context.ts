/**
 * What every operation works with: the inputs, the settings derived from them, the clients, the process's
 * runtime (pollers, gates) and the operation's one deadline, which every wait and retry inside it shares.
 */
import type { BackupClient } from "@aws-sdk/client-backup";
import { resolveSettings, Settings, StackConfig } from "../inputs/settings";
import { INPUT_NAMES } from "../inputs/properties";
import type { Runtime } from "../runtime";
import type { CopyJobInputs } from "../types";
import { Deadline } from "../wait/deadline";

export interface OperationContext {
  inputs: CopyJobInputs & Record<string, unknown>;
  settings: Settings;
  /** Source account and region: StartCopyJob, DescribeCopyJob. */
  source: BackupClient;
  /** Destination vault's account and region: the destination recovery point. */
  destination: BackupClient;
  /** The serialized provider, which partial-state errors must carry back to the engine. */
  provider?: unknown;
  runtime: Runtime;
  /** The whole operation's: timeoutMinutes from the operation's start (a refresh: a shorter bound). */
  deadline: Deadline;
  /** What the front (dynamic provider or plugin) passed in: the resource's name, the log, timeout, cancel. */
  hooks: OperationHooks;
  /** A progress or decision line, prefixed with the resource's name when the front knows it. */
  log(line: string): void;
}

/**
 * What a front hands the core beyond the inputs. The dynamic provider knows only the inputs (the resource's
 * name from tokenScope; lines on stdout); the native plugin knows the URN, the engine's customTimeouts and its
 * Cancel. Every field is optional: the core's defaults are the dynamic provider's behaviour.
 */
export interface OperationHooks {
  /** Starts every progress and decision line, so a user with many copies can tell them apart. */
  resourceName?: string;
  /** Where lines go (default: console.log, which the dynamic provider's plugin turns into diagnostics). */
  log?: (line: string) => void;
  /** Overrides timeoutMinutes (the engine's customTimeouts, in the plugin). */
  timeoutMs?: number;
  /** Aborted when the engine cancels the operation (the plugin's Cancel). */
  signal?: AbortSignal;
}

/** The echoed inputs inside a set of outputs (read and delete receive only outputs). */
export function inputsOf(props: Record<string, unknown>): CopyJobInputs & Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const key of INPUT_NAMES) if (props[key] !== undefined) inputs[key] = props[key];
  return inputs as CopyJobInputs & Record<string, unknown>;
}

/** The resource's name as the dynamic provider knows it: the last part of tokenScope (project/stack/name). */
export function nameFromScope(tokenScope: unknown): string | undefined {
  if (typeof tokenScope !== "string" || tokenScope === "") return undefined;
  return tokenScope.slice(tokenScope.lastIndexOf("/") + 1) || undefined;
}

/** `boundMs` shortens the deadline below timeoutMinutes (refresh). */
export function operationContext(
  props: Record<string, unknown>,
  config: StackConfig,
  runtime: Runtime,
  boundMs = Infinity,
  hooks: OperationHooks = {},
): OperationContext {
  const inputs = inputsOf(props);
  const settings = resolveSettings(inputs, config);
  const deadline = Deadline.after(
    Math.min(hooks.timeoutMs ?? settings.timeoutMs, boundMs),
    Date.now(),
    hooks.signal,
  );
  const name = hooks.resourceName ?? nameFromScope(inputs.tokenScope);
  const out = hooks.log ?? ((line: string) => console.log(line));
  const log = (line: string) => out(name ? `${name}: ${line}` : line);
  const source = runtime.backupClient({ region: settings.sourceRegion, profile: config.profile });
  const destination = runtime.backupClient({
    region: settings.destinationRegion,
    profile: config.profile,
    roleArn: inputs.destinationRoleArn,
    externalId: inputs.destinationExternalId,
    sessionName: inputs.tokenScope ? `pbc-${inputs.tokenScope}` : undefined,
  });
  return { inputs, settings, source, destination, provider: props.__provider, runtime, deadline, hooks, log };
}
