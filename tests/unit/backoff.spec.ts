import { strict as assert } from "assert";
import { backoffDelay } from "../../provider/wait/backoff";
import { Deadline } from "../../provider/wait/deadline";
import { DeadlineReached, pollUntil } from "../../provider/wait/poll";
import { sleep } from "../../provider/wait/sleep";

describe("backoff schedule", () => {
  const opts = { minDelayMs: 2000, maxDelayMs: 120000 };
  it("stays between min and the doubled ceiling, and reaches the cap", () => {
    assert.equal(backoffDelay(1, { ...opts, random: () => 1 }), 2000);
    assert.equal(backoffDelay(3, { ...opts, random: () => 1 }), 8000);
    assert.equal(backoffDelay(3, { ...opts, random: () => 0 }), 2000);
    assert.equal(backoffDelay(7, { ...opts, random: () => 1 }), 120000);
    assert.equal(backoffDelay(50, { ...opts, random: () => 0 }), 120000);
  });
  it("jitters: successive draws differ", () => {
    const draws = new Set(Array.from({ length: 20 }, () => backoffDelay(5, opts)));
    assert.ok(draws.size > 10);
  });
});

describe("pollUntil", () => {
  it("returns the first done observation and retries transient errors", async () => {
    let calls = 0;
    const value = await pollUntil(
      async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error("slow down"), { name: "ThrottlingException" });
        return calls < 3 ? { done: false } : { done: true, value: "ok" };
      },
      {
        deadline: Deadline.after(5000),
        minDelayMs: 1,
        maxDelayMs: 2,
        isTransient: (e) => (e as Error).name === "ThrottlingException",
      },
    );
    assert.equal(value, "ok");
    assert.equal(calls, 3);
  });

  it("throws other errors at once", async () => {
    await assert.rejects(
      pollUntil(async () => Promise.reject(new Error("boom")), {
        deadline: Deadline.after(5000),
        minDelayMs: 1,
        maxDelayMs: 2,
      }),
      /boom/,
    );
  });

  it("gives up at the deadline with the last transient error", async () => {
    const error = await pollUntil(
      async () => {
        throw Object.assign(new Error("busy"), { name: "ThrottlingException" });
      },
      { deadline: Deadline.after(30), minDelayMs: 5, maxDelayMs: 10, isTransient: () => true },
    ).catch((e) => e);
    assert.ok(error instanceof DeadlineReached);
    assert.match((error as DeadlineReached).lastError!.toString(), /busy/);
  });

  it("sleep is abortable", async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error("cancelled"));
    await assert.rejects(pending, /cancelled/);
  });
});
