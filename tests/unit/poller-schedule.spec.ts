import { strict as assert } from "assert";
import type { BackupClient } from "@aws-sdk/client-backup";
import { DEFAULTS, resolveSettings } from "../../provider/inputs/settings";
import { LATENCY_FRACTION, LATENCY_HEADROOM, SharedPoller } from "../../provider/wait/shared-poller";
import { StartGate } from "../../provider/wait/start-gate";

describe("shared poller schedule", () => {
  it("uses the smallest registered min and max, and the latency cap of the youngest job", () => {
    const poller = new SharedPoller(
      "k",
      {} as BackupClient,
      () => undefined,
      () => 1,
    );
    const stops = [
      poller.watch("a", { minDelayMs: 2000, maxDelayMs: 120_000 }),
      poller.watch("b", { minDelayMs: 5000, maxDelayMs: 30_000 }),
    ];
    const now = Date.now();
    // Attempt 1 after a registration: the min of the mins.
    assert.equal(poller.nextDelayMs(now), 2000);
    // Ten minutes on, with the backoff at its ceiling (the smallest max: 30 s), the latency cap bounds the
    // delay: 0.8 × 5 % of the youngest job's age, 24 s. (At attempt 1 the backoff alone gives 2 s, which says
    // nothing of the cap.)
    (poller as unknown as { attempt: number }).attempt = 20;
    assert.equal(poller.nextDelayMs(now), 2000, "the cap never goes below the smallest min");
    const cap = LATENCY_HEADROOM * LATENCY_FRACTION * 600_000;
    assert.ok(cap < 30_000);
    assert.equal(poller.nextDelayMs(now + 600_000), cap);
    stops.forEach((stop) => stop());
    assert.equal(poller.size, 0);
    assert.equal(poller.nextTickInMs, undefined);
  });

  it("waits up to the default 120 s between ticks once every job has run for an hour or more", () => {
    const settings = resolveSettings({
      recoveryPointArn: "arn:aws:backup:us-east-1:111111111111:recovery-point:rp-1",
      sourceBackupVaultName: "prod",
      destinationBackupVaultArn: "arn:aws:backup:us-west-2:111111111111:backup-vault:dr",
      iamRoleArn: "arn:aws:iam::111111111111:role/backup",
    });
    assert.equal(settings.maxDelayMs, DEFAULTS.maxDelaySeconds * 1000);
    assert.equal(settings.maxDelayMs, 120_000);
    const poller = new SharedPoller(
      "k",
      {} as BackupClient,
      () => undefined,
      () => 1,
    );
    const stop = poller.watch("a", settings);
    (poller as unknown as { attempt: number }).attempt = 20;
    const now = Date.now();
    // Twenty minutes in, 5 % of the job's age (60 s, less headroom) is below the backoff ceiling...
    assert.ok(poller.nextDelayMs(now + 20 * 60_000) < 60_000);
    // ...four hours in, the ceiling (not the old 30 s) bounds the wait.
    assert.equal(poller.nextDelayMs(now + 4 * 3600_000), 120_000);
    stop();
  });
});

describe("start gate", () => {
  it("admits up to the limit, queues the rest, frees a slot when its job is seen terminal", async () => {
    const gate = new StartGate(2, {} as BackupClient);
    // Watching held jobs needs a poller; this test feeds observations itself.
    (gate as unknown as { watchHeld(): void }).watchHeld = () => undefined;
    const a = await gate.acquire();
    const b = await gate.acquire();
    a.bind("job-a");
    b.release();
    const c = await gate.acquire();
    c.bind("job-a"); // a reused token hands back the same job: still one slot
    assert.equal(gate.inFlight, 1);
    const d = await gate.acquire();
    d.bind("job-d");
    let admitted = false;
    const e = gate.acquire().then((slot) => ((admitted = true), slot));
    await new Promise((r) => setImmediate(r));
    assert.equal(admitted, false);
    gate.observed({ CopyJobId: "job-a", State: "RUNNING" });
    await new Promise((r) => setImmediate(r));
    assert.equal(admitted, false, "a running job keeps its slot");
    gate.observed({ CopyJobId: "job-a", State: "COMPLETED" });
    (await e).release();
    assert.equal(admitted, true);
    assert.equal(gate.inFlight, 1);
  });
});

describe("start gate: starts in flight", () => {
  it("keeps at most maxStartsInFlight StartCopyJob requests in flight, below the slot limit", async () => {
    const gate = new StartGate(100, {} as BackupClient, undefined, 2);
    (gate as unknown as { watchHeld(): void }).watchHeld = () => undefined;
    const a = await gate.acquire();
    await gate.acquire();
    let admitted = false;
    const c = gate.acquire().then((slot) => ((admitted = true), slot));
    await new Promise((r) => setImmediate(r));
    assert.equal(admitted, false, "a third start waits for one in flight to answer");
    assert.equal(gate.queued, 0, "waiting behind starts in flight is not waiting for a slot");
    a.bind("job-a");
    await c;
    assert.equal(admitted, true);
    assert.equal(gate.inFlight, 3);
  });
});
