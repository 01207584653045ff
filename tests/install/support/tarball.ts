/**
 * Packed tarballs of the package, as `npm pack` makes them for a release, cached in .cache/pack/ by content.
 *
 * - `packCurrent()`: this working tree (built first when dist/ is stale).
 * - `packRelease(commit)`: an earlier release, built from git in a temporary worktree. The worktree borrows
 *   this repository's node_modules to compile: only the build runs there, and the tarball carries no
 *   dependency, so the installs that use it get the release's own dependency ranges from its package.json.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildIfStale } from "../../harness/installed-package";
import { CACHE, REPO, cached, contentHash, npm, run } from "./run";

/** What `files` in package.json ships, plus the manifest itself: enough to tell two tarballs apart. */
const SHIPPED = [
  "package.json",
  "README.md",
  "LICENSE",
  "CHANGELOG.md",
  "docs",
  "dist/provider",
  "dist/emulator",
];

export function packCurrent(): string {
  buildIfStale();
  return pack(REPO, `current-${contentHash(REPO, SHIPPED)}`);
}

export function packRelease(commit: string): string {
  const dir = path.join(CACHE, "pack", `release-${commit}`);
  cached(dir, (out) => {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-backup-copy-${commit}-`));
    run("git", ["worktree", "add", "--detach", tree, commit], { cwd: REPO });
    try {
      fs.symlinkSync(path.join(REPO, "node_modules"), path.join(tree, "node_modules"));
      run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
        cwd: tree,
      });
      npm(["pack", "--ignore-scripts", "--pack-destination", out], { cwd: tree });
    } finally {
      run("git", ["worktree", "remove", "--force", tree], { cwd: REPO });
    }
  });
  return tarballIn(dir);
}

function pack(tree: string, key: string): string {
  const dir = cached(path.join(CACHE, "pack", key), (out) => {
    // Built above; --ignore-scripts keeps prepack from building a second time.
    npm(["pack", "--ignore-scripts", "--pack-destination", out], { cwd: tree });
  });
  return tarballIn(dir);
}

function tarballIn(dir: string): string {
  const tgz = fs.readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error(`no tarball in ${dir}`);
  return path.join(dir, tgz);
}
