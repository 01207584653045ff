/**
 * The whole CopyJob lifecycle through the REAL Pulumi engine: `pulumi up / preview / refresh / destroy` run by
 * the CLI (scripts/pulumi-cli.sh) through the Automation API, the package installed as users get it, against
 * the AWS Backup emulator. Every AWS side effect is checked with the emulator's job list and call counts.
 * The steps of one stack build on each other, in order.
 */
import { strict as assert } from "assert";
import { cwdOf, engineProcesses, type E2eStack, type E2eWorld, type Run, withE2eWorld } from "./support";
import { callsSince as callsOf } from "../support/calls";

const GiB = 1024 ** 3;
const TiB = 1024 * GiB;

describe("e2e: CopyJob through the real Pulumi CLI (Automation API, emulator)", function () {
  this.timeout(120_000);
  let world: E2eWorld;
  withE2eWorld({ seed: 111 }, (w) => (world = w));

  const callsSince = (since: Record<string, number>) => callsOf(world.control, since);
  describe("one stack, step by step (onDelete: retain, the default)", () => {
    let s: E2eStack;
    let rp: string;
    let jobId: string;
    const lifecycle = { deleteAfterDays: 120 };
    const program = (recoveryPointArn: string, extra: Record<string, unknown> = {}) =>
      world.program({ copy: { args: { recoveryPointArn, lifecycle, ...extra } } });

    it("up starts one copy and waits for it; the provider's progress arrives as engine diagnostics; the plugin runs in the program's directory", async () => {
      rp = await world.recoveryPoint(200 * GiB); // ~34 emulated minutes: a second or more of polling
      s = await world.stack({ stackName: "steps", program: program(rp) });
      const since = await world.control.calls();
      let plugin: { pid: number; command: string; cwd: string } | undefined;
      const { run } = await s.record((o) =>
        s.stack.up({
          ...o,
          onEvent: (event) => {
            o.onEvent!(event);
            // While the provider waits, the engine's plugin process is alive: see where it runs.
            if (!plugin && /Copy job .*: (CREATED|RUNNING)/.test(event.diagnosticEvent?.message ?? "")) {
              const p = engineProcesses(world.cli.command.command)?.plugin;
              if (p) plugin = { ...p, cwd: cwdOf(p.pid) };
            }
          },
        }),
      );
      assert.equal(run.ops.copy, "create");
      const jobs = await world.jobsOf(rp);
      assert.equal(jobs.length, 1);
      jobId = jobs[0].copyJobId;
      assert.equal(jobs[0].state, "COMPLETED");
      assert.equal((await callsSince(since)).StartCopyJob, 1);
      assert.equal(s.resource("copy")?.id, jobId);
      assert.ok(
        run.diagnostics.some((l) => new RegExp(`^copy: Copy job ${jobId}: RUNNING, 200\\.0 GiB`).test(l)),
        run.diagnostics.join("\n"),
      );
      assert.ok(
        run.diagnostics.some((l) =>
          l.startsWith(`copy: Copy job ${jobId} COMPLETED: arn:aws:ec2:us-west-2::snapshot/`),
        ),
        run.diagnostics.join("\n"),
      );
      assert.ok(plugin, "no dynamic-provider plugin process seen under the CLI during the wait");
      assert.equal(plugin.cwd, world.programDir);
      // The launcher resolved @pulumi/pulumi the way node does, from the program's directory upwards.
      assert.equal(
        plugin.command.split(" ")[1],
        require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [world.programDir] }),
      );
    });

    it("a second up and a preview show no changes and make no AWS change", async () => {
      const since = await world.control.calls();
      const preview = await s.preview();
      assert.deepEqual(preview.changes, { same: 2 }); // the Stack and the CopyJob
      const up = await s.up();
      assert.equal(up.ops.copy, "same");
      const calls = await callsSince(since);
      for (const op of ["StartCopyJob", "UpdateRecoveryPointLifecycle", "DeleteRecoveryPoint"])
        assert.equal(calls[op], undefined, `${op} called: ${JSON.stringify(calls)}`);
      assert.equal((await world.jobsOf(rp)).length, 1);
    });

    it("a lifecycle change is an update in place: one UpdateRecoveryPointLifecycle, same job, no replace", async () => {
      const since = await world.control.calls();
      const { run } = await s.record((o) =>
        s.stack.up({ ...o, program: program(rp, { lifecycle: { deleteAfterDays: 365 } }) }),
      );
      assert.equal(run.ops.copy, "update");
      assert.deepEqual(
        await callsSince(since).then((c) => [c.UpdateRecoveryPointLifecycle, c.StartCopyJob]),
        [1, undefined],
      );
      assert.equal(s.resource("copy")?.id, jobId);
      assert.equal((await world.copyOf(jobId))?.lifecycle?.DeleteAfterDays, 365);
    });

    it("refresh after the copy was deleted outside Pulumi drops the resource; the next up copies again", async () => {
      const state = s.resource("copy");
      const copyArn = String(state?.outputs?.destinationRecoveryPointArn);
      await world.control.deleteRecoveryPointOutOfBand(copyArn);
      const refresh = await s.refresh();
      assert.equal(refresh.ops.copy, "delete", JSON.stringify(refresh.ops));
      assert.equal(s.resource("copy"), undefined);
      assert.ok(
        // Every progress and decision line starts with the resource's name (issue 21).
        refresh.diagnostics.some((l) => l.startsWith("copy: Refresh: ")),
        refresh.diagnostics.join("\n"),
      );
      const up = await s.record((o) =>
        s.stack.up({ ...o, program: program(rp, { lifecycle: { deleteAfterDays: 365 } }) }),
      );
      assert.equal(up.run.ops.copy, "create");
      // AWS hands back the first job for the same token; the provider sees it is an old one and starts anew.
      const jobs = await world.jobsOf(rp);
      assert.equal(jobs.length, 2);
      assert.ok(jobs.every((j) => j.state === "COMPLETED"));
      const newId = String(s.resource("copy")?.id);
      assert.notEqual(newId, jobId);
      assert.ok(jobs.some((j) => j.copyJobId === newId));
      assert.ok(await world.copyOf(newId), "no copy for the new job");
      // One line says what happened to the old job (issue 21), not "Resuming …" and "COMPLETED: <gone copy>".
      const aboutOld = up.run.diagnostics.filter((l) => l.includes(jobId) || l.includes(copyArn));
      assert.equal(aboutOld.length, 1, up.run.diagnostics.join("\n"));
      assert.match(aboutOld[0], /^copy: Copy job .* COMPLETED, but its copy .* is gone; starting a new copy/);
    });

    it("destroy keeps the copy by default: no DeleteRecoveryPoint, the copy still exists", async () => {
      const copyArn = String(s.resource("copy")?.outputs?.destinationRecoveryPointArn);
      const since = await world.control.calls();
      const destroy = await s.destroy();
      assert.equal(destroy.ops.copy, "delete");
      assert.equal((await callsSince(since)).DeleteRecoveryPoint, undefined);
      assert.ok(await world.exists(copyArn), "the retained copy was deleted");
      assert.ok(
        destroy.diagnostics.some((l) => /Retained the copy/.test(l)),
        destroy.diagnostics.join("\n"),
      );
      assert.equal(s.resource("copy"), undefined);
    });
  });

  describe('onDelete: "delete"', () => {
    it("a replacement deletes the replaced copy; destroy deletes the last one", async () => {
      const [rp1, rp2] = [await world.recoveryPoint(), await world.recoveryPoint()];
      const program = (recoveryPointArn: string) =>
        world.program({ copy: { args: { recoveryPointArn, onDelete: "delete" } } });
      const s = await world.stack({ stackName: "deleting", program: program(rp1) });
      await s.up();
      const first = String(s.resource("copy")?.outputs?.destinationRecoveryPointArn);
      assert.ok(await world.exists(first));
      const replace = await s.record((o) => s.stack.up({ ...o, program: program(rp2) }));
      assert.deepEqual(replace.run.steps.copy, ["create-replacement", "replace", "delete-replaced"]);
      assert.ok(!(await world.exists(first)), "the replaced copy still exists");
      const second = String(s.resource("copy")?.outputs?.destinationRecoveryPointArn);
      assert.ok(await world.exists(second));
      assert.equal((await world.jobsOf(rp2)).length, 1);
      const since = await world.control.calls();
      const destroy = await s.destroy();
      assert.equal(destroy.ops.copy, "delete");
      assert.equal((await callsSince(since)).DeleteRecoveryPoint, 1);
      assert.ok(!(await world.exists(second)), "destroy left the copy");
    });
  });

  describe("waitForCompletion: false", () => {
    it("up returns while the job runs; a later refresh records it COMPLETED; still one job", async () => {
      const rp = await world.recoveryPoint(10 * TiB); // ~29 emulated hours: running for a minute at ×600
      const program = world.program({ nowait: { args: { recoveryPointArn: rp, waitForCompletion: false } } });
      const s = await world.stack({ stackName: "nowait", program });
      await s.up();
      assert.match(String(s.resource("nowait")?.outputs?.state), /^(CREATED|RUNNING)$/);
      assert.equal(s.resource("nowait")?.outputs?.destinationRecoveryPoint, undefined);
      await world.control.advanceClock(2 * 86400);
      const refresh = await s.refresh();
      // The real engine asks the provider's diff, which compares inputs: new outputs alone are shown as
      // "same" ("2 unchanged"), though the state now holds them. (The stand-in called this an update.)
      assert.equal(refresh.ops.nowait, "same", JSON.stringify(refresh.ops));
      assert.equal(s.resource("nowait")?.outputs?.state, "COMPLETED");
      assert.ok(s.resource("nowait")?.outputs?.destinationRecoveryPoint);
      assert.equal((await world.jobsOf(rp)).length, 1);
    });
  });

  describe("failures", () => {
    it("a create that hits its deadline stays in the stack with init errors; the next up resumes the same job", async () => {
      const rp = await world.recoveryPoint(20 * TiB); // ~58 emulated hours: far beyond a 1.2 s deadline
      const program = world.program({ copy: { args: { recoveryPointArn: rp, timeoutMinutes: 0.02 } } });
      const s = await world.stack({ stackName: "deadline", program });
      const error = await s.up().then(
        () => assert.fail("up should fail at the deadline"),
        (e: Error & { run: Run }) => e,
      );
      assert.match(error.message, /still (CREATED|RUNNING)/);
      const [job] = await world.jobsOf(rp);
      assert.match(job.state, /^(CREATED|RUNNING)$/);
      const recorded = s.resource("copy");
      assert.equal(recorded?.id, job.copyJobId);
      assert.ok(recorded?.initErrors?.length, JSON.stringify(recorded));
      assert.match(recorded!.initErrors![0], /still (CREATED|RUNNING)/);

      await world.control.advanceClock(3 * 86400); // AWS finishes the copy meanwhile
      const since = await world.control.calls();
      const up = await s.up();
      assert.equal(up.ops.copy, "update");
      assert.equal((await callsSince(since)).StartCopyJob, undefined);
      assert.equal((await world.jobsOf(rp)).length, 1);
      const after = s.resource("copy");
      assert.equal(after?.outputs?.state, "COMPLETED");
      assert.equal(after?.initErrors, undefined);
    });

    it("a copy AWS fails reaches the CLI with the job id and AWS's message; nothing is recorded", async () => {
      const rp = await world.recoveryPoint();
      const missingRole = "arn:aws:iam::111111111111:role/missing";
      const program = world.program({ copy: { args: { recoveryPointArn: rp, iamRoleArn: missingRole } } });
      const s = await world.stack({ stackName: "failing", program });
      // Strict IAM for this case only: by default the emulator treats an unseeded role as existing.
      await world.control.setEnforceIam(true);
      const error = await s
        .up()
        .then(
          () => assert.fail("up should fail"),
          (e: Error) => e,
        )
        .finally(() => world.control.setEnforceIam(false));
      const [job] = await world.jobsOf(rp);
      assert.equal(job.state, "FAILED");
      assert.ok(error.message.includes(job.copyJobId), error.message);
      assert.match(error.message, /could not assume IAM role/);
      assert.equal(s.resource("copy"), undefined);
    });
  });
});
