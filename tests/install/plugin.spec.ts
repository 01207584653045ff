/**
 * Every way users install the package (tests/install/support/styles.ts), each through the REAL
 * dynamic-provider plugin of the program's own @pulumi/pulumi, started in the program's directory as the
 * engine starts it: the program serializes the provider (≤ 1 KB, a require by name), and the plugin loads the
 * installed package by that name and runs up, refresh and destroy against the emulator.
 *
 * The first run installs each project from the npm registry (a few minutes); later runs reuse them.
 */
import { strict as assert } from "assert";
import { startPluginWorld, TYPE, GiB, type PluginWorld } from "../support/plugin-world";
import { serializedProviderOf } from "./support/probe";
import { DESCRIPTION, installProject, STYLES } from "./support/styles";
import { packCurrent } from "./support/tarball";
import { assertByName, resolvedFrom } from "./serialized";

describe("install styles through the real plugin (tarball, registry-style, file:, npm link, workspaces)", function () {
  this.timeout(15 * 60_000);

  let world: PluginWorld;
  let tarball: string;
  before(async () => {
    tarball = packCurrent();
    world = await startPluginWorld({ project: "install", seed: 13, stackPrefix: "i", defaultSizeBytes: GiB });
  });
  after(() => world?.stop());

  for (const style of STYLES) {
    it(`${style}: ${DESCRIPTION[style]}`, async () => {
      const project = installProject(style, { tarball });
      const text = serializedProviderOf(project.programDir);
      console.log(`      ${style}: serialized provider ${Buffer.byteLength(text)} bytes`);
      assertByName(text, style);
      assert.equal(resolvedFrom(project.programDir), project.packageDir);

      const pluginScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", {
        paths: [project.programDir],
      });
      const plugin = await world.startPlugin({ cwd: project.programDir, pluginScript });
      const stack = world.newStack();
      const decl = world.decl(stack, "copy", { recoveryPointArn: await world.recoveryPoint() }, text);
      const up = world.ok(await stack.up([decl], { plugin }));
      assert.equal(up.resources.copy.op, "create");
      const outputs = stack.get("copy", TYPE)!.outputs;
      assert.equal(outputs.state, "COMPLETED");
      assert.equal(outputs.__provider, text);
      world.ok(await stack.refresh({ plugin }));
      assert.equal(stack.get("copy", TYPE)?.outputs.state, "COMPLETED");
      world.ok(await stack.destroy({ plugin }));
      assert.ok(!stack.get("copy", TYPE), "destroy left the resource");
      await plugin.stop();
    });
  }
});
