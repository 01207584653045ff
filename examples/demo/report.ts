/** Printing for the demo: the plugin's output as it arrives, and plain-text tables. */
import type { DynamicProviderPlugin } from "../../tests/harness";

/**
 * Prints the plugin's stdout lines (the provider's progress, what the Pulumi CLI shows as diagnostics) while
 * `fn` runs. Returns what `fn` returns.
 */
export async function tailingPlugin<T>(plugin: DynamicProviderPlugin, fn: () => Promise<T>): Promise<T> {
  let seen = plugin.diagnosticEvents.length;
  const flush = () => {
    const events = plugin.diagnosticEvents;
    for (; seen < events.length; seen++) {
      if (events[seen].source === "stdout") console.log(`    │ ${events[seen].text}`);
    }
  };
  const timer = setInterval(flush, 25);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await plugin.settle();
    flush();
  }
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? "").padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)]
    .map((l) => `  ${l}`)
    .join("\n");
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

/** A duration of emulated (AWS) time, e.g. "20m29s". */
export function awsDuration(fromIso: unknown, toIso: unknown): string {
  if (typeof fromIso !== "string" || typeof toIso !== "string") return "-";
  const s = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** "StartCopyJob×2 DescribeCopyJob×9", in a stable order. */
export function callCounts(calls: Record<string, number>): string {
  return (
    Object.entries(calls)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}×${n}`)
      .join(" ") || "none"
  );
}

/** The provider RPCs of an operation, counted by method: "check×2 create×2". */
export function rpcCounts(calls: string[]): string {
  const counts: Record<string, number> = {};
  for (const c of calls) counts[c.split(" ")[0]] = (counts[c.split(" ")[0]] ?? 0) + 1;
  return callCounts(counts);
}
