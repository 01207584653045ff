/**
 * The README's unit-testing example, exactly as documented: the code block after `<!-- readme-unit-test -->` is
 * written beside the installed package (so `import "pulumi-backup-copy"` resolves as in a user's project) and
 * run by mocha in a process of its own, since setMocks changes the whole process's Pulumi runtime.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { emulatorEnv } from "../../emulator/world";
import { installPackage } from "../harness/installed-package";

const README = path.resolve(__dirname, "../../README.md");

function documentedExample(): string {
  const readme = fs.readFileSync(README, "utf8");
  const match = /<!-- readme-unit-test -->\s*```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(match, "README has no unit-testing example after <!-- readme-unit-test -->");
  return match[1];
}

describe("README: unit-testing a program that uses CopyJob", function () {
  this.timeout(60_000);

  it("the documented example runs under setMocks and its tests pass", async () => {
    const pkg = await installPackage();
    const file = path.join(pkg.root, "readme-example.spec.ts");
    fs.writeFileSync(file, documentedExample());
    // Removed afterwards: eslint would lint it where it lies.
    const run = (() => {
      try {
        return spawnSync(
          process.execPath,
          [
            require.resolve("mocha/bin/mocha.js"),
            "--no-config",
            "-r",
            require.resolve("ts-node/register/transpile-only"),
            file,
          ],
          { cwd: pkg.root, encoding: "utf8", timeout: 50_000 },
        );
      } finally {
        fs.rmSync(file, { force: true });
      }
    })();
    const output = `${run.stdout}${run.stderr}`;
    assert.equal(run.status, 0, output);
    assert.match(output, /keeps the copy a year/);
    assert.match(output, /refuses a vault name where the vault's ARN belongs/);
    assert.match(output, /2 passing/);
  });
});

describe("README: the offline recipe shows what the emulator prints", () => {
  const readme = () => fs.readFileSync(README, "utf8");

  it("the export lines it quotes are exactly the ones the emulator's CLI prints", () => {
    const quoted = Object.fromEntries(
      [...readme().matchAll(/^# +export (\w+)=(\S+)/gm)].map(([, name, value]) => [name, value]),
    );
    assert.deepEqual(quoted, emulatorEnv("http://127.0.0.1:4566"));
  });

  it("going back to real AWS unsets every variable that points at the emulator", () => {
    const unset = /`unset ([A-Z_\s]+)`/.exec(readme());
    assert.ok(unset, "README has no `unset …` for going back to real AWS");
    const names = new Set(unset[1].split(/\s+/).filter(Boolean));
    const pointing = Object.keys(emulatorEnv("http://127.0.0.1:4566")).filter((k) => !/REGION/.test(k));
    assert.deepEqual(
      pointing.filter((k) => !names.has(k)),
      [],
    );
  });
});
