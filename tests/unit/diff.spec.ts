import { strict as assert } from "assert";
import { diff } from "../../provider/operations/diff";
import { UNKNOWN } from "../../provider/inputs/unknown";
import { VALID } from "./fixtures";

const OLDS = {
  ...VALID,
  idempotencyToken: "t",
  copyJobId: "job-1",
  state: "COMPLETED",
  __provider: "old code",
};
const NEWS = { ...VALID, idempotencyToken: "t", __provider: "new code" };

describe("diff", () => {
  it("reports no change when only the serialized provider changed (package upgrade)", () => {
    assert.deepEqual(diff(OLDS, NEWS), { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  for (const [key, value] of [
    ["recoveryPointArn", "arn:aws:backup:us-east-1:111111111111:recovery-point:other"],
    ["sourceBackupVaultName", "other"],
    ["destinationBackupVaultArn", "arn:aws:backup:us-west-2:111111111111:backup-vault:other"],
    ["iamRoleArn", "arn:aws:iam::111111111111:role/other"],
    ["region", "eu-west-1"],
    ["idempotencyToken", "t2"],
    ["copyJobId", "job-2"],
  ]) {
    it(`replaces on ${key}`, () => {
      const result = diff(OLDS, { ...NEWS, [key]: value });
      assert.equal(result.changes, true);
      assert.deepEqual(result.replaces, [key]);
    });
  }

  for (const [key, value] of [
    ["lifecycle", { deleteAfterDays: 10 }],
    ["onDelete", "delete"],
    ["waitForCompletion", false],
    ["timeoutMinutes", 5],
    ["polling", { minDelaySeconds: 1 }],
    ["destinationRoleArn", "arn:aws:iam::222222222222:role/x"],
  ] as const) {
    it(`updates in place on ${key}`, () => {
      const result = diff(OLDS, { ...NEWS, [key]: value });
      assert.equal(result.changes, true);
      assert.deepEqual(result.replaces, []);
    });
  }

  it("sees a member added to a nested input (lifecycle) as a change", () => {
    const olds = { ...OLDS, lifecycle: { deleteAfterDays: 120 } };
    const news = { ...NEWS, lifecycle: { deleteAfterDays: 120, moveToColdStorageAfterDays: 30 } };
    assert.equal(diff(olds, news).changes, true);
    assert.equal(
      diff(olds, {
        ...NEWS,
        lifecycle: { deleteAfterDays: 120, optInToArchiveForSupportedResources: undefined },
      }).changes,
      false,
    );
  });

  it("treats an unknown replace key as a replacement during preview", () => {
    assert.deepEqual(diff(OLDS, { ...NEWS, recoveryPointArn: UNKNOWN }).replaces, ["recoveryPointArn"]);
  });

  it("updates when refresh saw the destination's lifecycle drift from the declared one", () => {
    const olds = {
      ...OLDS,
      lifecycle: { deleteAfterDays: 30 },
      destinationRecoveryPoint: { lifecycle: { deleteAfterDays: 5 } },
    };
    const result = diff(olds, { ...NEWS, lifecycle: { deleteAfterDays: 30 } });
    assert.equal(result.changes, true);
    assert.deepEqual(result.replaces, []);
  });

  it("updates to resume an unfinished wait", () => {
    assert.equal(diff({ ...OLDS, state: "RUNNING" }, NEWS).changes, true);
    assert.equal(diff({ ...OLDS, state: "RUNNING" }, { ...NEWS, waitForCompletion: false }).changes, true);
    assert.equal(
      diff({ ...OLDS, state: "RUNNING", waitForCompletion: false }, { ...NEWS, waitForCompletion: false })
        .changes,
      false,
    );
  });
});
