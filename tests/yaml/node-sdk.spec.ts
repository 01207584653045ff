/**
 * The Node.js SDK generated from the plugin's schema (scripts/pulumi-gen-sdk.sh), compiled with tsc, used from
 * a TypeScript program through the real engine (the Automation API with an inline program, the e2e world):
 * the engine finds the native plugin on PATH, as it finds any plugin it has not installed.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { type E2eWorld, withE2eWorld } from "../e2e/support";
import { nodeSdk, type NodeSdk } from "./support/node-sdk";
import { HOST_TIMEOUT_MS, NATIVE_TYPE, pluginDir } from "./support";

describe("yaml suite: the generated Node.js SDK, from a TypeScript program", function () {
  this.timeout(180_000);
  let world: E2eWorld;
  let sdk: NodeSdk;
  withE2eWorld({ seed: 224 }, (w) => (world = w));
  before(async function () {
    this.timeout(HOST_TIMEOUT_MS); // a first run builds the SDK generator
    sdk = await nodeSdk();
    world.env.PATH = [await pluginDir(), path.dirname(process.execPath), process.env.PATH].join(
      path.delimiter,
    );
  });

  it("generates, compiles, creates a copy through the native plugin, then shows no changes", async () => {
    const rp = await world.recoveryPoint();
    const { CopyJob } = sdk.load();
    const s = await world.stack({
      stackName: "sdk",
      program: async () => {
        const copy = new CopyJob("copy", { ...world.copyArgs(rp), onDelete: "delete" });
        return { copyJobId: copy.copyJobId, state: copy.state };
      },
    });
    const up = await s.up();
    assert.equal(up.ops.copy, "create", up.output);
    const [job] = await world.jobsOf(rp);
    assert.equal(job.state, "COMPLETED");
    const state = s.resource("copy");
    assert.equal(state?.type, NATIVE_TYPE);
    assert.equal(state?.id, job.copyJobId);
    assert.equal(state?.inputs?.__provider, undefined, "a native resource carries no serialized provider");
    const outputs = await s.stack.outputs();
    assert.equal(outputs.copyJobId.value, job.copyJobId);
    assert.equal(outputs.state.value, "COMPLETED");

    const again = await s.up();
    assert.equal(again.ops.copy, "same", again.output);
    assert.equal((await world.jobsOf(rp)).length, 1);
    const destroy = await s.destroy();
    assert.equal(destroy.ops.copy, "delete");
    assert.equal(await world.copyOf(job.copyJobId), undefined, "onDelete: delete left the copy");
  });
});
