/**
 * examples/yaml/Pulumi.yaml as a user runs it: the file itself, its plugin path pointed at this checkout's
 * plugin folder (the example names the npm package's), its config set with `pulumi config set`, then
 * `pulumi up` and `pulumi destroy` against the emulator.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { NATIVE_TYPE, REPO, ROLE_ARN, type YamlWorld, withYamlWorld } from "./support";

const EXAMPLE = path.join(REPO, "examples", "yaml", "Pulumi.yaml");
const PACKAGE_PLUGIN_PATH = "path: ./node_modules/pulumi-backup-copy/bin";

describe("yaml: examples/yaml", function () {
  this.timeout(180_000);
  let world: YamlWorld;
  withYamlWorld({ seed: 226 }, (w) => (world = w));

  it("copies with the example's program and config; destroy keeps the copy", async () => {
    const text = fs.readFileSync(EXAMPLE, "utf8");
    assert.ok(text.includes(PACKAGE_PLUGIN_PATH), `the example no longer says ${PACKAGE_PLUGIN_PATH}`);
    const p = await world.projectFromText(
      "example",
      text.replace(PACKAGE_PLUGIN_PATH, `path: ${world.pluginDir}`),
    );
    const rp = await world.recoveryPoint();
    for (const [key, value] of Object.entries({
      recoveryPointArn: rp,
      destinationVaultArn: world.destinationVaultArn,
      copyRoleArn: ROLE_ARN,
    }))
      await p.cli(["config", "set", key, value]);
    const up = await p.up();
    assert.equal(up.ops.copy, "create", up.output);
    const [job] = await world.jobsOf(rp);
    assert.equal(job.state, "COMPLETED");
    const state = p.resource("copy");
    assert.equal(state?.type, NATIVE_TYPE);
    assert.equal(state?.id, job.copyJobId);
    const outputs = JSON.parse((await p.cli(["stack", "output", "--json"])).stdout) as Record<string, string>;
    assert.equal(outputs.copyJobId, job.copyJobId);
    assert.equal(outputs.state, "COMPLETED");
    assert.match(outputs.copyArn, /^arn:aws:ec2:us-west-2::snapshot\//);
    const copy = (await world.control.state()).recoveryPoints.find(
      (r) => (r as { copyJobId?: string }).copyJobId === job.copyJobId,
    ) as { lifecycle?: { DeleteAfterDays?: number } } | undefined;
    assert.equal(copy?.lifecycle?.DeleteAfterDays, 120);
    const destroy = await p.destroy();
    assert.equal(destroy.ops.copy, "delete");
    assert.ok(
      (await world.control.state()).recoveryPoints.some(
        (r) => (r as { recoveryPointArn: string }).recoveryPointArn === outputs.copyArn,
      ),
      "destroy deleted the copy",
    );
  });
});
