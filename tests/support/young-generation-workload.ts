/**
 * Run as a child by tests/unit/young-generation.spec.ts, compiled to JavaScript as the plugin loads the package
 * (compiling through ts-node would grow the young generation before the runtime exists). It makes a runtime as
 * argv[2] says ("process": the plugin's processRuntime(); "own": a test's `new Runtime()`), then allocates as a
 * long wait does (a window of live objects among much garbage, so enough survives each collection for V8 to
 * grow the young generation), and prints the young generation's (new space's) size before and at its largest,
 * in MB.
 */
import { getHeapSpaceStatistics } from "v8";
import { processRuntime, Runtime } from "../../provider/runtime";

const newSpaceMb = () =>
  (getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0) / 1024 ** 2;
const atStartMb = newSpaceMb();

if (process.argv[2] === "process") processRuntime();
else new Runtime();

const live: object[] = [];
let maxNewSpace = 0;
for (let round = 0; round < 1500; round++) {
  for (let i = 0; i < 2000; i++) {
    live.push({ id: `job-${round}-${i}`, state: ["RUNNING", i], seen: { at: new Date(), n: i } });
    if (live.length > 30_000) live.splice(0, 1000);
  }
  maxNewSpace = Math.max(maxNewSpace, newSpaceMb());
}
process.stdout.write(JSON.stringify({ atStartMb, maxNewSpaceMb: maxNewSpace }));
