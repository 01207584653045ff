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
  await exec(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")], { cwd: dir }).catch(
    (e: Error & { stdout?: string }) => {
      throw new Error(`tsc of the generated SDK in ${dir} failed:\n${e.stdout ?? ""}${e.message}`);
    },
  );
  const main = path.join(dir, "bin", "index.js");
  return { dir, main, load: () => require(main) as ReturnType<NodeSdk["load"]> };
}
