/**
 * The deterministic idempotency token. The same inputs give the same token on every run, so an interrupted
 * create that runs again gets its own job back from AWS instead of starting a second copy.
 * Only the properties that identify the copy (those whose change replaces the resource) take part:
 * lifecycle and wait settings change in place and must not change the token.
 */
import { createHash } from "crypto";

export const TOKEN_PARTS = [
  "tokenScope",
  "region",
  "recoveryPointArn",
  "sourceBackupVaultName",
  "destinationBackupVaultArn",
  "iamRoleArn",
] as const;

export function deterministicToken(inputs: Record<string, unknown>): string {
  const hash = createHash("sha256");
  for (const key of TOKEN_PARTS) hash.update(`${key}=${String(inputs[key] ?? "")}\n`);
  return `pbc-${hash.digest("hex").slice(0, 40)}`;
}

/**
 * AWS returns the same job for a reused token, even a failed one. After a failure the next attempt uses the
 * next token in the sequence, so a retry starts a fresh job while a resumed create still finds its own.
 */
export function tokenForAttempt(base: string, attempt: number): string {
  return attempt === 0 ? base : `${base}-${attempt}`;
}
