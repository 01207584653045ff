/**
 * Every install style (tests/install/support/styles.ts) through the REAL Pulumi engine: the CLI (Automation
 * API, tests/e2e/support) runs a program in the project against the installed package, the engine starts the
 * dynamic-provider plugin in the program's directory, and the state it writes holds the provider by name.
 */
import { strict as assert } from "assert";
import { startE2eWorld, TYPE } from "../e2e/support";
import { engine, resourceOf } from "./support/engine";
import { installProject, STYLES } from "./support/styles";
import { packCurrent } from "./support/tarball";
import { assertByName } from "./serialized";

describe("install styles through the real engine (pulumi up / destroy)", function () {
  this.timeout(15 * 60_000);

  let tarball: string;
  before(() => (tarball = packCurrent()));

  for (const style of STYLES) {
    it(`${style}: the state holds a require by name, and up and destroy run the installed package`, async () => {
      const project = installProject(style, { tarball });
      const world = await startE2eWorld({ packageRoot: project.programDir, seed: 13 });
      try {
        const copies = { copy: world.copyArgs(await world.recoveryPoint(), { onDelete: "delete" }) };
        assert.deepEqual((await engine(world, project.programDir, style, copies, ["up"])).up, { create: 2 });
        const copy = resourceOf(world, style, "copy")!;
        assert.equal(copy.type, TYPE);
        const text = String(copy.outputs?.__provider);
        console.log(
          `      ${style}: serialized provider in the engine's state ${Buffer.byteLength(text)} bytes`,
        );
        assertByName(text, `${style} (engine)`);
        assert.equal(copy.inputs?.__provider, text);
        const destination = String(copy.outputs?.destinationRecoveryPointArn);
        assert.ok(await world.exists(destination), "the copy exists after up");
        assert.deepEqual((await engine(world, project.programDir, style, copies, ["destroy"])).destroy, {
          delete: 2,
        });
        assert.ok(!(await world.exists(destination)), "destroy (onDelete: delete) left the copy");
      } finally {
        await world.stop();
      }
    });
  }
});
