import { strict as assert } from "assert";
import { buildOutputs, mergeOutputs, toJson } from "../../provider/outputs";
import { VALID } from "./fixtures";

function assertPlainJson(value: unknown, path = "outputs"): void {
  assert.notEqual(value, undefined, `${path} is undefined`);
  if (value === null || typeof value !== "object") return;
  assert.ok(
    Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype,
    `${path} is not plain`,
  );
  for (const [k, v] of Object.entries(value)) assertPlainJson(v, `${path}.${k}`);
}

describe("outputs", () => {
  it("camelCases AWS fields, turns dates into ISO strings and drops undefined", () => {
    const json = toJson({
      CopyJobId: "j",
      CreationDate: new Date(0),
      StatusMessage: undefined,
      ChildJobsInState: { RUNNING: 2 },
    });
    assert.deepEqual(json, {
      copyJobId: "j",
      creationDate: "1970-01-01T00:00:00.000Z",
      childJobsInState: { RUNNING: 2 },
    });
  });

  it("echoes inputs, never __provider, and stays plain JSON", () => {
    const outs = buildOutputs(
      {
        ...VALID,
        lifecycle: { deleteAfterDays: 10, moveToColdStorageAfterDays: undefined },
        __provider: "code",
      },
      { copyJobId: "j", sourceRegion: "us-east-1", tokenAttempt: 0 },
      { CopyJobId: "j", State: "COMPLETED", CreationDate: new Date(), BackupSizeInBytes: 5, IsParent: false },
    );
    assert.equal(outs.recoveryPointArn, VALID.recoveryPointArn);
    assert.equal(outs.state, "COMPLETED");
    assert.equal((outs as unknown as Record<string, unknown>).__provider, undefined);
    assert.deepEqual(outs.lifecycle, { deleteAfterDays: 10 });
    assertPlainJson(outs);
  });
});

describe("mergeOutputs (a job AWS no longer describes)", () => {
  const extra = { copyJobId: "job-1", sourceRegion: "us-east-1" };
  const before = {
    ...buildOutputs({ ...VALID, lifecycle: { deleteAfterDays: 120 } }, extra, {
      CopyJobId: "job-1",
      State: "COMPLETED",
      DestinationRecoveryPointArn: "arn:aws:ec2:us-west-2::snapshot/snap-1",
      CreationDate: new Date(0),
    }),
    destinationRecoveryPoint: { status: "COMPLETED" },
  };

  it("keeps what was known of the job, takes inputs from the fresh outputs only", () => {
    const fresh = buildOutputs({ ...VALID, onDelete: "delete" }, extra);
    const merged = mergeOutputs(before, fresh) as unknown as Record<string, unknown>;
    assert.equal(merged.state, "COMPLETED");
    assert.equal(merged.destinationRecoveryPointArn, "arn:aws:ec2:us-west-2::snapshot/snap-1");
    assert.equal(merged.creationDate, new Date(0).toISOString());
    assert.equal(merged.onDelete, "delete");
    assert.equal(merged.lifecycle, undefined, "an input the program removed came back");
  });

  it("never keeps a destinationRecoveryPoint the fresh outputs lack (the copy may be gone)", () => {
    const merged = mergeOutputs(before, buildOutputs(VALID, extra));
    assert.equal(merged.destinationRecoveryPoint, undefined);
  });

  it("lets fresh values win", () => {
    const fresh = buildOutputs(VALID, extra, { CopyJobId: "job-1", State: "RUNNING" });
    assert.equal(mergeOutputs(before, fresh).state, "RUNNING");
  });
});
