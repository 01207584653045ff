import type * as pulumi from "@pulumi/pulumi";
import { validateInputs } from "../inputs/rules";
import { deterministicToken, TOKEN_PARTS } from "../inputs/token";
import { isUnknown, UNKNOWN } from "../inputs/unknown";

/**
 * Validates before any AWS call and fills the deterministic idempotency token. A token is only computed from
 * known values; during preview it stays unknown.
 */
export function check(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const failures = validateInputs(news);
  const inputs = { ...news };
  if (failures.length === 0 && inputs.idempotencyToken === undefined) {
    const parts = TOKEN_PARTS.map((k) => inputs[k]);
    inputs.idempotencyToken = parts.some(isUnknown) ? UNKNOWN : deterministicToken(inputs);
  }
  return { inputs, failures };
}
