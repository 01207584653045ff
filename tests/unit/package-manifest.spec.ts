/**
 * What old states and the serializer need from package.json and the file layout, checked without installing.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { METHODS_FILE, PACKAGE_NAME } from "../../provider/by-name";

const REPO = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as Record<
  string,
  unknown
>;

describe("package manifest", () => {
  it("keeps the file 0.1.0's states require, reachable by that name", () => {
    // Every state holds require("pulumi-backup-copy/dist/provider/provider-methods.js"). An "exports" map
    // without that subpath would make Node refuse it, and the serializer would name another path.
    assert.equal(manifest.name, PACKAGE_NAME);
    assert.ok(fs.existsSync(path.join(REPO, METHODS_FILE.replace(/^dist\//, "").replace(/\.js$/, ".ts"))));
    const exportsField = manifest.exports as Record<string, unknown> | undefined;
    if (exportsField !== undefined)
      assert.ok(`./${METHODS_FILE}` in exportsField, "exports lacks the methods file");
  });

  it("declares @pulumi/pulumi as a caret range, and the repository links a published package needs", () => {
    const deps = manifest.dependencies as Record<string, string>;
    assert.match(deps["@pulumi/pulumi"], /^\^3\.\d+\.\d+$/);
    for (const field of ["repository", "homepage", "bugs", "license", "engines"])
      assert.ok(manifest[field], field);
    for (const file of ["LICENSE", "CHANGELOG.md", "README.md"])
      assert.ok((manifest.files as string[]).includes(file), file);
  });
});
