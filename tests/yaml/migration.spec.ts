/**
 * docs/migration.md, through the real engine: a TypeScript stack moves from the dynamic CopyJob
 * (`pulumi-nodejs:dynamic/backup-copy:CopyJob`) to the native plugin's `backup-copy:index:CopyJob` without a
 * new copy. The recipe: declare the native resource with `import: <copyJobId>` in place of the dynamic one
 * (which keeps its default `onDelete: "retain"`); one `pulumi up` adopts the job (read, no StartCopyJob) and
 * drops the dynamic resource from the stack (no DeleteRecoveryPoint); then remove the `import` option.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { TYPE, type E2eWorld, withE2eWorld } from "../e2e/support";
import { nodeSdk, type NodeSdk } from "./support/node-sdk";
import { HOST_TIMEOUT_MS, NATIVE_TYPE, pluginDir } from "./support";
import { callsSince as callsOf } from "../support/calls";

describe("yaml suite: migrating a TypeScript stack from the dynamic CopyJob to the native one", function () {
  this.timeout(180_000);
  let world: E2eWorld;
  let sdk: NodeSdk;
  withE2eWorld({ seed: 225 }, (w) => (world = w));
  before(async function () {
    this.timeout(HOST_TIMEOUT_MS);
    sdk = await nodeSdk();
    world.env.PATH = [await pluginDir(), path.dirname(process.execPath), process.env.PATH].join(
      path.delimiter,
    );
  });

  const callsSince = (since: Record<string, number>) => callsOf(world.control, since);

  it("import by id: the same job, no StartCopyJob, no DeleteRecoveryPoint, then a clean stack", async () => {
    const rp = await world.recoveryPoint();
    const lifecycle = { deleteAfterDays: 120 };
    // 1. The stack as it is today: the dynamic CopyJob.
    const s = await world.stack({
      stackName: "migrate",
      program: world.program({ copy: { args: { recoveryPointArn: rp, lifecycle } } }),
    });
    await s.up();
    const dynamic = s.resource("copy");
    assert.equal(dynamic?.type, TYPE);
    const jobId = String(dynamic?.id);
    const copyArn = String(dynamic?.outputs?.destinationRecoveryPointArn);

    // 2. The native resource with `import`, the dynamic one gone from the program. The native one declares
    //    what the job was started with (the engine refuses an import whose inputs differ from what read finds).
    const { CopyJob } = sdk.load();
    const native = (opts: object) => async () => {
      const copy = new CopyJob(
        "copy",
        {
          recoveryPointArn: rp,
          sourceBackupVaultName: "prod-vault",
          destinationBackupVaultArn: world.destinationVaultArn,
          iamRoleArn: world.copyArgs(rp).iamRoleArn,
          lifecycle,
        },
        opts,
      );
      return { copyJobId: copy.copyJobId };
    };
    const since = await world.control.calls();
    const { run } = await s.record((o) => s.stack.up({ ...o, program: native({ import: jobId }) }));
    const steps = Object.fromEntries(
      run.events
        .map((e) => e.resOutputsEvent?.metadata)
        .filter((m) => m !== undefined && (m.type === TYPE || m.type === NATIVE_TYPE))
        .map((m) => [m!.type, m!.op]),
    );
    assert.deepEqual(steps, { [NATIVE_TYPE]: "import", [TYPE]: "delete" }, run.output);
    const calls = await callsSince(since);
    assert.equal(calls.StartCopyJob, undefined, JSON.stringify(calls));
    assert.equal(calls.DeleteRecoveryPoint, undefined, JSON.stringify(calls));
    const adopted = s.resource("copy");
    assert.equal(adopted?.type, NATIVE_TYPE);
    assert.equal(adopted?.id, jobId);
    assert.equal(adopted?.outputs?.destinationRecoveryPointArn, copyArn);
    assert.equal((await world.jobsOf(rp)).length, 1);
    assert.ok(await world.exists(copyArn), "the copy is gone");

    // 3. Without the import option: nothing to do.
    const again = await s.record((o) => s.stack.up({ ...o, program: native({}) }));
    assert.equal(again.run.ops.copy, "same", again.run.output);
    assert.equal((await callsSince(since)).StartCopyJob, undefined);
  });

  it("aliases with the dynamic type: no change at all, the same job, no StartCopyJob, no delete", async () => {
    const rp = await world.recoveryPoint();
    const s = await world.stack({
      stackName: "aliased",
      program: world.program({ copy: { args: { recoveryPointArn: rp } } }),
    });
    await s.up();
    const jobId = String(s.resource("copy")?.id);
    const { CopyJob } = sdk.load();
    const args = world.copyArgs(rp);
    const native = async () => {
      new CopyJob(
        "copy",
        {
          recoveryPointArn: rp,
          sourceBackupVaultName: args.sourceBackupVaultName,
          destinationBackupVaultArn: args.destinationBackupVaultArn,
          iamRoleArn: args.iamRoleArn,
          polling: args.polling,
        },
        { aliases: [{ type: TYPE }] },
      );
    };
    const since = await world.control.calls();
    const { run } = await s.record((o) => s.stack.up({ ...o, program: native }));
    // The engine keeps the resource (the alias) and asks the native plugin's diff, which compares inputs with
    // inputs: the same inputs are no change at all. Never a replace.
    assert.deepEqual(run.steps.copy, ["same"], run.output);
    // A "same" step keeps the old outputs: the dynamic provider's serialized `__provider` text is still there
    // (harmless: nothing runs it any more). `pulumi refresh` rewrites them from AWS through the native read.
    assert.match(String(s.resource("copy")?.outputs?.__provider), /pulumi-backup-copy/);
    await s.refresh();
    assert.equal(s.resource("copy")?.outputs?.__provider, undefined, JSON.stringify(s.resource("copy")));
    assert.equal(s.resource("copy")?.outputs?.state, "COMPLETED");
    const calls = await callsSince(since);
    assert.equal(calls.StartCopyJob, undefined, JSON.stringify(calls));
    assert.equal(calls.DeleteRecoveryPoint, undefined, JSON.stringify(calls));
    assert.equal(s.resource("copy")?.type, NATIVE_TYPE);
    assert.equal(s.resource("copy")?.id, jobId);
    assert.equal(s.resource("copy")?.inputs?.__provider, undefined);
    assert.equal(s.resource("copy")?.outputs?.copyJobId, jobId);
    assert.equal((await world.jobsOf(rp)).length, 1);
    const again = await s.record((o) => s.stack.up({ ...o, program: native }));
    assert.equal(again.run.ops.copy, "same", again.run.output);
  });
});
