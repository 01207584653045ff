/**
 * Real Pulumi projects that install the package the ways users do, made from a packed tarball in a directory
 * outside the repository and cached there by (style, tarball, @pulumi/pulumi version, recipe).
 *
 * Each style yields `programDir`: the Pulumi program's directory, the cwd of both the program and the
 * dynamic-provider plugin the engine starts for it.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECTS, cached, contentHash, npm, run } from "./run";
import { TOOLS, runTool } from "./tools";

export const STYLES = [
  "tarball",
  "registry-style",
  "file",
  "npm-link",
  "npm-workspaces",
  "yarn-workspaces",
  "pnpm-workspaces",
] as const;
export type Style = (typeof STYLES)[number];

/** What each style is, for test titles. */
export const DESCRIPTION: Record<Style, string> = {
  tarball: "npm install ./pulumi-backup-copy-<version>.tgz (a copy in node_modules)",
  "registry-style":
    "pnpm add of the tarball: pnpm's layout for registry packages, node_modules/.pnpm/<name>@<version>/…, symlinked",
  file: "npm install ../pulumi-backup-copy (a file: dependency, which npm links)",
  "npm-link": "npm link in the package, npm link pulumi-backup-copy in the program",
  "npm-workspaces": "npm workspaces: the package and the program side by side in one monorepo",
  "yarn-workspaces": `yarn ${TOOLS.yarn} workspaces`,
  "pnpm-workspaces": `pnpm ${TOOLS.pnpm} workspaces (workspace:*)`,
};

export interface Project {
  style: Style;
  /** The Pulumi program's directory. */
  programDir: string;
  /** The installed package's real directory (symlinks resolved). */
  packageDir: string;
}

export interface ProjectOptions {
  /** The tarball to install (npm pack of this tree or of an earlier release). */
  tarball: string;
  /** Exact @pulumi/pulumi for the program; default: the one this repository has installed. */
  pulumiVersion?: string;
  /** Names the project directory, so projects of two releases (old-stack tests) do not replace each other. */
  label?: string;
}

/** Bump when a recipe below changes, so cached projects made by the old recipe are not reused. */
const RECIPE = "2";

export function pulumiVersionHere(): string {
  return (require("@pulumi/pulumi/package.json") as { version: string }).version;
}

export function installProject(style: Style, opts: ProjectOptions): Project {
  const pulumiVersion = opts.pulumiVersion ?? pulumiVersionHere();
  const key = contentHash(path.dirname(opts.tarball), [path.basename(opts.tarball)], RECIPE);
  // One project per (style, @pulumi/pulumi version, release line); a new tarball replaces the old project.
  const prefix = `${opts.label ?? "current"}-${style}-pulumi${pulumiVersion}-`;
  prune(prefix, key);
  const root = cached(path.join(PROJECTS, prefix + key), (dir) =>
    RECIPES[style](dir, opts.tarball, pulumiVersion),
  );
  const programDir = path.join(root, style.endsWith("workspaces") ? "infra" : "program");
  const manifest = require.resolve("pulumi-backup-copy/package.json", { paths: [programDir] });
  return { style, programDir, packageDir: fs.realpathSync(path.dirname(manifest)) };
}

/** Projects with this prefix made from other tarballs: each holds a few hundred MB of node_modules. */
function prune(prefix: string, key: string): void {
  if (!fs.existsSync(PROJECTS)) return;
  for (const name of fs.readdirSync(PROJECTS)) {
    if (name.startsWith(prefix) && name !== prefix + key && /^[0-9a-f]{16}$/.test(name.slice(prefix.length)))
      fs.rmSync(path.join(PROJECTS, name), { recursive: true, force: true });
  }
}

const NPM_QUIET = ["--no-audit", "--no-fund", "--loglevel=error"];

function program(dir: string, deps: Record<string, string>, extra: object = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: path.basename(dir),
    version: "1.0.0",
    private: true,
    dependencies: deps,
    ...extra,
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${path.basename(dir)}\nruntime: nodejs\n`);
  return dir;
}

/** The tarball unpacked as a clone of the package would look (its files, no node_modules yet). */
function unpack(tarball: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  run("tar", ["xzf", tarball, "-C", dir, "--strip-components=1"], { cwd: dir });
  return dir;
}

/** A clone's `npm install`: the package's own dependencies, with the program's @pulumi/pulumi. */
function installOwnDependencies(dir: string, pulumiVersion: string): void {
  npm(["install", "--omit=dev", "--no-save", ...NPM_QUIET, `@pulumi/pulumi@${pulumiVersion}`], { cwd: dir });
}

const RECIPES: Record<Style, (root: string, tarball: string, pulumiVersion: string) => void> = {
  tarball(root, tarball, v) {
    const dir = program(path.join(root, "program"), {});
    fs.copyFileSync(tarball, path.join(dir, path.basename(tarball)));
    npm(["install", ...NPM_QUIET, `./${path.basename(tarball)}`, `@pulumi/pulumi@${v}`], { cwd: dir });
  },
  "registry-style"(root, tarball, v) {
    const dir = program(path.join(root, "program"), {});
    fs.copyFileSync(tarball, path.join(dir, path.basename(tarball)));
    runTool("pnpm", ["add", `./${path.basename(tarball)}`, `@pulumi/pulumi@${v}`], dir);
  },
  file(root, tarball, v) {
    installOwnDependencies(unpack(tarball, path.join(root, "pulumi-backup-copy")), v);
    const dir = program(path.join(root, "program"), {});
    npm(["install", ...NPM_QUIET, "../pulumi-backup-copy", `@pulumi/pulumi@${v}`], { cwd: dir });
  },
  "npm-link"(root, tarball, v) {
    // A prefix of its own, so `npm link` does not touch the machine's global node_modules.
    const env = { npm_config_prefix: path.join(root, "global") };
    const pkg = unpack(tarball, path.join(root, "pulumi-backup-copy"));
    installOwnDependencies(pkg, v);
    npm(["link", ...NPM_QUIET], { cwd: pkg, env });
    const dir = program(path.join(root, "program"), { "@pulumi/pulumi": v });
    npm(["install", ...NPM_QUIET], { cwd: dir, env });
    npm(["link", ...NPM_QUIET, "pulumi-backup-copy"], { cwd: dir, env });
  },
  "npm-workspaces"(root, tarball, v) {
    monorepo(root, tarball, v, "*");
    npm(["install", ...NPM_QUIET], { cwd: root });
  },
  "yarn-workspaces"(root, tarball, v) {
    monorepo(root, tarball, v, "*");
    runTool("yarn", ["install"], root);
  },
  "pnpm-workspaces"(root, tarball, v) {
    monorepo(root, tarball, v, "workspace:*");
    fs.writeFileSync(path.join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n  - infra\n");
    runTool("pnpm", ["install"], root);
  },
};

/** <root>/packages/pulumi-backup-copy (the package's files) and <root>/infra (the program). */
function monorepo(root: string, tarball: string, pulumiVersion: string, range: string): void {
  // One @pulumi/pulumi for the whole monorepo, as monorepos pin it: yarn classic and pnpm would otherwise give
  // the package the newest 3.x its range allows beside the program's own.
  const manifest = {
    name: "monorepo",
    private: true,
    workspaces: ["packages/*", "infra"],
    resolutions: { "@pulumi/pulumi": pulumiVersion },
    pnpm: { overrides: { "@pulumi/pulumi": pulumiVersion } },
  };
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify(manifest, null, 2));
  unpack(tarball, path.join(root, "packages", "pulumi-backup-copy"));
  program(path.join(root, "infra"), { "pulumi-backup-copy": range, "@pulumi/pulumi": pulumiVersion });
}
