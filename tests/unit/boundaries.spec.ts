/**
 * The edges of each numeric and shape rule, from the mutation audit (issue 12 item 6): the last value a rule
 * accepts and the first it refuses, so an off-by-one in either direction fails a test.
 */
import { strict as assert } from "assert";
import { check } from "../../provider/operations/check";
import { VALID } from "./fixtures";

const failuresOf = (more: Record<string, unknown>) => check({ ...VALID, ...more }).failures!;
const accepts = (more: Record<string, unknown>) =>
  assert.deepEqual(failuresOf(more), [], JSON.stringify(more));
const refuses = (more: Record<string, unknown>, property: string, reason: RegExp) => {
  const hit = failuresOf(more).find((f) => f.property === property);
  assert.ok(hit, `${JSON.stringify(more)}: no failure for ${property}`);
  assert.match(hit.reason, reason);
};

describe("check: the edges of each rule", () => {
  it("timeoutMinutes: up to a week", () => {
    accepts({ timeoutMinutes: 10080 });
    refuses({ timeoutMinutes: 10081 }, "timeoutMinutes", /at most 10080, not 10081/);
  });

  it("polling delays: up to an hour, min at most max", () => {
    accepts({ polling: { minDelaySeconds: 3600, maxDelaySeconds: 3600 } });
    refuses({ polling: { maxDelaySeconds: 3601 } }, "polling.maxDelaySeconds", /at most 3600/);
    accepts({ polling: { minDelaySeconds: 5, maxDelaySeconds: 5 } });
    refuses(
      { polling: { minDelaySeconds: 5.5, maxDelaySeconds: 5 } },
      "polling.minDelaySeconds",
      /must not exceed/,
    );
  });

  it("lifecycle: deleteAfterDays exactly 90 days after the cold move is allowed, a day less is not", () => {
    accepts({ lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 120 } });
    refuses(
      { lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 119 } },
      "lifecycle.deleteAfterDays",
      /deleteAfterDays: 119 must be at least moveToColdStorageAfterDays \+ 90 \(120\)/,
    );
    accepts({ lifecycle: { moveToColdStorageAfterDays: 1, deleteAfterDays: 36500 } });
    accepts({ lifecycle: { moveToColdStorageAfterDays: -1, deleteAfterDays: 1 } });
  });

  it("an array is not an object", () => {
    refuses({ lifecycle: [] }, "lifecycle", /must be an object with .*, not an array/);
    refuses({ polling: [1] }, "polling", /must be an object/);
  });

  it("null for an optional property means 'not set', for a required one 'missing'", () => {
    accepts({ lifecycle: null, region: null, onDelete: null });
    refuses({ iamRoleArn: null }, "iamRoleArn", /is required/);
  });
});
