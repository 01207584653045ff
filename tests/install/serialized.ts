/** What every install style must store as `__provider`, checked the same way by the plugin and engine tests. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

export const BY_NAME = 'Object.create(require("pulumi-backup-copy/dist/provider/provider-methods.js"))';

/** ≤ 1 KB, one `require` of the package by name, none of our code, no path of the machine. */
export function assertByName(text: string, where: string): void {
  const bytes = Buffer.byteLength(text);
  assert.ok(
    bytes <= 1024,
    `${where}: serialized provider is ${bytes} bytes (by value?):\n${text.slice(0, 600)}`,
  );
  assert.ok(text.includes(BY_NAME), `${where}: no require of the package by name:\n${text}`);
  const requires = text.match(/require\([^)]*\)/g) ?? [];
  assert.deepEqual(requires, [BY_NAME.slice("Object.create(".length, -1)], `${where}: other requires`);
  assert.ok(
    !/node_modules|\/tmp\/|StartCopyJob|checkInputs/.test(text),
    `${where}: code or paths in:\n${text}`,
  );
}

/** The installed copy Node resolves from the program: where the plugin's `require` lands. */
export function resolvedFrom(programDir: string): string {
  const file = require.resolve("pulumi-backup-copy/dist/provider/provider-methods.js", {
    paths: [programDir],
  });
  return fs.realpathSync(path.join(file, "../../.."));
}
