import { AwsError, invalidParameter, missingParameter } from "./errors";
import { Lifecycle } from "./store";

/**
 * Request validation, kept apart from the operations. Wrong JSON types are SerializationException (what
 * AWS's JSON deserializer answers); wrong values are InvalidParameterValueException; absent required
 * members are MissingParameterValueException.
 */

export type Body = Record<string, unknown>;

export function parseJsonBody(raw: string): Body {
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AwsError("SerializationException", "Malformed JSON in request body.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new AwsError("SerializationException", "Request body must be a JSON object.");
  return parsed as Body;
}

function typeError(name: string, expected: string): AwsError {
  return new AwsError("SerializationException", `Invalid type for ${name}: expected ${expected}.`);
}

export function requiredString(body: Body, name: string): string {
  const value = body[name];
  if (value === undefined || value === null || value === "") throw missingParameter(name);
  if (typeof value !== "string") throw typeError(name, "string");
  return value;
}

export function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw typeError(name, "string");
  return value === "" ? undefined : value;
}

export function optionalInteger(body: Body, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw typeError(name, "integer");
  return value;
}

/** A path label: required, already percent-decoded by the router. */
export function requiredLabel(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!value) throw missingParameter(name);
  return value;
}

const MAX_DAYS = 36500;

/**
 * AWS's documented rules: each value is a positive number of days or -1 (keep indefinitely); when both are
 * positive, DeleteAfterDays must be at least 90 days more than MoveToColdStorageAfterDays, because a cold
 * recovery point is billed for 90 days in cold storage.
 */
export function validateLifecycle(value: unknown, field = "Lifecycle"): Lifecycle | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw typeError(field, "structure");
  const body = value as Body;
  const cold = optionalInteger(body, "MoveToColdStorageAfterDays");
  const del = optionalInteger(body, "DeleteAfterDays");
  const optIn = body.OptInToArchiveForSupportedResources;
  if (optIn !== undefined && typeof optIn !== "boolean")
    throw typeError(`${field}.OptInToArchiveForSupportedResources`, "boolean");
  for (const [name, days] of [
    ["MoveToColdStorageAfterDays", cold],
    ["DeleteAfterDays", del],
  ] as const) {
    if (days === undefined) continue;
    if (days !== -1 && (days < 1 || days > MAX_DAYS))
      throw invalidParameter(
        `Invalid ${field}: ${name} must be -1 (keep indefinitely) or between 1 and ${MAX_DAYS} days, got ${days}.`,
      );
  }
  if (cold !== undefined && cold > 0 && del !== undefined && del > 0 && del < cold + 90)
    throw invalidParameter(
      `Invalid ${field}: DeleteAfterDays (${del}) must be at least 90 days greater than MoveToColdStorageAfterDays (${cold}).`,
    );
  const out: Lifecycle = {};
  if (cold !== undefined) out.MoveToColdStorageAfterDays = cold;
  if (del !== undefined) out.DeleteAfterDays = del;
  if (optIn !== undefined) out.OptInToArchiveForSupportedResources = optIn as boolean;
  return out;
}

/** Page size from the query: absent means the largest page; `name` and `max` differ per operation. */
export function parseMaxResults(query: URLSearchParams, name = "maxResults", max = 1000): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return max;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw invalidParameter(`Invalid ${name} ${raw}: it must be an integer between 1 and ${max}.`);
  return n;
}

/** Query timestamps arrive as ISO-8601 (the SDK's default for timestamps in the query string). */
export function parseQueryTime(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  if (!Number.isFinite(ms)) throw invalidParameter(`Invalid timestamp for ${name}: ${raw}.`);
  return ms;
}
