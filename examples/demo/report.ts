/** Printing for the demo: plain-text tables and counts. */

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
