/**
 * The package as users get it from npm: `<root>/node_modules/pulumi-backup-copy/{package.json,dist/...}`.
 *
 * Why: CopyJobProvider instances take the module `provider-methods` as their prototype. When that module's
 * file lives under a `node_modules` directory, Pulumi's closure serializer writes the provider as
 * `Object.create(require("pulumi-backup-copy/dist/provider/provider-methods.js"))` (a few hundred bytes); from
 * the source tree it would serialize every module by value. Plugin tests and the demo therefore load the
 * provider from this installed copy and spawn the plugin with `cwd: root`, so the plugin's `require` of the
 * package name resolves here. The package's own dependencies (@aws-sdk/*, @pulumi/pulumi) resolve from the
 * repository's node_modules, one level up from `root`.
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const PACKAGE_NAME = "pulumi-backup-copy";
const REPO = path.resolve(__dirname, "../..");

export interface InstalledPackage {
  /** Directory whose node_modules holds the package: spawn the plugin with this cwd. */
  root: string;
  /** `<root>/node_modules/pulumi-backup-copy`. */
  packageDir: string;
  /** The package's main module, required from the installed copy. */
  load(): typeof import("../../provider");
  /** The installed copy's native plugin executable (bin/pulumi-resource-backup-copy). */
  pluginExecutable: string;
  /** The installed copy's emulator (dist/emulator/index.js). */
  loadEmulator(): typeof import("../../emulator");
}

let installing: Promise<InstalledPackage> | undefined;

/** Builds dist/ when stale, then installs it under `<repo>/.pulumi-harness/node_modules`. Once per process. */
export function installPackage(): Promise<InstalledPackage> {
  installing ??= Promise.resolve().then(install);
  return installing;
}

function install(): InstalledPackage {
  buildIfStale();
  const root = path.join(REPO, ".pulumi-harness");
  const packageDir = path.join(root, "node_modules", PACKAGE_NAME);
  // bin/: the native plugin's executable, which runs dist/provider/plugin/main.js.
  const sources = ["package.json", "bin", "dist/provider", "dist/emulator"];
  const stamp = fingerprint(sources.map((s) => path.join(REPO, s)));
  const stampFile = path.join(packageDir, ".installed-from");
  const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8") : "";
  if (current !== stamp) {
    // Build the new copy beside the old one, then swap, so a concurrent reader rarely sees a half copy.
    const staging = `${packageDir}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    for (const s of sources) {
      fs.cpSync(path.join(REPO, s), path.join(staging, s), {
        recursive: true,
        filter: (src) =>
          fs.statSync(src).isDirectory() ||
          /\.(js|d\.ts|json)$/.test(src) ||
          path.basename(path.dirname(src)) === "bin",
      });
    }
    fs.writeFileSync(path.join(staging, ".installed-from"), stamp);
    const trash = `${packageDir}.old-${process.pid}`;
    if (fs.existsSync(packageDir)) fs.renameSync(packageDir, trash);
    fs.renameSync(staging, packageDir);
    fs.rmSync(trash, { recursive: true, force: true });
  }
  const main = path.join(packageDir, "dist", "provider", "index.js");
  return {
    root,
    packageDir,
    pluginExecutable: path.join(packageDir, "bin", "pulumi-resource-backup-copy"),
    load: () => require(main) as typeof import("../../provider"),
    loadEmulator: () =>
      require(path.join(packageDir, "dist", "emulator", "index.js")) as typeof import("../../emulator"),
  };
}

/** `tsc -p tsconfig.build.json` when dist/ is missing or older than any source of provider/ or emulator/. */
export function buildIfStale(): void {
  const built = path.join(REPO, "dist", "provider", "index.js");
  const newestSource = Math.max(
    newestMtime(path.join(REPO, "provider")),
    newestMtime(path.join(REPO, "emulator")),
  );
  if (fs.existsSync(built) && oldestMtime(path.join(REPO, "dist")) >= newestSource) return;
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
      cwd: REPO,
      stdio: "pipe",
    });
  } catch (error) {
    // tsc still emits JavaScript on type errors (another edit in progress): go on with it, but say so.
    const out = error as { stdout?: Buffer; stderr?: Buffer };
    const report = `${out.stdout ?? ""}${out.stderr ?? ""}`;
    if (!fs.existsSync(built)) throw new Error(`building the package failed:\n${report}`, { cause: error });
    process.stderr.write(`warning: tsc -p tsconfig.build.json reported errors:\n${report}\n`);
  }
}

function walk(dir: string, visit: (file: string, stat: fs.Stats) => void): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, visit);
    else if (entry.isFile()) visit(p, fs.statSync(p));
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  walk(dir, (f, s) => {
    if (f.endsWith(".ts") && !f.endsWith(".spec.ts")) newest = Math.max(newest, s.mtimeMs);
  });
  return newest;
}

function oldestMtime(dir: string): number {
  let oldest = Infinity;
  walk(dir, (f, s) => {
    if (f.endsWith(".js")) oldest = Math.min(oldest, s.mtimeMs);
  });
  return oldest === Infinity ? 0 : oldest;
}

/** Names, sizes and mtimes of everything that would be copied. */
function fingerprint(paths: string[]): string {
  const hash = createHash("sha256");
  for (const p of paths) {
    if (fs.statSync(p).isFile()) hash.update(`${p}:${fs.statSync(p).size}:${fs.statSync(p).mtimeMs}\n`);
    else walk(p, (f, s) => hash.update(`${f}:${s.size}:${s.mtimeMs}\n`));
  }
  return hash.digest("hex");
}

/**
 * Makes `require("pulumi-backup-copy")` in this process load the installed copy, wherever it is required from
 * (examples/basic imports the package by name; the source tree has no node_modules entry for itself). Call
 * before loading a module that imports the package.
 */
export function aliasPackageName(pkg: InstalledPackage): void {
  const Module = require("module") as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
  };
  const resolve = Module._resolveFilename;
  if ((resolve as { aliased?: boolean }).aliased) return;
  const main = path.join(pkg.packageDir, "dist", "provider", "index.js");
  const aliased = function (this: unknown, request: string, ...rest: unknown[]): string {
    if (request === PACKAGE_NAME) return main;
    if (request.startsWith(`${PACKAGE_NAME}/`))
      return require.resolve(path.join(pkg.root, "node_modules", request));
    return resolve.call(this, request, ...rest);
  };
  (aliased as { aliased?: boolean }).aliased = true;
  Module._resolveFilename = aliased;
}
