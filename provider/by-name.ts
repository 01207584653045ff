/**
 * Makes pulumi.dynamic serialize the provider as `require("pulumi-backup-copy/dist/provider/
 * provider-methods.js")` however the package is installed.
 *
 * Why: the closure serializer (@pulumi/pulumi runtime/closure/createClosure.js) names a captured object by the
 * FIRST require.cache entry that exports it, relative to process.cwd(). A path with a `node_modules` segment
 * becomes `require("<what follows the first node_modules>")`; any other path is serialized by value (~130 KB
 * of our code and the SDK's, with paths the plugin cannot resolve). Node keys require.cache by real path, so a
 * `file:` dependency, `npm link` and npm/yarn/pnpm workspaces land on the by-value side, and pnpm's own
 * layout (`node_modules/.pnpm/pulumi-backup-copy@0.2.0/node_modules/…`) on a version-pinned name that the
 * next upgrade removes.
 *
 * So the provider's prototype is an object of its own (the methods, copied), exported only by an extra
 * require.cache entry keyed `<cwd>/.pulumi-backup-copy-by-name/<this copy>/node_modules/pulumi-backup-copy/
 * dist/provider/provider-methods.js`. The serializer finds that entry, sees `node_modules`, and writes the
 * package name and file. The plugin runs with the program's directory as cwd and resolves that name from
 * there, as Node resolves any dependency of the program: it loads the real file of the installed package.
 * The text is the one 0.1.0 wrote, so old states and new ones share the plugin's provider cache entry.
 *
 * The key is under cwd, so no `node_modules` segment comes before the one that names the package; it names
 * this copy's real directory (hashed), so two copies loaded in one process (tests do that) keep their own
 * methods. No file exists at that path: Node's resolution never returns it, and only the serializer reads it.
 */
import Module = require("module");
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const PACKAGE_NAME = "pulumi-backup-copy";
/** The file 0.1.0's states require: it must keep existing and exporting the seven methods. */
export const METHODS_FILE = "dist/provider/provider-methods.js";

type ModuleInternals = typeof Module & { _nodeModulePaths(dir: string): string[] };

/** The object to use as the provider's prototype: the methods, known to require.cache by the package's name. */
export function methodsByName<T extends object>(methods: T, cwd = process.cwd()): T {
  const copy = createHash("sha256").update(fs.realpathSync(__dirname)).digest("hex").slice(0, 12);
  const key = path.join(cwd, ".pulumi-backup-copy-by-name", copy, "node_modules", PACKAGE_NAME, METHODS_FILE);
  // Own properties, not `methods` itself: the real module's require.cache entry comes first and would be
  // found first, with its real path. The copied functions are the same functions.
  const standIn = Object.freeze({ ...methods }) as T;
  const entry = new Module(key);
  entry.filename = key;
  entry.paths = (Module as ModuleInternals)._nodeModulePaths(path.dirname(key));
  entry.exports = standIn;
  entry.loaded = true;
  require.cache[key] = entry;
  return standIn;
}
