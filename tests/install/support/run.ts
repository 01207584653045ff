/**
 * Paths and process helpers shared by the install tests: where caches live, content hashes, and a `run` that
 * says which command failed and what it printed.
 */
import { execFile, execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "../../..");
/**
 * Ignored by git: tarballs and tools (yarn, pnpm) the tests install. The Node matrix runs copies of the tree
 * and points them at the original's (PULUMI_BACKUP_COPY_TEST_CACHE), so each leg does not pack and install anew.
 */
export const CACHE = process.env.PULUMI_BACKUP_COPY_TEST_CACHE ?? path.join(REPO, ".cache");
/**
 * Installed projects live OUTSIDE the repository: Node resolves bare names by walking up the directories, and
 * from anywhere under the repository it would find the repository's own node_modules (the AWS SDK,
 * @pulumi/pulumi), hiding exactly the failures these tests are for.
 */
export const PROJECTS = path.join(os.tmpdir(), "pulumi-backup-copy-installs");

/** Runs a command; on failure the error names the command, its directory and its output. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): string {
  try {
    return execFileSync(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: opts.timeoutMs ?? 10 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(" ")} (in ${opts.cwd}) failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`,
      { cause: error },
    );
  }
}

/**
 * `run`, without blocking this process: for children that call back into a server this process runs (the
 * emulator), which a synchronous wait would deadlock.
 */
export function runAsync(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        cwd: opts.cwd,
        env: { ...process.env, ...opts.env },
        encoding: "utf8",
        timeout: opts.timeoutMs ?? 10 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const where = `${cmd} ${args.slice(0, 1).join(" ")}… (in ${opts.cwd})`;
        reject(new Error(`${where} failed: ${error.message}\n${stdout}${stderr}`, { cause: error }));
      },
    );
  });
}

/** The npm that runs this process (npm_execpath under `npm test`), else the one beside node, else PATH's. */
export function npm(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.js$/.test(cli)) return run(process.execPath, [cli, ...args], opts);
  return run("npm", args, opts);
}

/** sha256 of files' relative names and contents (directories walked in sorted order). */
export function contentHash(root: string, entries: string[], extra = ""): string {
  const hash = createHash("sha256").update(extra);
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) visit(path.join(rel, name));
    } else {
      hash.update(`${rel}\0`).update(fs.readFileSync(abs)).update("\0");
    }
  };
  for (const e of entries) visit(e);
  return hash.digest("hex").slice(0, 16);
}

/**
 * Returns `dir`, made by `make(dir)` when it lacks its completion marker. Installs write absolute symlinks
 * (`npm link`), so they cannot be made elsewhere and renamed: a half-made directory is wiped and made again.
 */
export function cached(dir: string, make: (dir: string) => void): string {
  const done = path.join(dir, ".complete");
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  make(dir);
  fs.writeFileSync(done, new Date().toISOString());
  return dir;
}
