/** What every operation works with: the inputs, the settings derived from them and the clients. */
import type { BackupClient } from "@aws-sdk/client-backup";
import { backupClient } from "../aws/clients";
import { resolveSettings, Settings, StackConfig } from "../inputs/settings";
import { INPUT_NAMES } from "../inputs/properties";
import type { CopyJobInputs } from "../types";

export interface OperationContext {
  inputs: CopyJobInputs & Record<string, unknown>;
  settings: Settings;
  /** Source account and region: StartCopyJob, DescribeCopyJob. */
  source: BackupClient;
  /** Destination vault's account and region: the destination recovery point. */
  destination: BackupClient;
  /** The serialized provider, which partial-state errors must carry back to the engine. */
  provider?: unknown;
}

/** The echoed inputs inside a set of outputs (read and delete receive only outputs). */
export function inputsOf(props: Record<string, unknown>): CopyJobInputs & Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const key of INPUT_NAMES) if (props[key] !== undefined) inputs[key] = props[key];
  return inputs as CopyJobInputs & Record<string, unknown>;
}

export function operationContext(props: Record<string, unknown>, config: StackConfig): OperationContext {
  const inputs = inputsOf(props);
  const settings = resolveSettings(inputs, config);
  const source = backupClient({ region: settings.sourceRegion, profile: config.profile });
  const destination = backupClient({
    region: settings.destinationRegion,
    profile: config.profile,
    roleArn: inputs.destinationRoleArn,
    externalId: inputs.destinationExternalId,
    sessionName: inputs.tokenScope ? `pbc-${inputs.tokenScope}` : undefined,
  });
  return { inputs, settings, source, destination, provider: props.__provider };
}
