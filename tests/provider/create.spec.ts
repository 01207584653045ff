import { strict as assert } from "assert";
import { capturingLogs, checked, GiB, jobsFor, startWorld, World } from "./world";

describe("provider against the emulator: create", function () {
  let world: World;
  // Strict IAM: a copy with an unseeded role must fail.
  before(async () => (world = await startWorld({ enforceIam: true })));
  after(() => world.stop());
  afterEach(() => world.emulator.control.setFaults({}));

  it("starts a copy with the token, waits for COMPLETED and maps every output", async () => {
    const rp = await world.recoveryPoint();
    const inputs = await checked(world, world.inputs(rp, { lifecycle: { deleteAfterDays: 35 } }));
    const { result, lines } = await capturingLogs(() => world.provider.create(inputs));
    const { id, outs } = result!;
    assert.equal(outs.copyJobId, id);
    assert.equal(outs.state, "COMPLETED");
    assert.equal(outs.recoveryPointArn, rp);
    assert.equal(outs.backupSizeInBytes, 10 * GiB);
    assert.match(outs.creationDate, /^\d{4}-\d\d-\d\dT/);
    assert.match(outs.completionDate, /^\d{4}-\d\d-\d\dT/);
    assert.ok(outs.destinationRecoveryPointArn);
    assert.equal(outs.destinationRecoveryPoint.status, "COMPLETED");
    assert.deepEqual(outs.destinationRecoveryPoint.lifecycle.deleteAfterDays, 35);
    assert.ok(outs.destinationRecoveryPoint.calculatedLifecycle.deleteAt);
    assert.equal(outs.idempotencyToken, inputs.idempotencyToken);
    assert.equal(outs.__provider, undefined, "the plugin adds __provider itself on success");
    assert.deepEqual(JSON.parse(JSON.stringify(outs)), outs, "outputs are plain JSON");
    const job = jobsFor(await world.emulator.control.state(), rp)[0];
    assert.equal(job.idempotencyToken, inputs.idempotencyToken);
    assert.ok(
      lines.some((l) => l.includes(id) && l.includes("COMPLETED")),
      lines.join("\n"),
    );
  });

  it("an interrupted create that runs again gets its own job back: one copy", async () => {
    const rp = await world.recoveryPoint({ sizeBytes: 200 * GiB });
    const inputs = await checked(world, world.inputs(rp));
    // First run: "crashes" right after the start (waitForCompletion false stands in for the lost wait).
    const first = await world.provider.create({ ...inputs, waitForCompletion: false });
    await world.emulator.control.advanceClock(5);
    const { result, lines } = await capturingLogs(() => world.provider.create(inputs));
    assert.equal(result!.id, first.id);
    assert.equal(result!.outs.state, "COMPLETED");
    assert.ok(
      lines.some((l) => /Resuming copy job/.test(l)),
      lines.join("\n"),
    );
    assert.equal(jobsFor(await world.emulator.control.state(), rp).length, 1);
  });

  it("a FAILED copy names the job, the state and AWS's message; the next run starts a new job", async () => {
    const rp = await world.recoveryPoint();
    const inputs = await checked(
      world,
      world.inputs(rp, { iamRoleArn: "arn:aws:iam::111111111111:role/missing" }),
    );
    const failed = await capturingLogs(() => world.provider.create(inputs));
    const error = failed.error as Error & { id?: string };
    assert.ok(error, "create must fail");
    const jobs = jobsFor(await world.emulator.control.state(), rp);
    assert.equal(jobs.length, 1);
    assert.match(error.message, new RegExp(`Copy job ${jobs[0].copyJobId} ended FAILED: .+`));
    assert.match(error.message, /iamRoleArn|role/i);
    assert.equal(error.id, undefined, "no id: Pulumi records nothing");

    // The user fixes nothing; the run again must not get the old failure back through the same token.
    await world.emulator.control.advanceClock(60);
    const again = await capturingLogs(() => world.provider.create(inputs));
    assert.ok(again.error);
    const after = jobsFor(await world.emulator.control.state(), rp);
    assert.equal(after.length, 2, "a second, fresh job was started");
    assert.ok(
      again.lines.some((l) => /from an earlier attempt ended FAILED/.test(l)),
      again.lines.join("\n"),
    );
  });

  it("waits out eventual consistency, throttling and 5xx", async () => {
    const rp = await world.recoveryPoint();
    await world.emulator.control.setFaults({
      seed: 3,
      consistencyDelaySeconds: 30,
      throttleProbability: 0.2,
      serverErrorProbability: 0.1,
    });
    const inputs = await checked(world, world.inputs(rp));
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    assert.equal(result?.outs.state, "COMPLETED");
    const calls = await world.emulator.control.calls();
    assert.ok((calls.throttled ?? 0) + (calls.serverErrors ?? 0) > 0, JSON.stringify(calls));
    assert.equal(jobsFor(await world.emulator.control.state(), rp).length, 1);
  });

  it("waits for a free slot when AWS's concurrency quota is reached, never fails for it", async () => {
    await world.emulator.control.setSettings({ maxConcurrentCopiesPerDestinationRegion: 1 });
    try {
      const long = await world.recoveryPoint({ sizeBytes: 400 * GiB });
      const holder = await world.provider.create(world.inputs(long, { waitForCompletion: false }));
      const rp = await world.recoveryPoint();
      const { result } = await capturingLogs(() => world.provider.create(world.inputs(rp)));
      assert.equal(result?.outs.state, "COMPLETED");
      const state = await world.emulator.control.state();
      const held = jobsFor(state, long)[0] as unknown as { completionDate?: string };
      assert.equal(jobsFor(state, rp).length, 1);
      assert.ok(
        Date.parse(result!.outs.creationDate) >= Date.parse(String(held.completionDate)),
        `the second copy started (${result!.outs.creationDate}) only after the first finished (${held.completionDate}); ${holder.id}`,
      );
    } finally {
      await world.emulator.control.setSettings({ maxConcurrentCopiesPerDestinationRegion: 100 });
    }
  });

  it("at the deadline throws partial state with the job id and __provider; update resumes the same job", async () => {
    const rp = await world.recoveryPoint({ sizeBytes: 2000 * GiB });
    const inputs = await checked(world, world.inputs(rp, { timeoutMinutes: 0.002 }));
    const { error } = await capturingLogs(() => world.provider.create(inputs));
    const partial = error as unknown as {
      id: string;
      properties: Record<string, unknown>;
      message: string;
      reasons: string[];
    };
    assert.ok(partial?.id, `expected a partial-state error, got ${String(error)}`);
    assert.equal(partial.properties.__provider, "serialized-provider-text");
    assert.equal(partial.properties.copyJobId, partial.id);
    assert.match(
      partial.message,
      /still (CREATED|RUNNING|starting) after the 0.002-minute timeout.*pulumi up/,
    );
    assert.ok(partial.reasons.length > 0);

    await world.emulator.control.advanceClock(24 * 3600);
    const news = { ...inputs, timeoutMinutes: 60 };
    const { result } = await capturingLogs(() => world.provider.update(partial.id, partial.properties, news));
    assert.equal(result!.outs.state, "COMPLETED");
    assert.equal(result!.outs.copyJobId, partial.id);
    assert.equal(jobsFor(await world.emulator.control.state(), rp).length, 1);
  });

  it("waitForCompletion: false returns once started; read later fills in COMPLETED", async () => {
    const rp = await world.recoveryPoint({ sizeBytes: 500 * GiB });
    const inputs = await checked(world, world.inputs(rp, { waitForCompletion: false }));
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    assert.ok(["CREATED", "RUNNING"].includes(result!.outs.state), result!.outs.state);
    await world.emulator.control.advanceClock(3 * 3600);
    const { result: read } = await capturingLogs(() => world.provider.read(result!.id, result!.outs));
    assert.equal(read!.id, result!.id);
    assert.equal(read!.props!.state, "COMPLETED");
    assert.ok(read!.props!.destinationRecoveryPoint);
  });

  it("adopts an existing job through copyJobId instead of starting one", async () => {
    const rp = await world.recoveryPoint();
    const first = await capturingLogs(() =>
      world.provider.create(world.inputs(rp, { idempotencyToken: "someone-else" })),
    );
    const inputs = await checked(world, world.inputs(rp, { copyJobId: first.result!.id }));
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    assert.equal(result!.id, first.result!.id);
    assert.equal(result!.outs.adopted, true);
    assert.equal(jobsFor(await world.emulator.control.state(), rp).length, 1);
  });

  it("refuses to adopt a job that copies another recovery point", async () => {
    const a = await world.recoveryPoint();
    const b = await world.recoveryPoint();
    const first = await capturingLogs(() => world.provider.create(world.inputs(a)));
    const { error } = await capturingLogs(() =>
      world.provider.create(world.inputs(b, { copyJobId: first.result!.id })),
    );
    assert.match(String(error), /copies .* not recoveryPointArn/);
  });

  it("explains AWS refusals at start: a missing source recovery point", async () => {
    const missing = "arn:aws:backup:us-east-1:111111111111:recovery-point:does-not-exist";
    const { error } = await capturingLogs(() =>
      world.provider.create(world.inputs(missing, { timeoutMinutes: 0.01 })),
    );
    assert.match(
      String(error),
      /StartCopyJob for .*does-not-exist.* failed: ResourceNotFoundException: .*check the ARN/,
    );
  });
});
