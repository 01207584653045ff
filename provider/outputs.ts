/**
 * DescribeCopyJob + DescribeRecoveryPoint → JSON-clean outputs. The plugin's protobuf encoding breaks on
 * `undefined` and turns a Date into {}, so dates become ISO strings and absent values are left out.
 */
import type { CopyJob, DescribeRecoveryPointCommandOutput } from "@aws-sdk/client-backup";
import { PROPERTIES, type PropertyName } from "./inputs/properties";
import type { CopyJobInputs, CopyJobOutputs, DestinationRecoveryPointOutput } from "./types";

type Json = string | number | boolean | Json[] | { [key: string]: Json };

/** PascalCase AWS shapes → camelCase JSON, dates as ISO-8601, undefined dropped. */
export function toJson(value: unknown): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson).filter((v): v is Json => v !== undefined);
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === "$metadata") continue;
      const json = toJson(v);
      if (json !== undefined) out[camel(key)] = json;
    }
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return undefined;
  return value as Json;
}

function camel(key: string): string {
  // Keep enum-like keys (ChildJobsInState's CREATED, RUNNING...) as AWS spells them.
  if (/^[A-Z0-9_]+$/.test(key)) return key;
  return key.charAt(0).toLowerCase() + key.slice(1);
}

export function destinationRecoveryPointOutput(
  rp: Omit<DescribeRecoveryPointCommandOutput, "$metadata">,
): DestinationRecoveryPointOutput {
  const json = toJson({
    Status: rp.Status,
    StatusMessage: rp.StatusMessage,
    StorageClass: rp.StorageClass,
    CreationDate: rp.CreationDate,
    CompletionDate: rp.CompletionDate,
    Lifecycle: rp.Lifecycle,
    CalculatedLifecycle: rp.CalculatedLifecycle,
    IsEncrypted: rp.IsEncrypted,
    EncryptionKeyArn: rp.EncryptionKeyArn,
    BackupSizeInBytes: rp.BackupSizeInBytes,
  });
  return json as DestinationRecoveryPointOutput;
}

/** Inputs are echoed so diff/update/delete, which receive the previous outputs, still see them. */
export function buildOutputs(
  inputs: CopyJobInputs & Record<string, unknown>,
  extra: { copyJobId: string; sourceRegion: string; tokenAttempt?: number; adopted?: boolean },
  job?: CopyJob,
  destination?: DestinationRecoveryPointOutput,
): CopyJobOutputs {
  const echoed = toJson(stripUndefined(inputs)) as Record<string, Json>;
  const described = (job ? toJson(job) : {}) as Record<string, Json>;
  const outputs = {
    ...echoed,
    ...described,
    copyJobId: extra.copyJobId,
    sourceRegion: extra.sourceRegion,
    ...(extra.tokenAttempt !== undefined ? { tokenAttempt: extra.tokenAttempt } : {}),
    ...(extra.adopted ? { adopted: true } : {}),
    ...(destination ? { destinationRecoveryPoint: destination } : {}),
  } as unknown as CopyJobOutputs;
  return outputs;
}

function stripUndefined(inputs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs)) if (v !== undefined && k !== "__provider") out[k] = v;
  return out;
}

/**
 * Fresh outputs of the same job over what was known of it: what AWS no longer says (a job aged out of its
 * history) is kept, never dropped. Inputs come from the fresh outputs only, so an input the program removed
 * stays removed. destinationRecoveryPoint is what DescribeRecoveryPoint says now: a copy that is gone must
 * not look present.
 */
export function mergeOutputs(previous: Partial<CopyJobOutputs>, fresh: CopyJobOutputs): CopyJobOutputs {
  const merged: Record<string, unknown> = { ...fresh };
  for (const [key, value] of Object.entries(previous)) {
    const row = PROPERTIES[key as PropertyName];
    if (key === "destinationRecoveryPoint") continue;
    if (row?.kind === "output" && merged[key] === undefined && value !== undefined) merged[key] = value;
  }
  return merged as unknown as CopyJobOutputs;
}
