/**
 * The rules a single value must follow, as functions that return what is wrong with it (or undefined). The
 * property table (properties.ts) picks one per property; rules.ts applies them. Messages say the rule;
 * the property and its value are added where the failure is shown (by Pulumi's engine for check, and in the
 * same form by the CopyJob constructor: rules.ts).
 */

/** What is wrong with the value, or undefined when it is fine. */
export type Rule = (value: unknown) => string | undefined;

export const string =
  (more?: (s: string) => string | undefined): Rule =>
  (value) => {
    if (typeof value !== "string") return `must be a string, not ${describe(value)}`;
    if (value.length === 0) return "must not be empty";
    return more?.(value);
  };

export const boolean: Rule = (value) =>
  typeof value === "boolean" ? undefined : `must be true or false, not ${describe(value)}`;

export const positiveNumber =
  (max: number): Rule =>
  (value) => {
    if (typeof value !== "number" || !Number.isFinite(value))
      return `must be a number, not ${describe(value)}`;
    if (value <= 0) return `must be greater than 0, not ${value}`;
    if (value > max) return `must be at most ${max}, not ${value}`;
    return undefined;
  };

/** AWS: lifecycle days are -1 (keep forever) or 1..36500. */
export const lifecycleDays: Rule = (value) => {
  if (typeof value !== "number" || !Number.isInteger(value))
    return `must be a whole number of days, not ${describe(value)}`;
  if (value === -1 || (value >= 1 && value <= 36500)) return undefined;
  return `must be -1 (keep indefinitely) or between 1 and 36500 days, not ${value}`;
};

export const oneOf =
  (...allowed: string[]): Rule =>
  (value) =>
    typeof value === "string" && allowed.includes(value)
      ? undefined
      : `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, not ${describe(value)}`;

export const pattern = (re: RegExp, rule: string) => (s: string) =>
  re.test(s) ? undefined : `${rule}, not '${s}'`;

/** A nested object (lifecycle, polling): its members have rules of their own. */
export const object =
  (members: Record<string, Rule>): Rule =>
  (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? undefined
      : `must be an object with ${Object.keys(members).join(", ")}, not ${describe(value)}`;

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

const vaultNamePattern = pattern(
  /^[a-zA-Z0-9_-]{2,50}$/,
  "must be 2-50 characters of letters, digits, '-' and '_' (AWS's backup vault name rule)",
);

/**
 * AWS: backup vault names are 2-50 letters, digits, hyphens and underscores. A vault's ARN is the usual
 * mistake here (destinationBackupVaultArn beside it takes one): say which name to pass instead.
 */
export const VAULT_NAME_RULE = (s: string): string | undefined => {
  const fromArn = /^arn:[^:]+:backup:[^:]*:[^:]*:backup-vault:(.+)$/.exec(s)?.[1];
  if (fromArn)
    return `is a backup vault ARN, but this property takes the vault's name: pass the name '${fromArn}'`;
  return vaultNamePattern(s);
};
