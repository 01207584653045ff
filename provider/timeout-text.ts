/**
 * A timeout as the user gave it: `timeoutMinutes: 0.1` is a "0.1-minute timeout", not the "0-minute timeout"
 * that rounding to whole minutes printed. A timeout the minutes cannot say in a few decimals (the engine's
 * customTimeouts, in the native plugin, arrive in milliseconds) is said in seconds.
 */
export function timeoutText(ms: number): string {
  if (!Number.isFinite(ms)) return "unbounded timeout";
  const minutes = ms / 60_000;
  if (isShort(minutes)) return `${trim(minutes)}-minute timeout`;
  const seconds = ms / 1000;
  if (isShort(seconds)) return `${trim(seconds)}-second timeout`;
  return `${Math.round(ms)}-millisecond timeout`;
}

/** At most three decimals, exactly (0.1, 0.05, 720), so what is printed is what was given. */
function isShort(value: number): boolean {
  return Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6;
}

function trim(value: number): string {
  return String(Number(value.toFixed(3)));
}
