import { strict as assert } from "assert";
import type { CopyJob } from "@aws-sdk/client-backup";
import { DEFAULTS, resolveSettings } from "../../provider/inputs/settings";
import {
  LATENCY_FRACTION,
  LATENCY_HEADROOM,
  nextTickDelay,
  ScheduleInput,
  ScheduledJob,
} from "../../provider/wait/schedule";
import type { BackupClient } from "@aws-sdk/client-backup";
import { SharedPoller } from "../../provider/wait/shared-poller";
import { StartGate, Watch } from "../../provider/wait/start-gate";
import { ThroughputModel } from "../../provider/wait/throughput";

const MIN = 2000;
const MAX = 120_000;
const at = (now: number, jobs: ScheduledJob[], more: Partial<ScheduleInput> = {}) =>
  nextTickDelay({
    now,
    attempt: 1,
    minDelayMs: MIN,
    maxDelayMs: MAX,
    tickCostMs: 0,
    random: () => 1,
    jobs,
    ...more,
  });

describe("poller schedule (pure)", () => {
  it("blind: the backoff step, capped by the latency goal of the youngest job", () => {
    const t0 = 1_000_000;
    // Attempt 1: the min delay.
    assert.equal(at(t0, [{ registeredAt: t0 }]), MIN);
    // Attempt 8 (backoff at its 120 s ceiling): ten minutes in, the cap is 0.8 × 5 % of 600 s = 24 s.
    const tenMinutes = t0 + 600_000;
    assert.equal(Math.round(at(tenMinutes, [{ registeredAt: t0 }], { attempt: 8 })), 24_000);
    assert.equal(Math.round(LATENCY_HEADROOM * LATENCY_FRACTION * 600_000), 24_000);
    // The youngest job sets the cap: one 30 s old brings it down to the min delay.
    assert.equal(
      at(tenMinutes, [{ registeredAt: t0 }, { registeredAt: tenMinutes - 30_000 }], { attempt: 8 }),
      MIN,
    );
    // The recent tick's own duration is taken off the cap.
    assert.equal(
      Math.round(at(tenMinutes, [{ registeredAt: t0 }], { attempt: 8, tickCostMs: 4000 })),
      20_000,
    );
  });

  it("blind: maxDelay bounds the wait once every job is old", () => {
    const settings = resolveSettings({
      recoveryPointArn: "arn:aws:backup:us-east-1:111111111111:recovery-point:rp-1",
      sourceBackupVaultName: "prod",
      destinationBackupVaultArn: "arn:aws:backup:us-west-2:111111111111:backup-vault:dr",
      iamRoleArn: "arn:aws:iam::111111111111:role/backup",
    });
    assert.equal(settings.maxDelayMs, DEFAULTS.maxDelaySeconds * 1000);
    const t0 = 0;
    assert.equal(
      nextTickDelay({
        now: 4 * 3600_000,
        attempt: 20,
        minDelayMs: settings.minDelayMs,
        maxDelayMs: settings.maxDelayMs,
        tickCostMs: 0,
        random: () => 1,
        jobs: [{ registeredAt: t0 }],
      }),
      120_000,
    );
  });

  it("informed: sleeps until the window of the expected end, looking every sparse gap, then densely", () => {
    const t0 = 0;
    const expected = { windowStartAt: 3_600_000, sparseGapMs: 900_000 };
    // Just seen: the sparse gap, far above maxDelay (the copy cannot end yet)...
    assert.equal(at(60_000, [{ registeredAt: t0, expected }], { attempt: 3 }), 900_000);
    // ...and not at the window's start, but one in-window gap into it (a copy ending as it opens is seen
    // within its goal; 0.8 × 5 % of 3600 s is 144 s, bounded by maxDelay)...
    assert.equal(at(3_000_000, [{ registeredAt: t0, expected }], { attempt: 3 }), 600_000 + MAX);
    assert.equal(
      Math.round(
        at(500_000, [{ registeredAt: t0, expected: { windowStartAt: 600_000, sparseGapMs: 900_000 } }]),
      ),
      100_000 + 24_000,
    );
    // ...and inside the window the latency cap (0.8 × 5 % of the age), bounded by maxDelay.
    assert.equal(at(3_600_000, [{ registeredAt: t0, expected }], { attempt: 3 }), 120_000);
    assert.equal(
      Math.round(at(1_200_000, [{ registeredAt: t0, expected: { ...expected, windowStartAt: 0 } }])),
      48_000,
    );
    // A blind job among informed ones keeps its own, shorter, schedule.
    assert.equal(at(60_000, [{ registeredAt: t0, expected }, { registeredAt: 50_000 }], { attempt: 3 }), MIN);
  });

  it("never ticks sooner than the min delay", () => {
    assert.equal(at(1000, [{ registeredAt: 0, expected: { windowStartAt: 1001, sparseGapMs: 10 } }]), MIN);
  });
});

describe("poller rescheduling (no AWS: the delays are far longer than the test)", () => {
  const noClient = {} as BackupClient;
  const watch = (poller: SharedPoller, id: string, minDelayMs: number, maxDelayMs = 10 * minDelayMs) =>
    poller.watch(id, { minDelayMs, maxDelayMs }, () => undefined);

  it("a new job brings the next tick to the min delay, as the full walk of the schedule says", () => {
    const poller = new SharedPoller("k", noClient, { onIdle: () => undefined, random: () => 1 });
    const stops = [watch(poller, "a", 60_000), watch(poller, "b", 90_000)];
    const scheduled = poller.nextTickInMs!;
    assert.ok(Math.abs(scheduled - 60_000) < 50, `next tick in ${scheduled} ms`);
    assert.ok(Math.abs(poller.nextDelayMs() - scheduled) < 50, "the O(1) path and the walk agree");
    stops.forEach((stop) => stop());
    assert.equal(poller.nextTickInMs, undefined, "nothing tracked, nothing scheduled");
  });

  it("the smallest min delay leaves with its job, and a later registration lowers it again", () => {
    const poller = new SharedPoller("k", noClient, { onIdle: () => undefined, random: () => 1 });
    const stopA = watch(poller, "a", 60_000);
    const stopB = watch(poller, "b", 300_000);
    assert.ok(Math.abs(poller.nextDelayMs() - 60_000) < 50);
    stopA();
    assert.ok(Math.abs(poller.nextDelayMs() - 300_000) < 50, `after a left: ${poller.nextDelayMs()}`);
    const stopC = watch(poller, "c", 120_000);
    assert.ok(Math.abs(poller.nextDelayMs() - 120_000) < 50, `after c came: ${poller.nextDelayMs()}`);
    stopB();
    stopC();
  });
});

describe("throughput model", () => {
  const job = (id: string, bytes: number, seconds: number, region = "us-west-2"): CopyJob => ({
    CopyJobId: id,
    State: "COMPLETED",
    BackupSizeInBytes: bytes,
    CreationDate: new Date(0),
    CompletionDate: new Date(seconds * 1000),
    DestinationBackupVaultArn: `arn:aws:backup:${region}:111111111111:backup-vault:dr`,
  });

  it("no estimate below MIN_SAMPLES, then size over the median throughput, per region pair", () => {
    const model = new ThroughputModel();
    model.learn(job("a", 100e6, 100));
    model.learn(job("b", 200e6, 200));
    assert.equal(model.estimate("us-west-2", 1e9), undefined);
    model.learn(job("c", 300e6, 300));
    model.learn(job("c", 300e6, 3)); // the same job twice counts once
    const e = model.estimate("us-west-2", 1e9)!;
    assert.equal(Math.round(e.durationMs), 1_000_000);
    assert.equal(e.spread, 0.15, "identical speeds: the floor of the spread");
    assert.equal(model.estimate("eu-west-1", 1e9), undefined, "another region pair knows nothing");
    assert.equal(model.estimate("us-west-2", 0), undefined, "no size, no estimate");
  });

  it("the spread widens with how much recent speeds differ; running and failed jobs teach nothing", () => {
    const model = new ThroughputModel();
    [100, 150, 200, 260, 400].forEach((s, i) => model.learn(job(`j${i}`, 100e6, s)));
    model.learn({ ...job("f", 1, 1000), State: "FAILED" });
    model.learn({ ...job("r", 1, 1000), State: "RUNNING" });
    assert.equal(model.sampleCount("us-west-2"), 5);
    const e = model.estimate("us-west-2", 100e6)!;
    assert.ok(e.spread > 0.4, `spread ${e.spread}`);
  });
});

describe("start gate", () => {
  const noWatch: Watch = () => () => undefined;

  it("admits up to the limit, queues the rest, frees a slot when its job is seen terminal", async () => {
    const gate = new StartGate(2, noWatch);
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

  it("a watch that ends with an error frees its slot: nobody would see that job end", async () => {
    const ends: Array<(end: { error: unknown }) => void> = [];
    const gate = new StartGate(1, (_id, _o, onEnd) => (ends.push(onEnd), () => undefined));
    (await gate.acquire()).bind("job-a");
    let admitted = false;
    const next = gate.acquire().then((slot) => ((admitted = true), slot));
    await new Promise((r) => setImmediate(r));
    assert.equal(ends.length, 1, "the queued start made the gate watch the slot holder");
    const log = console.log;
    console.log = () => undefined;
    try {
      ends[0]({ error: new Error("AccessDeniedException") });
    } finally {
      console.log = log;
    }
    (await next).release();
    assert.equal(admitted, true);
    assert.deepEqual(gate.heldJobIds(), []);
  });
});

describe("start gate: starts in flight", () => {
  it("keeps at most maxStartsInFlight StartCopyJob requests in flight, below the slot limit", async () => {
    const gate = new StartGate(100, () => () => undefined, undefined, 2);
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
