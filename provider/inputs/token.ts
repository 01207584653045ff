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

/**
 * A new resource's token scope (`tokenScope`), mixed into its default token so two resources copying the same
 * point get two jobs. Without a parent it is `project/stack/name`, as released: a stack's existing copies keep
 * their tokens. Under a parent it also holds the parent's type chain and name (its URN after the project), so
 * two same-named CopyJobs under two components, whose URNs differ, do not share a token and one job. The name
 * stays last: the resource's name in progress lines is read from there (operations/context.ts).
 */
export function tokenScope(project: string, stack: string, name: string, parentUrn?: string): string {
  const parent = parentUrn === undefined ? undefined : parentOf(parentUrn);
  return parent === undefined ? `${project}/${stack}/${name}` : `${project}/${stack}/${parent}/${name}`;
}

/** `<type chain>::<name>` of a parent's URN; undefined for the stack itself (the default parent). */
function parentOf(urn: string): string | undefined {
  // urn:pulumi:<stack>::<project>::<parent types, joined by $>::<name>
  const parts = urn.split("::");
  if (parts.length < 4) return undefined;
  const typeChain = parts[2];
  if (typeChain === "pulumi:pulumi:Stack") return undefined;
  return `${typeChain}::${parts.slice(3).join("::")}`;
}
