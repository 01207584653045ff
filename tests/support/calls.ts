/**
 * The AWS calls a step made, from the emulator's per-operation counters: what the end-to-end suites assert on
 * ("no StartCopyJob", "one DescribeCopyJob") instead of on timing.
 */
import type { EmulatorControl } from "../../emulator";

/** AWS calls since `since` (a snapshot of control.calls()), zero counts and control-API entries left out. */
export async function callsSince(
  control: Pick<EmulatorControl, "calls">,
  since: Record<string, number>,
): Promise<Record<string, number>> {
  const now = await control.calls();
  return Object.fromEntries(
    Object.entries(now)
      .map(([k, v]) => [k, v - (since[k] ?? 0)] as const)
      .filter(([k, v]) => /^[A-Z]/.test(k) && v > 0),
  );
}
