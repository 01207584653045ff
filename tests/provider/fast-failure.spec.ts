/**
 * Issue 12 item 4: AWS hands back the job of a reused token, even a failed one. A copy that fails within a
 * second, then a retry right away (a CI retry loop), must not get the failed job back as if it were its own.
 * The emulator's clock is frozen and advanced by hand, so "one second later" is exact; its Date header has
 * one-second resolution, as AWS's has.
 */
import { strict as assert } from "assert";
import { CopyJobFailedError } from "../../provider/errors";
import { capturingLogs, checked, jobsFor, startWorld, World } from "./world";

const REFUSAL =
  "Copy job failed. Both source and destination account must be a member of the same organization.";

describe("provider against the emulator: a fast failure and an immediate retry", function () {
  let world: World;
  before(async () => (world = await startWorld({ clockScale: 0 })));
  after(() => world.stop());

  const control = () => world.emulator.control;
  const jobs = async (rp: string) => jobsFor(await control().state(), rp);
  async function jobAppears(rp: string, count: number) {
    while ((await jobs(rp)).length < count) await new Promise((r) => setTimeout(r, 5));
    return (await jobs(rp))[0];
  }

  /** create, whose job AWS fails one second after it started. */
  async function failingCreate(inputs: Record<string, unknown>, rp: string, onWholeSecond = false) {
    const create = capturingLogs(() => world.provider.create(inputs));
    const job = await jobAppears(rp, 1);
    await control().advanceClock(1);
    if (onWholeSecond) {
      // The failure exactly on a second: then the retry's Date equals its CompletionDate.
      const now = Date.parse(await control().now());
      await control().advanceClock((Math.ceil(now / 1000) * 1000 - now) / 1000);
    }
    await control().failCopyJob(job.copyJobId, REFUSAL);
    const { error } = await create;
    assert.ok(error instanceof CopyJobFailedError, String(error));
    assert.equal(error.copyJobId, job.copyJobId);
    return job.copyJobId;
  }

  afterEach(() => control().setClock({ scale: 0 }));

  it("a retry one second after the failure starts a new copy instead of reporting the failed job again", async () => {
    const rp = await world.recoveryPoint();
    const inputs = await checked(world, world.inputs(rp));
    const failed = await failingCreate(inputs, rp);
    await control().advanceClock(1);

    const retry = capturingLogs(() => world.provider.create(inputs));
    // Either a second job appears (then let it run) or the retry ends first, with the failed job.
    let settled = false;
    void retry.finally(() => (settled = true));
    while (!settled && (await jobs(rp)).length < 2) await new Promise((r) => setTimeout(r, 5));
    await control().setClock({ scale: 3600 });
    const { result, error, lines } = await retry;
    assert.ifError(error);
    assert.notEqual(result!.id, failed);
    assert.equal(result!.outs.state, "COMPLETED");
    assert.equal(result!.outs.tokenAttempt, 1);
    assert.equal((await jobs(rp)).length, 2);
    assert.ok(
      lines.some((l) => /had already ended FAILED before this request/.test(l)),
      lines.join("\n"),
    );
  });

  it("within the same second it cannot tell: it reports the failure as its own and starts nothing", async () => {
    const rp = await world.recoveryPoint();
    const inputs = await checked(world, world.inputs(rp));
    const failed = await failingCreate(inputs, rp, true);

    const { error } = await capturingLogs(() => world.provider.create(inputs));
    assert.ok(error instanceof CopyJobFailedError, String(error));
    assert.equal(error.copyJobId, failed);
    assert.equal((await jobs(rp)).length, 1);
  });
});
