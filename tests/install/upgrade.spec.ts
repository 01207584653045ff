/**
 * Old stacks keep working: a stack created by release 0.1.0 (built from git, baa7c21), then the current package
 * installed over it. Its state holds 0.1.0's serialized provider, `Object.create(require("pulumi-backup-copy/
 * dist/provider/provider-methods.js"))`; refresh and destroy run that text, now loading the new package.
 * Through the real engine (tests/e2e/support).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startE2eWorld } from "../e2e/support";
import { engine, resourceOf } from "./support/engine";
import { npm, run } from "./support/run";
import { installProject } from "./support/styles";
import { packCurrent, packRelease } from "./support/tarball";
import { BY_NAME } from "./serialized";

/** 0.1.0: the parent of the first commit after that release. */
const RELEASE_0_1_0 = "baa7c21";
const PULUMI_OF_0_1_0 = "3.248.0";

describe("upgrade from 0.1.0: a stack it created, through the real engine", function () {
  this.timeout(15 * 60_000);

  it("preview shows no change, refresh and destroy (onDelete: delete) work with the current package", async () => {
    const current = packCurrent();
    // 0.1.0 pinned @pulumi/pulumi to exactly 3.248.0: with any other version in the program npm nests a second
    // copy under the package and the engine refuses its resources, so 0.1.0 stacks were made on 3.248.0.
    const cached = installProject("tarball", {
      tarball: packRelease(RELEASE_0_1_0),
      label: "release-0.1.0",
      pulumiVersion: PULUMI_OF_0_1_0,
    });
    // A throwaway copy of the cached 0.1.0 project: the upgrade below changes it.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-backup-copy-upgrade-"));
    const programDir = path.join(root, "program");
    run("cp", ["-a", cached.programDir, programDir], { cwd: root });
    const versionOf = () =>
      (
        JSON.parse(
          fs.readFileSync(path.join(programDir, "node_modules/pulumi-backup-copy/package.json"), "utf8"),
        ) as {
          version: string;
        }
      ).version;
    assert.equal(versionOf(), "0.1.0");

    const world = await startE2eWorld({ packageRoot: programDir, seed: 14 });
    try {
      const copies = { copy: world.copyArgs(await world.recoveryPoint(), { onDelete: "delete" }) };
      assert.deepEqual((await engine(world, programDir, "upgrade", copies, ["up"])).up, { create: 2 });
      const oldText = String(resourceOf(world, "upgrade", "copy")!.outputs!.__provider);
      console.log(`      0.1.0's serialized provider: ${Buffer.byteLength(oldText)} bytes`);
      assert.ok(oldText.includes(BY_NAME), oldText);

      // The upgrade, as a user does it.
      fs.copyFileSync(current, path.join(programDir, path.basename(current)));
      npm(["install", "--no-audit", "--no-fund", "--loglevel=error", `./${path.basename(current)}`], {
        cwd: programDir,
      });
      assert.equal(versionOf(), "0.2.0");

      // preview: the program (new package) against the state (0.1.0's text): no change at all.
      const { preview } = await engine(world, programDir, "upgrade", copies, ["preview"]);
      assert.deepEqual(preview, { same: 2 }, `preview: ${JSON.stringify(preview)}`);
      // refresh reads with the state's provider text, which now loads the new package.
      assert.deepEqual((await engine(world, programDir, "upgrade", copies, ["refresh"])).refresh, {
        same: 2,
      });
      const after = resourceOf(world, "upgrade", "copy")!.outputs!;
      assert.equal(after.state, "COMPLETED");
      assert.equal(after.__provider, oldText, "refresh rewrote the provider text");
      const destination = String(after.destinationRecoveryPointArn);
      assert.ok(await world.exists(destination));
      // destroy deletes with the state's text too (onDelete: "delete" makes it call AWS).
      assert.deepEqual((await engine(world, programDir, "upgrade", copies, ["destroy"])).destroy, {
        delete: 2,
      });
      assert.ok(!(await world.exists(destination)), "destroy (onDelete: delete) left the copy");
    } finally {
      await world.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
