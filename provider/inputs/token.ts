/**
 * The deterministic idempotency token. The same inputs give the same token on every run, so an interrupted
 * create that runs again gets its own job back from AWS instead of starting a second copy.
 * Only the token parts of the property table take part (properties.ts): lifecycle and wait settings change in
 * place and must not change the token. The hash (its parts and their order) is as released: a different one
 * would give an interrupted create of an older version another token, and a second copy.
 */
import { createHash } from "crypto";
import { TOKEN_PARTS } from "./properties";

export function deterministicToken(inputs: Record<string, unknown>): string {
  const hash = createHash("sha256");
  for (const { name } of TOKEN_PARTS) hash.update(`${name}=${String(inputs[name] ?? "")}\n`);
  return `pbc-${hash.digest("hex").slice(0, 40)}`;
}

/**
 * AWS returns the same job for a reused token, even a failed one. After a failure the next attempt uses the
 * next token in the sequence, so a retry starts a fresh job while a resumed create still finds its own.
 */
export function tokenForAttempt(base: string, attempt: number): string {
  return attempt === 0 ? base : `${base}-${attempt}`;
}
