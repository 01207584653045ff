/**
 * yarn and pnpm for the workspace tests, installed from the npm registry into .cache/tools/<name>@<version>
 * on first use (a fresh machine has neither), then reused. Pinned so a test run means the same thing twice.
 */
import * as fs from "fs";
import * as path from "path";
import { CACHE, cached, npm, run } from "./run";

export const TOOLS = { yarn: "1.22.22", pnpm: "10.34.8" } as const;
export type Tool = keyof typeof TOOLS;

const BIN: Record<Tool, string> = { yarn: "bin/yarn.js", pnpm: "bin/pnpm.cjs" };

/** Absolute path of the tool's JavaScript entry point, installed when missing. */
export function toolEntry(tool: Tool): string {
  const dir = path.join(CACHE, "tools", `${tool}@${TOOLS[tool]}`);
  cached(dir, (d) => {
    fs.writeFileSync(path.join(d, "package.json"), JSON.stringify({ private: true }));
    try {
      npm(["install", "--no-audit", "--no-fund", "--no-save", `${tool}@${TOOLS[tool]}`], { cwd: d });
    } catch (error) {
      throw new Error(
        `installing ${tool}@${TOOLS[tool]} from the npm registry failed (the install tests need it; ` +
          `check that \`npm view ${tool}@${TOOLS[tool]} version\` works):\n${(error as Error).message}`,
        { cause: error },
      );
    }
  });
  const entry = path.join(dir, "node_modules", tool, BIN[tool]);
  if (!fs.existsSync(entry)) throw new Error(`${tool} installed in ${dir} has no ${BIN[tool]}`);
  return entry;
}

/**
 * Runs the tool with this process's node, against the registry npm is configured with (yarn and pnpm would
 * otherwise go to their own defaults), with its cache/store under .cache/tools.
 */
export function runTool(tool: Tool, args: string[], cwd: string): string {
  const registry = npm(["config", "get", "registry"], { cwd }).trim();
  const store = path.join(CACHE, "tools", `${tool}-store`);
  const extra =
    tool === "yarn"
      ? // yarn classic fails on any dependency's engines mismatch (npm and pnpm warn), and a fresh resolve
        // picks dependencies of dependencies that already want Node 22 on the machine's Node 20.
        [
          "--registry",
          registry,
          "--cache-folder",
          store,
          "--non-interactive",
          "--no-progress",
          "--ignore-engines",
        ]
      : [`--registry=${registry}`, `--store-dir=${store}`, "--reporter=append-only"];
  return run(process.execPath, [toolEntry(tool), ...args, ...extra], { cwd });
}
