/**
 * Progress lines. The Pulumi CLI shows the dynamic-provider plugin's stdout as diagnostics, so a plain line
 * on stdout is how a long wait tells the user it is alive. A line is printed when the state changes, and
 * otherwise at most once per interval.
 */
export interface ProgressReporter {
  report(state: string | undefined, detail?: { bytes?: number; message?: string }): void;
}

const QUIET_MS = 60_000;

export function progressReporter(
  what: string,
  startedAt = Date.now(),
  out: (line: string) => void = console.log,
): ProgressReporter {
  let lastState: string | undefined;
  let lastAt = 0;
  return {
    report(state, detail = {}) {
      const now = Date.now();
      if (state === lastState && now - lastAt < QUIET_MS) return;
      lastState = state;
      lastAt = now;
      const parts = [`${what}: ${state ?? "not visible yet"}`];
      if (detail.bytes !== undefined) parts.push(formatBytes(detail.bytes));
      parts.push(`${formatDuration(now - startedAt)} elapsed`);
      if (detail.message) parts.push(detail.message);
      out(parts.join(", "));
    },
  };
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
