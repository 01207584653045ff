/**
 * The Node.js SDK generated from the native plugin's schema (scripts/pulumi-gen-sdk.sh --language nodejs),
 * compiled with this repository's TypeScript, as a user would build it before `npm install`ing it.
 *
 * It is generated under `<repo>/.pulumi-harness/sdks/` (git-ignored), inside the repository, so its
 * `require("@pulumi/pulumi")` resolves to the very module the inline program and the Automation API load:
 * one runtime, one resource monitor connection. (Under `.cache`, a symlink here, node would resolve the real
 * path and find another copy of @pulumi/pulumi.)
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { lastLineOf, REPO } from "./tools";

const exec = promisify(execFile);

export interface NodeSdk {
  /** The generated sources (copyJob.ts, index.ts, package.json …). */
  dir: string;
  /** The compiled package's main module. */
  main: string;
  /** `require(main)`. */
  load(): { CopyJob: new (name: string, args: Record<string, unknown>, opts?: object) => NodeSdkCopyJob };
}

/** What the tests read from the generated CopyJob class. */
export interface NodeSdkCopyJob {
  urn: import("@pulumi/pulumi").Output<string>;
  copyJobId: import("@pulumi/pulumi").Output<string>;
  state: import("@pulumi/pulumi").Output<string>;
}

let building: Promise<NodeSdk> | undefined;

/** Generates and compiles the SDK once per process. */
export function nodeSdk(): Promise<NodeSdk> {
  building ??= build();
  return building;
}

async function build(): Promise<NodeSdk> {
  const dir = await lastLineOf(
    "bash",
    [
      path.join(REPO, "scripts/pulumi-gen-sdk.sh"),
      "--language",
      "nodejs",
      "--out",
      path.join(REPO, ".pulumi-harness", "sdks"),
    ],
    "pulumi-gen-sdk",
  );
  const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
  const errors = await exec(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")], {
    cwd: dir,
  }).then(
    () => [],
    (e: Error & { stdout?: string }) => (e.stdout ?? e.message).split("\n").filter((l) => /error TS/.test(l)),
  );
  // The generator (pkg/v3 at the CLI's version) writes `CopyJob.exists`, which calls
  // pulumi.runtime.existsResource: new in @pulumi/pulumi 3.269, the floor its package.json declares. This
  // repository pins 3.248 (the last for Node 20), so that one line does not type-check here; tsc still emits the
  // JavaScript, and the tests never call `exists`. Any other error fails.
  const unexpected = errors.filter((l) => !/Property 'existsResource' does not exist/.test(l));
  if (unexpected.length) throw new Error(`tsc of the generated SDK in ${dir} failed:\n${errors.join("\n")}`);
  // The generated utilities read `./package.json` beside the compiled code (the version they ask the engine
  // for): Pulumi's own SDK builds copy it into bin/ after tsc, and so does this one.
  fs.copyFileSync(path.join(dir, "package.json"), path.join(dir, "bin", "package.json"));
  const main = path.join(dir, "bin", "index.js");
  return { dir, main, load: () => require(main) as ReturnType<NodeSdk["load"]> };
}
