/**
 * The native plugin through the real Pulumi CLI (tests/e2e/support) against the emulator: inline programs
 * register `backup-copy:index:CopyJob`, and the engine runs the installed package's
 * bin/pulumi-resource-backup-copy from `plugins.providers`. Also `pulumi package get-schema <executable>`.
 * `pulumi import` needs a project directory and its language host: tests/yaml/import.spec.ts (`npm run
 * test:yaml`, which builds the YAML host) runs it, so `npm test` never builds a Go module.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { CLI_TIMEOUT_MS, descendants, startE2eWorld, type E2eWorld, type Run } from "../e2e/support";
import { REQUIRED_INPUTS } from "../../provider/inputs/properties";
import { nativeProgram, nativeStack, pluginDir, runCli, TYPE } from "./cli-support";

/** At an hour of emulated time per real second and 100 MiB/s, a copy of this size runs ~`s` real seconds. */
const sizeForSeconds = (s: number) => Math.round(s * 3600 * 100 * 1024 * 1024);
const failure = (e: unknown) => e as Error & { run: Run };

describe("native plugin through the real CLI", function () {
  this.timeout(300_000);
  let world: E2eWorld;

  before(async function () {
    this.timeout(CLI_TIMEOUT_MS);
    world = await startE2eWorld({ clockScale: 3600, seed: 23 });
  });
  after(async () => {
    await world?.stop();
  });

  it("pulumi package get-schema <executable> prints the schema", async () => {
    const exe = path.join(pluginDir(world), "pulumi-resource-backup-copy");
    const { stdout } = await runCli(world, ["package", "get-schema", exe], world.programDir);
    const schema = JSON.parse(stdout) as {
      name: string;
      resources: Record<string, { requiredInputs: string[] }>;
    };
    assert.equal(schema.name, "backup-copy");
    assert.deepEqual(schema.resources[TYPE].requiredInputs, [...REQUIRED_INPUTS]);
  });

  it("up creates and waits, lines under the resource; preview makes no AWS call; a lifecycle change updates in place; refresh drops a copy deleted outside", async () => {
    const rp = await world.recoveryPoint();
    const copies = { copy: { args: { recoveryPointArn: rp, lifecycle: { deleteAfterDays: 100 } } } };
    const s = await nativeStack(world, "lifecycle", nativeProgram(world, copies));
    const first = await s.up();
    assert.equal(first.ops.copy, "create");
    const jobs = await world.jobsOf(rp);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].state, "COMPLETED");
    const underResource = first.events.filter((e) => e.diagnosticEvent?.urn === s.urn("copy"));
    assert.ok(
      underResource.some((e) => /Copy job .* COMPLETED/.test(e.diagnosticEvent!.message)),
      `progress under the resource: ${JSON.stringify(first.diagnostics)}`,
    );

    await world.control.resetCalls();
    const second = await s.preview();
    assert.deepEqual(second.changes, { same: 2 });
    const rp2 = await world.recoveryPoint();
    const more = await nativeStack(
      world,
      "lifecycle",
      nativeProgram(world, { ...copies, other: { args: { recoveryPointArn: rp2 } } }),
    );
    const planned = await more.preview();
    assert.equal(planned.changes.create, 1);
    const calls = await world.control.calls();
    const awsCalls = Object.entries(calls).filter(([k, v]) => /^[A-Z]/.test(k) && v > 0);
    assert.deepEqual(awsCalls, [], "preview answers from the inputs");

    const changed = await nativeStack(
      world,
      "lifecycle",
      nativeProgram(world, { copy: { args: { recoveryPointArn: rp, lifecycle: { deleteAfterDays: 200 } } } }),
    );
    const updated = await changed.up();
    assert.equal(updated.ops.copy, "update");
    assert.equal((await world.jobsOf(rp)).length, 1, "no second copy");
    const copy = await world.copyOf(jobs[0].copyJobId);
    assert.equal(copy?.lifecycle?.DeleteAfterDays, 200);

    await world.control.deleteRecoveryPointOutOfBand(String(copy!.recoveryPointArn));
    await changed.refresh();
    assert.ok(
      !changed.deployment().resources?.some((r) => r.urn === s.urn("copy")),
      "refresh removed the copy deleted outside",
    );
  });

  it("customTimeouts end a create as a partial; the next up resumes the same job", async () => {
    const rp = await world.recoveryPoint(sizeForSeconds(8));
    const timed = await nativeStack(
      world,
      "timeouts",
      nativeProgram(world, {
        copy: { args: { recoveryPointArn: rp }, opts: { customTimeouts: { create: "2s" } } },
      }),
    );
    const error = await timed.up().then(
      () => assert.fail("the up should time out"),
      (e: unknown) => failure(e),
    );
    assert.match(error.run.output + error.message, /customTimeouts/);
    const [job] = await world.jobsOf(rp);
    assert.equal(job.state, "RUNNING", "the job keeps running");
    const partial = timed.deployment().resources?.find((r) => r.urn === timed.urn("copy"));
    assert.equal(partial?.id, job.copyJobId, "the partial resource holds the job's id");

    const resumed = await nativeStack(
      world,
      "timeouts",
      nativeProgram(world, { copy: { args: { recoveryPointArn: rp } } }),
    );
    const run = await resumed.up();
    assert.equal(run.ops.copy, "update");
    const jobs = await world.jobsOf(rp);
    assert.equal(jobs.length, 1, "one job");
    assert.equal(jobs[0].state, "COMPLETED");
  });

  it("SIGINT to pulumi up: the engine's Cancel ends the wait promptly, one job, resumed by the next up", async () => {
    const rp = await world.recoveryPoint(sizeForSeconds(120));
    const s = await nativeStack(
      world,
      "cancel",
      nativeProgram(world, { copy: { args: { recoveryPointArn: rp } } }),
    );
    let signalledAt = 0;
    const upping = s
      .record((o) =>
        s.stack.up({
          ...o,
          onEvent: (event) => {
            o.onEvent?.(event);
            if (signalledAt || !/Copy job .*: (CREATED|RUNNING)/.test(event.diagnosticEvent?.message ?? ""))
              return;
            const cli = descendants(process.pid).find(
              (p) => p.command.split(" ")[0] === world.cli.command.command,
            );
            if (!cli) return;
            signalledAt = Date.now();
            process.kill(cli.pid, "SIGINT");
          },
        }),
      )
      .then(
        () => assert.fail("the cancelled up succeeded"),
        (e: unknown) => failure(e),
      );
    const error = await upping;
    assert.ok(signalledAt, "never saw the wait to interrupt");
    const endedAfterMs = Date.now() - signalledAt;
    const jobs = await world.jobsOf(rp);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].state, "RUNNING", `the job keeps running (${error.message.slice(0, 300)})`);
    assert.ok(endedAfterMs < 60_000, `the up ended ${endedAfterMs} ms after SIGINT, before the copy's end`);
    const partial = s.deployment().resources?.find((r) => r.urn === s.urn("copy"));
    assert.equal(partial?.id, jobs[0].copyJobId, "recorded as a partial holding the job's id");

    await world.control.setClock({ scale: 3600 * 60 });
    try {
      const run = await s.up();
      assert.equal(run.ops.copy, "update");
    } finally {
      await world.control.setClock({ scale: 3600 });
    }
    const after = await world.jobsOf(rp);
    assert.equal(after.length, 1, "resumed, not copied again");
    assert.equal(after[0].state, "COMPLETED");
  });
});
