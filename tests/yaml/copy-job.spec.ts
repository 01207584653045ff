/**
 * The native plugin through the real engine, from a project directory: a Pulumi.yaml program (runtime: yaml)
 * declaring `backup-copy:index:CopyJob`, run by the `pulumi` CLI as a user types it (up, preview, refresh,
 * destroy), against the AWS Backup emulator. Each AWS side effect is checked with the emulator's job list and
 * call counts. The steps of the first stack build on each other, in order.
 */
import { strict as assert } from "assert";
import { NATIVE_TYPE, type YamlProject, type YamlWorld, withYamlWorld } from "./support";
import { callsSince as callsOf } from "../support/calls";

const GiB = 1024 ** 3;
const TiB = 1024 * GiB;

describe("yaml: backup-copy:index:CopyJob in a Pulumi.yaml program, through the real CLI", function () {
  this.timeout(180_000);
  let world: YamlWorld;
  withYamlWorld({ seed: 221 }, (w) => (world = w));

  const callsSince = (since: Record<string, number>) => callsOf(world.control, since);

  describe("one stack, step by step", () => {
    let p: YamlProject;
    let rp: string;
    let jobId: string;
    const program = (lifecycle: Record<string, number>) => ({
      resources: { copy: { type: NATIVE_TYPE, properties: world.copyProperties(rp, { lifecycle }) } },
      outputs: { copyJobId: "${copy.copyJobId}", state: "${copy.state}" },
    });

    it("up creates the copy and waits for it; progress lines are logged against the CopyJob's URN", async () => {
      rp = await world.recoveryPoint(200 * GiB); // ~34 emulated minutes: a second or more of polling
      p = await world.project("steps", program({ deleteAfterDays: 120 }));
      const since = await world.control.calls();
      const up = await p.up();
      assert.equal(up.ops.copy, "create", up.output);
      const jobs = await world.jobsOf(rp);
      assert.equal(jobs.length, 1);
      jobId = jobs[0].copyJobId;
      assert.equal(jobs[0].state, "COMPLETED");
      assert.equal((await callsSince(since)).StartCopyJob, 1);
      const state = p.resource("copy");
      assert.equal(state?.type, NATIVE_TYPE);
      assert.equal(state?.id, jobId);
      assert.equal(state?.outputs?.state, "COMPLETED");
      assert.equal(state?.outputs?.copyJobId, jobId);
      // The stack's outputs, as `pulumi stack output` prints them.
      const outputs = JSON.parse((await p.cli(["stack", "output", "--json"])).stdout) as Record<
        string,
        string
      >;
      assert.deepEqual(outputs, { copyJobId: jobId, state: "COMPLETED" });
      // The native plugin logs through the engine against the resource, not the stack (the dynamic one can't).
      const progress = up.events
        .map((e) => e.diagnosticEvent)
        .filter((d) => d !== undefined && /^Copy job /.test(d.message));
      assert.ok(
        progress.some((d) => new RegExp(`^Copy job ${jobId}: RUNNING, 200\\.0 GiB`).test(d!.message)),
        up.diagnostics.join("\n"),
      );
      for (const d of progress) assert.equal(d!.urn, state!.urn, JSON.stringify(d));
    });

    it("a second up and a preview show no changes and make no AWS change", async () => {
      const since = await world.control.calls();
      const preview = await p.preview();
      assert.equal(preview.ops.copy, "same", preview.output);
      const up = await p.up();
      assert.equal(up.ops.copy, "same", up.output);
      const calls = await callsSince(since);
      for (const op of ["StartCopyJob", "UpdateRecoveryPointLifecycle", "DeleteRecoveryPoint"])
        assert.equal(calls[op], undefined, `${op} called: ${JSON.stringify(calls)}`);
      assert.equal((await world.jobsOf(rp)).length, 1);
    });

    it("a lifecycle change is an update in place: one UpdateRecoveryPointLifecycle, same job, no replace", async () => {
      p.write(program({ deleteAfterDays: 365 }));
      const since = await world.control.calls();
      const preview = await p.preview();
      assert.equal(preview.ops.copy, "update", preview.output);
      const up = await p.up();
      assert.deepEqual(up.steps.copy, ["update"], up.output);
      const calls = await callsSince(since);
      assert.deepEqual([calls.UpdateRecoveryPointLifecycle, calls.StartCopyJob], [1, undefined]);
      assert.equal(p.resource("copy")?.id, jobId);
      const copy = (await world.control.state()).recoveryPoints.find(
        (r) => (r as { copyJobId?: string }).copyJobId === jobId,
      ) as { lifecycle?: { DeleteAfterDays?: number } } | undefined;
      assert.equal(copy?.lifecycle?.DeleteAfterDays, 365);
    });

    it("refresh sees drift: the copy deleted outside Pulumi leaves the stack; the next up copies again", async () => {
      const copyArn = String(p.resource("copy")?.outputs?.destinationRecoveryPointArn);
      await world.control.deleteRecoveryPointOutOfBand(copyArn);
      const refresh = await p.refresh();
      assert.equal(refresh.ops.copy, "delete", refresh.output);
      assert.equal(p.resource("copy"), undefined);
      const up = await p.up();
      assert.equal(up.ops.copy, "create", up.output);
      const jobs = await world.jobsOf(rp);
      assert.equal(jobs.length, 2);
      assert.notEqual(p.resource("copy")?.id, jobId);
    });

    it("destroy keeps the copy by default (onDelete: retain)", async () => {
      const copyArn = String(p.resource("copy")?.outputs?.destinationRecoveryPointArn);
      const since = await world.control.calls();
      const destroy = await p.destroy();
      assert.equal(destroy.ops.copy, "delete", destroy.output);
      assert.equal((await callsSince(since)).DeleteRecoveryPoint, undefined);
      const kept = (await world.control.state()).recoveryPoints.some(
        (r) => (r as { recoveryPointArn: string }).recoveryPointArn === copyArn,
      );
      assert.ok(kept, "the retained copy was deleted");
      assert.equal(p.resource("copy"), undefined);
    });
  });

  describe("the engine's deadline and cancel reach the plugin", () => {
    it("customTimeouts end a create as a resumable partial; the next up resumes the SAME job", async () => {
      const rp = await world.recoveryPoint(20 * TiB); // ~58 emulated hours: far beyond a 2 s timeout
      const p = await world.project("timeout", {
        resources: {
          copy: {
            type: NATIVE_TYPE,
            properties: world.copyProperties(rp),
            options: { customTimeouts: { create: "2s", update: "2m" } },
          },
        },
      });
      const started = Date.now();
      const failed = await p.up([], { allowFailure: true });
      const took = Date.now() - started;
      assert.notEqual(failed.code, 0, failed.output);
      assert.ok(took < 60_000, `up took ${took} ms: the 2 s customTimeout did not bound the wait`);
      const [job] = await world.jobsOf(rp);
      assert.match(job.state, /^(CREATED|RUNNING)$/);
      const recorded = p.resource("copy");
      assert.equal(recorded?.id, job.copyJobId, failed.output);
      assert.ok(recorded?.initErrors?.length, JSON.stringify(recorded));

      await world.control.advanceClock(3 * 86400); // AWS finishes the copy meanwhile
      const since = await world.control.calls();
      const up = await p.up();
      assert.equal(up.ops.copy, "update", up.output);
      assert.equal((await callsSince(since)).StartCopyJob, undefined);
      assert.equal((await world.jobsOf(rp)).length, 1);
      const after = p.resource("copy");
      assert.equal(after?.id, job.copyJobId);
      assert.equal(after?.outputs?.state, "COMPLETED");
      assert.equal(after?.initErrors, undefined);
    });

    it("SIGINT to `pulumi up` mid-wait stops it promptly and leaves one job, which the next up resumes", async () => {
      const rp = await world.recoveryPoint(20 * TiB);
      const p = await world.project("cancel", {
        resources: { copy: { type: NATIVE_TYPE, properties: world.copyProperties(rp) } },
      });
      const running = p.start(["up", "--yes", "--skip-preview"]);
      // Wait until the plugin is polling the job it started (its first progress line), then Ctrl-C once.
      const deadline = Date.now() + 60_000;
      while (
        !running
          .eventsSoFar()
          .some((e) => /^Copy job .*: (CREATED|RUNNING)/.test(e.diagnosticEvent?.message ?? ""))
      ) {
        assert.ok(Date.now() < deadline, "no progress line within 60 s");
        await new Promise((r) => setTimeout(r, 100));
      }
      const interrupted = Date.now();
      running.child.kill("SIGINT");
      const cancelled = await running.done({ allowFailure: true });
      const took = Date.now() - interrupted;
      assert.notEqual(cancelled.code, 0, cancelled.output);
      assert.ok(took < 30_000, `the CLI took ${took} ms to stop after SIGINT`);
      const jobs = await world.jobsOf(rp);
      assert.equal(jobs.length, 1);
      assert.match(jobs[0].state, /^(CREATED|RUNNING)$/, "the job was stopped, not left running");
      assert.equal(
        p.deployment().pending_operations,
        undefined,
        JSON.stringify(p.deployment().pending_operations),
      );
      assert.equal(p.resource("copy")?.id, jobs[0].copyJobId, cancelled.output);

      await world.control.advanceClock(3 * 86400);
      const since = await world.control.calls();
      const up = await p.up();
      assert.equal(up.ops.copy, "update", up.output);
      assert.equal((await callsSince(since)).StartCopyJob, undefined);
      assert.equal((await world.jobsOf(rp)).length, 1);
      assert.equal(p.resource("copy")?.outputs?.state, "COMPLETED");
    });
  });
});
