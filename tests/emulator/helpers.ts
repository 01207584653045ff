import { BackupClient } from "@aws-sdk/client-backup";
import { STSClient } from "@aws-sdk/client-sts";
import * as assert from "assert";
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_REGION,
  EmulatorOptions,
  RunningEmulator,
  startEmulator,
} from "../../emulator";

export const ROLE = "arn:aws:iam::111111111111:role/backup-copy";
export const OTHER_ACCOUNT = "222222222222";

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const defaultCreds: Creds = {
  accessKeyId: DEFAULT_CREDENTIALS.accessKeyId,
  secretAccessKey: DEFAULT_CREDENTIALS.secretAccessKey,
};

/** One emulator per spec file, reset before each test; the clock is frozen unless a test scales it. */
export function useEmulator(options: EmulatorOptions = {}): () => RunningEmulator {
  let emu: RunningEmulator | undefined;
  before(async () => {
    emu = await startEmulator({ quiet: true, seed: 7, clockScale: 0, ...options });
  });
  beforeEach(async () => {
    await emu!.control.reset();
  });
  after(async () => {
    await emu?.stop();
  });
  return () => emu!;
}

export function backupClient(
  emu: RunningEmulator,
  opts: { region?: string; credentials?: Creds; maxAttempts?: number } = {},
): BackupClient {
  return new BackupClient({
    endpoint: emu.endpoint,
    region: opts.region ?? DEFAULT_REGION,
    credentials: opts.credentials ?? defaultCreds,
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

export function stsClient(
  emu: RunningEmulator,
  opts: { credentials?: Creds; maxAttempts?: number } = {},
): STSClient {
  return new STSClient({
    endpoint: emu.endpoint,
    region: DEFAULT_REGION,
    credentials: opts.credentials ?? defaultCreds,
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

/** Asserts that the promise rejects with the named exception (and status when given); returns the error. */
export async function rejectsWith(
  promise: Promise<unknown>,
  name: string,
  status?: number,
): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    const e = err as SdkError;
    assert.strictEqual(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (status !== undefined) assert.strictEqual(e.$metadata?.httpStatusCode, status);
    return e;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}

/** Source vault + cross-region destination vault + copy role + one recovery point, the usual fixture. */
export async function seedBasic(
  emu: RunningEmulator,
  rp: Parameters<RunningEmulator["control"]["seedRecoveryPoint"]>[0] = { vaultName: "src" },
) {
  await emu.control.seedVault({ name: "src" });
  const dest = await emu.control.seedVault({ name: "dst", region: "us-west-2" });
  await emu.control.seedRole({ arn: ROLE });
  const { recoveryPointArn } = await emu.control.seedRecoveryPoint(rp);
  return { destArn: dest.backupVaultArn, rpArn: recoveryPointArn };
}

/** Raw HTTP for what the SDK would never send. */
export async function rawRequest(
  emu: RunningEmulator,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) {
  const res = await fetch(emu.endpoint + path, {
    method,
    body: init.body,
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${DEFAULT_CREDENTIALS.accessKeyId}/20250101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=00`,
      ...init.headers,
    },
  });
  return { status: res.status, errorType: res.headers.get("x-amzn-errortype"), body: await res.text() };
}
