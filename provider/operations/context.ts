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
}

/** The echoed inputs inside a set of outputs (read and delete receive only outputs). */
export function inputsOf(props: Record<string, unknown>): CopyJobInputs & Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const key of INPUT_NAMES) if (props[key] !== undefined) inputs[key] = props[key];
  return inputs as CopyJobInputs & Record<string, unknown>;
}

/** `boundMs` shortens the deadline below timeoutMinutes (refresh). */
export function operationContext(
  props: Record<string, unknown>,
  config: StackConfig,
  runtime: Runtime,
  boundMs = Infinity,
): OperationContext {
  const inputs = inputsOf(props);
  const settings = resolveSettings(inputs, config);
  const deadline = Deadline.after(Math.min(settings.timeoutMs, boundMs));
  const source = runtime.backupClient({ region: settings.sourceRegion, profile: config.profile });
  const destination = runtime.backupClient({
    region: settings.destinationRegion,
    profile: config.profile,
    roleArn: inputs.destinationRoleArn,
    externalId: inputs.destinationExternalId,
    sessionName: inputs.tokenScope ? `pbc-${inputs.tokenScope}` : undefined,
  });
  return { inputs, settings, source, destination, provider: props.__provider, runtime, deadline };
}
