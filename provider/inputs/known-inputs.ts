/**
 * The CopyJob constructor's validation: the values a program passes as plain values are known right away, and
 * under Pulumi's mocks (`pulumi.runtime.setMocks`, the usual way to unit-test a program) the engine never
 * calls check. So the constructor applies check's own rules (rules.ts) to them and throws with check's own
 * words. Outputs and promises are not known yet: they stand in as the engine's "unknown" placeholder, which
 * every rule skips, and check validates them once known.
 */
import { programError } from "../program-error";
import { programPulumi } from "../program-pulumi";
import { describeFailure, validateInputs } from "./rules";
import { UNKNOWN } from "./unknown";

export function throwOnKnownBadInputs(name: string, args: Record<string, unknown>): void {
  // Resolved once per resource: the program's copy of @pulumi/pulumi made its Outputs.
  const { Output } = programPulumi();
  const known = knownValues(args, (v) => Output.isInstance(v)) as Record<string, unknown>;
  const failures = validateInputs(known);
  if (failures.length === 0) return;
  // The message alone in `pulumi up`, no stack trace (program-error.ts).
  throw programError(
    `CopyJob '${name}' has invalid inputs:\n${failures.map((f) => `  - ${describeFailure(known, f)}`).join("\n")}`,
  );
}

function knownValues(value: unknown, isOutput: (v: unknown) => boolean): unknown {
  if (isOutput(value) || isPromiseLike(value)) return UNKNOWN;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, knownValues(v, isOutput)]));
}

function isPromiseLike(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
