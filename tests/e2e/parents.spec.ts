/**
 * Issue 21, defect 5: two CopyJobs with one name under two component parents (of two types) are two resources
 * to the engine (their URNs differ) and must be two copies in AWS. Their token scope used the name only, so both got one
 * token and AWS handed the second the first one's job. Through the real engine: two jobs, two tokens, and a
 * second `up` changes nothing.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { TYPE, type E2eWorld, withE2eWorld } from "./support";

describe("e2e: same-named copies under two parents", function () {
  this.timeout(120_000);
  let world: E2eWorld;
  withE2eWorld({ seed: 121 }, (w) => (world = w));

  it("two component parents, one child name each: two jobs, two tokens; a second up changes nothing", async () => {
    const rp = await world.recoveryPoint();
    const program = async () => {
      const { CopyJob } = world.load();
      const ids: Record<string, pulumi.Output<string>> = {};
      // Same-typed parents would give the children one URN (the engine refuses it): the URN holds the
      // parents' type chain, not their names. Two component types, one child name: two URNs.
      for (const kind of ["Nightly", "Weekly"]) {
        const parent = new pulumi.ComponentResource(`shop:index:${kind}Copies`, kind.toLowerCase());
        ids[kind] = new CopyJob("copy", world.copyArgs(rp), { parent }).copyJobId;
      }
      return ids;
    };
    const s = await world.stack({ stackName: "parents", program });
    await s.up();
    const copies = (s.deployment().resources ?? []).filter((r) => r.type === TYPE);
    assert.equal(copies.length, 2, JSON.stringify(copies.map((r) => r.urn)));
    const jobs = await world.jobsOf(rp);
    assert.equal(jobs.length, 2, "one AWS job per resource");
    assert.deepEqual(copies.map((r) => String(r.id)).sort(), jobs.map((j) => j.copyJobId).sort());
    const tokens = new Set(copies.map((r) => String(r.outputs?.idempotencyToken)));
    assert.equal(tokens.size, 2, `tokens: ${[...tokens].join(", ")}`);

    const before = await world.control.calls();
    const again = await s.up();
    assert.deepEqual(
      Object.values(again.ops).filter((op) => op !== "same"),
      [],
      JSON.stringify(again.ops),
    );
    assert.equal((await world.control.calls()).StartCopyJob ?? 0, before.StartCopyJob ?? 0);
    assert.equal((await world.jobsOf(rp)).length, 2);
  });

  it("a copy moved under a component with an alias keeps its job and token (its scope changes, its token not)", async () => {
    const rp = await world.recoveryPoint();
    const s = await world.stack({
      stackName: "moved",
      program: world.program({ copy: { args: { recoveryPointArn: rp } } }),
    });
    await s.up();
    const before = s.resource("copy")!;
    const moved = await world.stack({
      stackName: "moved",
      program: async () => {
        const { CopyJob } = world.load();
        const parent = new pulumi.ComponentResource("shop:index:NightlyCopies", "nightly");
        return {
          id: new CopyJob("copy", world.copyArgs(rp), {
            parent,
            aliases: [{ parent: pulumi.rootStackResource }],
          }).copyJobId,
        };
      },
    });
    const calls = await world.control.calls();
    const up = await moved.up();
    assert.equal(up.ops.copy, "same", JSON.stringify(up.ops));
    const after = moved.resource("copy")!;
    assert.match(after.urn, /NightlyCopies\$pulumi-nodejs:dynamic\/backup-copy:CopyJob::copy$/);
    assert.equal(after.id, before.id);
    assert.equal(after.outputs?.idempotencyToken, before.outputs?.idempotencyToken);
    assert.equal((await world.control.calls()).StartCopyJob ?? 0, calls.StartCopyJob ?? 0);
    assert.equal((await world.jobsOf(rp)).length, 1);
  });
});
