/**
 * Keeps V8's young generation at the size it has when the provider starts work, in the process that serves
 * CopyJob operations (the plugin): that process mostly waits, and its memory matters more than its allocation
 * speed.
 *
 * V8 grows the young generation (new space) by doubling it whenever enough objects survive its collections,
 * up to a cap. Node.js 20 and 22 cap it at 32 MB; Node.js 24 and 26 size the cap from the machine's memory (up
 * to 128 MB on a 24 GB machine). A long wait over many copies survives enough to reach the cap, so the cap
 * was the largest part of the peak: at N = 1000 the plugin peaked at ~200 MB on Node.js 24 against ~145 MB on
 * Node.js 20, with a live heap of ~14 MB. With the growth factor at 1 (`--semi-space-growth-factor`, which V8
 * reads each time it would grow, so setting it at run time works) it stayed at 8 MB in the bench on every Node.js
 * measured (V8 13, in Node.js 24 and 26, still grows it a little under heavier survival: to 22 MB, against 128,
 * in tests/unit/young-generation.spec.ts). Collections are more frequent and each is smaller; the provider's CPU
 * time did not rise (bench/RESULTS.md).
 *
 * A process whose user chose young-generation flags (NODE_OPTIONS or node's own arguments) keeps them, and
 * PULUMI_BACKUP_COPY_V8_DEFAULTS=1 leaves V8 as it is. The flag is process-wide, as is the state this module
 * remembers.
 */
import { setFlagsFromString } from "v8";

const GROWTH_FLAG = "--semi-space-growth-factor=1";

/** Flags by which a user sizes the young generation themselves. */
const USER_CHOICE =
  /--(?:(?:max|min)[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor|max[-_]young[-_]generation[-_]size)\b/;

export type YoungGenerationChoice = "pin" | "the user's flags" | "opted out";

/** Whether to pin, from the process's environment and node arguments. */
export function youngGenerationChoice(
  env: NodeJS.ProcessEnv,
  execArgv: readonly string[],
): YoungGenerationChoice {
  if (env.PULUMI_BACKUP_COPY_V8_DEFAULTS === "1") return "opted out";
  if (USER_CHOICE.test(`${env.NODE_OPTIONS ?? ""} ${execArgv.join(" ")}`)) return "the user's flags";
  return "pin";
}

/** V8's flags are the process's: once set, they stay set. */
let pinned = false;

/** Pins the young generation unless the user chose otherwise (idempotent). */
export function pinYoungGeneration(): void {
  if (pinned || youngGenerationChoice(process.env, process.execArgv) !== "pin") return;
  setFlagsFromString(GROWTH_FLAG);
  pinned = true;
}
