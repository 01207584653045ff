/**
 * A `pulumi up` killed with SIGKILL in the middle of a create wait, CLI and plugin both, then recovered the
 * way the real CLI tells the user to. What it printed (Pulumi 3.276), step by step:
 *
 * 1. The next command:  "error: the stack is currently locked by 1 lock(s). Either wait for the other
 *    process(es) to end or delete the lock file with `pulumi cancel`."
 * 2. After `pulumi cancel`, `pulumi up` would go ahead with a warning ("Attempting to deploy or update resources
 *    with 1 pending operations from previous deployment. … interrupted while creating … you can repair your stack
 *    using `pulumi refresh` … Note that `pulumi refresh` will need to be run interactively to clear pending
 *    CREATE operations."); `pulumi refresh --clear-pending-creates` is the non-interactive form.
 *
 * The end state must be one copy job, the resource in the stack with it, and no pending operation.
 */
import { strict as assert } from "assert";
import { engineProcesses, isAlive, type E2eWorld, type Run, withE2eWorld } from "./support";

const TiB = 1024 ** 4;

describe("e2e: `pulumi up` SIGKILLed mid-wait, recovered as the CLI says", function () {
  this.timeout(120_000);
  let world: E2eWorld;
  withE2eWorld({ seed: 112 }, (w) => (world = w));

  it("cancel, refresh --clear-pending-creates, up: the same job resumed, one job, a clean stack", async () => {
    const rp = await world.recoveryPoint(2 * TiB); // ~6 emulated hours: ~35 real seconds at ×600
    const s = await world.stack({
      stackName: "killed",
      program: world.program({ copy: { args: { recoveryPointArn: rp } } }),
    });

    // 1. Kill the CLI and its plugin once the provider is polling the job it started.
    let killed: { cli: number; plugin: number } | undefined;
    const crashed = await s
      .record((o) =>
        s.stack.up({
          ...o,
          onEvent: (event) => {
            o.onEvent!(event);
            if (killed || !/Copy job .*: (CREATED|RUNNING)/.test(event.diagnosticEvent?.message ?? ""))
              return;
            const p = engineProcesses(world.cli.command.command);
            if (!p?.plugin) return;
            killed = { cli: p.cli.pid, plugin: p.plugin.pid };
            process.kill(p.plugin.pid, "SIGKILL");
            process.kill(p.cli.pid, "SIGKILL");
          },
        }),
      )
      .then(
        () => assert.fail("the killed up succeeded"),
        (e: Error) => e,
      );
    assert.ok(killed, "never saw the CLI and its plugin mid-wait");
    assert.match(crashed.message, /SIGKILL/);
    assert.ok(!isAlive(killed.plugin) && !isAlive(killed.cli));
    const [job] = await world.jobsOf(rp);
    assert.match(job.state, /^(CREATED|RUNNING)$/);
    const pending = s.deployment().pending_operations ?? [];
    assert.deepEqual(
      pending.map((p) => [p.type, p.resource.urn.split("::").pop()]),
      [["creating", "copy"]],
    );
    assert.equal(s.resource("copy"), undefined);

    // 2. The next up refuses: the killed CLI's lock is still there, and the CLI says what to run.
    const locked = await s.up().then(
      () => assert.fail("up ran on a locked stack"),
      (e: Error) => e,
    );
    assert.match(locked.message, /the stack is currently locked by 1 lock\(s\)/);
    assert.match(locked.message, /delete the lock file with `pulumi cancel`/);
    await s.stack.cancel();

    // 3. Clear the pending create, as `pulumi refresh` would after asking (non-interactive: the flag).
    const refresh = await s.refresh({ clearPendingCreates: true });
    assert.equal(s.deployment().pending_operations, undefined, refresh.output);
    assert.equal(s.resource("copy"), undefined);

    // 4. up: the provider sends the same idempotency token and gets its own job back.
    // AWS finished the copy meanwhile (within the emulator's 24 h token lifetime: a token AWS no longer
    // remembers would start a second copy, which no provider can prevent).
    await world.control.advanceClock(8 * 3600);
    const up: Run = await s.up();
    assert.equal(up.ops.copy, "create");
    assert.ok(
      // The job completed meanwhile: one line, named by the resource, says so (issue 21).
      up.diagnostics.some((l) =>
        l.startsWith(
          `copy: Copy job ${job.copyJobId}, started by an earlier run with the same inputs, has COMPLETED`,
        ),
      ),
      up.diagnostics.join("\n"),
    );
    const jobs = await world.jobsOf(rp);
    assert.deepEqual(
      jobs.map((j) => [j.copyJobId, j.state]),
      [[job.copyJobId, "COMPLETED"]],
    );
    const copy = s.resource("copy");
    assert.equal(copy?.id, job.copyJobId);
    assert.equal(copy?.outputs?.state, "COMPLETED");
    assert.equal(s.deployment().pending_operations, undefined);
    assert.ok(await world.copyOf(job.copyJobId), "no copy in the destination vault");
  });
});
