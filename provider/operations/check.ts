import type * as pulumi from "@pulumi/pulumi";
import { equal } from "../inputs/equal";
import { TOKEN_PARTS } from "../inputs/properties";
import { validateInputs } from "../inputs/rules";
import { deterministicToken } from "../inputs/token";
import { isUnknown, UNKNOWN } from "../inputs/unknown";

/**
 * Validates before any AWS call and fills the deterministic idempotency token. A token is only computed from
 * known values; during preview it stays unknown.
 *
 * `olds` are the resource's previous inputs. A resource that has a token keeps it while the properties that
 * identify the copy are unchanged: the token's scope (project/stack/name) changes with `pulumi stack rename`,
 * a new project name or a resource renamed with `aliases`, and a new token would replace the copy (a second
 * copy job, and with onDelete "delete" the old copy deleted). A replacement calls check with no olds, so a
 * new copy gets a token of its own.
 */
export function check(
  news: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): pulumi.dynamic.CheckResult {
  const failures = validateInputs(news);
  const inputs = { ...news };
  if (failures.length === 0 && inputs.idempotencyToken === undefined) {
    if (TOKEN_PARTS.some(({ name }) => isUnknown(inputs[name]))) inputs.idempotencyToken = UNKNOWN;
    else inputs.idempotencyToken = keptToken(olds, inputs) ?? deterministicToken(inputs);
  }
  return { inputs, failures };
}

function keptToken(olds: Record<string, unknown>, news: Record<string, unknown>): string | undefined {
  const token = olds.idempotencyToken;
  if (typeof token !== "string" || isUnknown(token)) return undefined;
  const sameCopy = TOKEN_PARTS.every(({ name, role }) => role === "scope" || equal(olds[name], news[name]));
  return sameCopy ? token : undefined;
}
