/**
 * The figures the reliability specs measure (runs, faults injected, kills, inputs tried, refusals), printed by
 * the specs and, when RELIABILITY_FIGURES names a file, appended to it as JSON lines for docs/reliability.md.
 */
import * as fs from "fs";

export function recordFigure(name: string, figure: Record<string, unknown>): void {
  const file = process.env.RELIABILITY_FIGURES;
  if (file) fs.appendFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), ...figure }) + "\n");
}
