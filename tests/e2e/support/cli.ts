/**
 * The real Pulumi CLI, found or built by scripts/pulumi-cli.sh (`npm run -s pulumi-cli`), wrapped as the
 * Automation API's PulumiCommand. Without a CLI and without Go this FAILS with the script's own message on how
 * to get one: the e2e suite and the demo never skip silently.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

const REPO = path.resolve(__dirname, "../../..");

export interface PulumiCli {
  /** The `pulumi` executable. */
  path: string;
  /** What `pulumi version` printed, e.g. "v3.276.0". */
  version: string;
  /** For LocalWorkspace's `pulumiCommand` option. */
  command: PulumiCommand;
}

let finding: Promise<PulumiCli> | undefined;

/** Once per process. The first call may build the CLI (minutes); later calls take a moment. */
export function pulumiCli(): Promise<PulumiCli> {
  finding ??= find();
  return finding;
}

async function find(): Promise<PulumiCli> {
  const cli = await new Promise<string>((resolve, reject) => {
    execFile(
      "bash",
      [path.join(REPO, "scripts", "pulumi-cli.sh")],
      { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const last = stdout.trim().split("\n").pop() ?? "";
        if (error || !last) {
          reject(
            new Error(
              `No Pulumi CLI for the end-to-end tests (scripts/pulumi-cli.sh failed):\n${stderr.trim()}`,
              { cause: error },
            ),
          );
        } else resolve(last);
      },
    );
  });
  const command = await PulumiCommand.get({ root: rootFor(cli) });
  return { path: cli, version: String(command.version), command };
}

/**
 * PulumiCommand.get takes an install root and runs `<root>/bin/pulumi`; the Automation API then puts that
 * bin directory first on the CLI's PATH, where the engine finds `pulumi-resource-pulumi-nodejs`. A CLI that
 * is not `…/bin/pulumi` (our cache keeps `<version>/pulumi`) gets a root of symlinks to it and its launcher.
 */
function rootFor(cli: string): string {
  const dir = path.dirname(cli);
  if (path.basename(cli) === "pulumi" && path.basename(dir) === "bin") return path.dirname(dir);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-root-"));
  fs.mkdirSync(path.join(root, "bin"));
  for (const name of ["pulumi", "pulumi-resource-pulumi-nodejs"]) {
    const target = name === "pulumi" ? cli : path.join(dir, name);
    if (fs.existsSync(target)) fs.symlinkSync(target, path.join(root, "bin", name));
  }
  process.on("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}
