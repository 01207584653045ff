/**
 * Renames change nothing in AWS: a resource renamed with `aliases`, `pulumi stack rename`, and a stack moved to
 * another project keep their copy job. No replace, no new job, no AWS call that changes anything.
 * A resource that has a token keeps it (check gets its previous inputs), so no rename changes the token.
 */
import { strict as assert } from "assert";
import { type E2eStack, type E2eWorld, withE2eWorld } from "./support";

describe("e2e: renames keep the copy", function () {
  this.timeout(120_000);
  let world: E2eWorld;
  withE2eWorld({ seed: 114 }, (w) => (world = w));

  /** AWS calls that start or change something, made during `fn`. */
  const changingCalls = async (fn: () => Promise<unknown>) => {
    const before = await world.control.calls();
    await fn();
    const after = await world.control.calls();
    return ["StartCopyJob", "UpdateRecoveryPointLifecycle", "DeleteRecoveryPoint"]
      .map((op) => [op, (after[op] ?? 0) - (before[op] ?? 0)] as const)
      .filter(([, n]) => n > 0);
  };

  /** After a rename: preview and up show no change, the same job id, still one job. */
  const unchanged = async (s: E2eStack, name: string, rp: string, jobId: string) => {
    const preview = await s.preview();
    assert.equal(preview.changes.create ?? 0, 0, preview.output);
    assert.equal(preview.changes.replace ?? 0, 0, preview.output);
    assert.equal(preview.changes.update ?? 0, 0, preview.output);
    let ops: Record<string, string> = {};
    assert.deepEqual(await changingCalls(async () => ({ ops } = await s.up())), []);
    assert.equal(ops[name], "same", JSON.stringify(ops));
    assert.equal(s.resource(name)?.id, jobId);
    assert.deepEqual(
      (await world.jobsOf(rp)).map((j) => j.copyJobId),
      [jobId],
    );
  };

  it("renaming the resource with aliases: same job, no replace", async () => {
    const rp = await world.recoveryPoint();
    const s = await world.stack({
      stackName: "aliased",
      program: world.program({ "old-name": { args: { recoveryPointArn: rp } } }),
    });
    await s.up();
    const jobId = String(s.resource("old-name")?.id);
    const renamed = await world.stack({
      stackName: "aliased",
      program: world.program({
        "new-name": { args: { recoveryPointArn: rp }, opts: { aliases: [{ name: "old-name" }] } },
      }),
    });
    await unchanged(renamed, "new-name", rp, jobId);
  });

  it("pulumi stack rename: same job", async () => {
    const rp = await world.recoveryPoint();
    const program = world.program({ copy: { args: { recoveryPointArn: rp } } });
    const s = await world.stack({ stackName: "before-rename", program });
    await s.up();
    const jobId = String(s.resource("copy")?.id);
    await s.stack.rename({ stackName: "after-rename" });
    await unchanged(await world.stack({ stackName: "after-rename", program }), "copy", rp, jobId);
  });

  it("moving the stack to another project: same job", async () => {
    const rp = await world.recoveryPoint();
    const program = world.program({ copy: { args: { recoveryPointArn: rp } } });
    const s = await world.stack({ stackName: "moving", projectName: "old-project", program });
    await s.up();
    const jobId = String(s.resource("copy")?.id);
    // `pulumi stack rename <org>/<project>/<stack>` moves a stack of the file backend to another project.
    await s.cli(["stack", "rename", "organization/new-project/moving"]);
    const moved = await world.stack({ stackName: "moving", projectName: "new-project", program });
    assert.ok(moved.resource("copy"), "the moved stack has no copy");
    await unchanged(moved, "copy", rp, jobId);
  });
});
