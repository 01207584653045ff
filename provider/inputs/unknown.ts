/**
 * The placeholder the engine sends for values not yet known during preview
 * (@pulumi/pulumi runtime/rpc.unknownValue). Inlined so the check needs no runtime import.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}
