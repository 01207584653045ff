/** The plugin's version: the package's, which the engine asks for (GetPluginInfo) and schemas carry. */
import * as fs from "fs";
import * as path from "path";

let cached: string | undefined;

/** Read from the package.json above this file (provider/plugin or dist/provider/plugin). */
export function pluginVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "pulumi-backup-copy" && pkg.version) return (cached = pkg.version);
  }
  return (cached = "0.0.0");
}
