/**
 * The binaries the YAML suite drives, each found or built by its script, once per process: the YAML language
 * host (scripts/pulumi-yaml.sh, a Go build from the module proxy, cached), the AWS CLI (scripts/aws-cli.sh, a
 * venv from PyPI, cached) and the native plugin's folder (`npm run -s plugin`). Without one of them the suite
 * FAILS with the script's own message: no silent skips.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildIfStale } from "../../harness/installed-package";

export const REPO = path.resolve(__dirname, "../../..");

/** Room for a cold build of the YAML host (measured ~7 minutes on 2 cores) in a mocha hook. */
export const HOST_TIMEOUT_MS = 20 * 60_000;

/**
 * Runs `command args` in the repository and resolves the last line it printed (the scripts' contract). Lines of
 * stderr starting with `<prefix>: ` are echoed as they come, so a cold build is not minutes of silence.
 */
export function lastLineOf(command: string, args: string[], prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
      for (const line of String(d).split("\n"))
        if (line.startsWith(`${prefix}: `)) process.stderr.write(`${line}\n`);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last) reject(new Error(`${command} ${args.join(" ")} failed:\n${stderr.trim()}`));
      else resolve(last);
    });
  });
}

const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};

/** `pulumi-language-yaml`, built from the Go module proxy on first use (minutes), then cached. */
export const yamlHost = once(() =>
  lastLineOf("bash", [path.join(REPO, "scripts/pulumi-yaml.sh")], "pulumi-yaml"),
);

/** An AWS CLI (v1, from PyPI into a cached venv). */
export const awsCli = once(() => lastLineOf("bash", [path.join(REPO, "scripts/aws-cli.sh")], "aws-cli"));

/**
 * The folder holding the executable `pulumi-resource-backup-copy`: what `plugins.providers[].path` in
 * Pulumi.yaml names. `npm run -s plugin` prints it. dist/ is built first when older than the sources: the
 * executable runs the compiled plugin when there is one (a stale one would test old code), ts-node otherwise.
 */
export const pluginDir = once(async () => {
  buildIfStale();
  const dir = await lastLineOf("npm", ["run", "-s", "plugin"], "plugin");
  const exe = path.join(dir, "pulumi-resource-backup-copy");
  if (!fs.existsSync(exe))
    throw new Error(`npm run -s plugin printed ${dir}, which has no ${path.basename(exe)}`);
  return dir;
});
