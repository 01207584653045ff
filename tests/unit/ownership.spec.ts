/**
 * ownership.ts: which copy job is this resource's, decided from what AWS answered and what the stack recorded.
 * Pure functions: no AWS, no clock. The behaviour through the emulator is in tests/provider/ownership.spec.ts.
 */
import { strict as assert } from "assert";
import type { CopyJob } from "@aws-sdk/client-backup";
import {
  endedBeforeRequest,
  isReplay,
  NOT_YET_VISIBLE_MS,
  REPLAY_MARGIN_MS,
  whenCopiesFound,
  whenJobNotFound,
  whenResumedCopyMissing,
  whenStartAnswered,
  whenTokenConflict,
} from "../../provider/operations/ownership";

const RP = "arn:aws:ec2:us-east-1::snapshot/snap-1";
const VAULT = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr-vault";
const ROLE = "arn:aws:iam::111122223333:role/copy";
const T = Date.UTC(2026, 0, 10, 12);

const job = (id: string, state: string, more: Partial<CopyJob> = {}): CopyJob => ({
  State: state as CopyJob["State"],
  CopyJobId: id,
  IamRoleArn: ROLE,
  SourceRecoveryPointArn: RP,
  DestinationBackupVaultArn: VAULT,
  ...more,
});

describe("ownership: StartCopyJob's answer", () => {
  it("a job created before the request (beyond the Date header's second) is a replay; one created with it is not", () => {
    assert.equal(isReplay({ copyJobId: "j", createdAt: T - REPLAY_MARGIN_MS - 1, answeredAt: T }), true);
    assert.equal(isReplay({ copyJobId: "j", createdAt: T - 1000, answeredAt: T }), false);
    assert.equal(isReplay({ copyJobId: "j", createdAt: T - 60_000 }), false, "no Date header: not provable");
  });

  it("our own new job is started; a replayed running job is resumed; a replayed failed job moves to the next token", () => {
    const fresh = { copyJobId: "j", createdAt: T, answeredAt: T };
    assert.equal(whenStartAnswered(fresh, undefined).kind, "started");
    const old = { copyJobId: "j", createdAt: T - 3600_000, answeredAt: T };
    const running = whenStartAnswered(old, job("j", "RUNNING"));
    assert.deepEqual(running.kind === "resume" && running.completedWhenResumed, false);
    assert.match(running.kind === "resume" ? running.line : "", /^Resuming copy job j, .*\(RUNNING\)/);
    const completed = whenStartAnswered(old, job("j", "COMPLETED"));
    assert.equal(completed.kind === "resume" && completed.completedWhenResumed, true);
    assert.equal(whenStartAnswered(old, job("j", "FAILED")).kind, "next-token");
    assert.equal(whenStartAnswered(old, job("j", "PARTIAL")).kind, "next-token");
    const unseen = whenStartAnswered(old, undefined);
    assert.equal(unseen.kind === "resume" && unseen.completedWhenResumed, false);
  });

  it("a failure that ended before the answer is an earlier attempt's; one in the same second is our own", () => {
    const started = { copyJobId: "j", answeredAt: T };
    assert.equal(endedBeforeRequest({ copyJobId: "j", endedAt: T - 1 }, started), true);
    assert.equal(endedBeforeRequest({ copyJobId: "j", endedAt: T }, started), false);
    assert.equal(endedBeforeRequest({ copyJobId: "other", endedAt: T - 1 }, started), false);
    assert.equal(endedBeforeRequest({ copyJobId: "j", endedAt: T - 1 }, { copyJobId: "j" }), false);
  });
});

describe("ownership: AWS refused the token (used with other parameters)", () => {
  const conflict = (listed: CopyJob[], notOurs: string[] = []) =>
    whenTokenConflict({
      recoveryPointArn: RP,
      destinationBackupVaultArn: VAULT,
      iamRoleArn: ROLE,
      attempt: 0,
      listed,
      notOurs,
    });

  it("adopts the one job that can be the token's", () => {
    const d = conflict([job("mine", "RUNNING")]);
    assert.equal(d.kind, "adopt");
    assert.equal(d.kind === "adopt" && d.job.CopyJobId, "mine");
  });

  it("two jobs that could be ours (another stack copied the same point into the same vault): fails, lists both, says what to set", () => {
    const d = conflict([job("mine", "COMPLETED"), job("theirs", "RUNNING")]);
    assert.equal(d.kind, "fail");
    const message = d.kind === "fail" ? d.message : "";
    assert.match(message, /mine \(COMPLETED\), theirs \(RUNNING\)/);
    assert.match(message, /none was adopted and nothing was changed/);
    assert.match(message, /copyJobId/);
    assert.match(message, /idempotencyToken/);
  });

  it("a failed job still counts: with another stack's live copy beside it, nothing is adopted", () => {
    assert.equal(conflict([job("mine", "FAILED"), job("theirs", "COMPLETED")]).kind, "fail");
  });

  it("the one candidate failed: the next token starts a new copy", () => {
    assert.equal(conflict([job("mine", "FAILED")]).kind, "next-token");
  });

  it("jobs that cannot hold our token are not candidates: another role, a backup plan's, a recorded other attempt's", () => {
    const d = conflict(
      [
        job("other-role", "RUNNING", { IamRoleArn: "arn:aws:iam::111122223333:role/theirs" }),
        job("plan", "RUNNING", { CreatedBy: { BackupPlanId: "plan-1" } }),
        job("attempt-0", "FAILED"),
        job("mine", "RUNNING"),
      ],
      ["attempt-0"],
    );
    assert.equal(d.kind === "adopt" && d.job.CopyJobId, "mine");
  });

  it("no candidate: fails and says to set idempotencyToken", () => {
    const d = conflict([]);
    assert.equal(d.kind, "fail");
    assert.match(d.kind === "fail" ? d.message : "", /nothing was changed.*idempotencyToken/);
  });
});

describe("ownership: a resumed job whose copy is not seen", () => {
  const missing = { copyJobId: "j", destinationRecoveryPointArn: "arn:copy" };
  it("copies again only for a job COMPLETED before this run whose copy is confirmed gone, in one line", () => {
    const d = whenResumedCopyMissing({ ...missing, completedWhenResumed: true, confirmedGone: true });
    assert.equal(d.kind, "copy-again");
    assert.match(
      d.kind === "copy-again" ? d.line : "",
      /^Copy job j, .* COMPLETED, but its copy arn:copy is gone; starting a new copy$/,
    );
  });
  it("a job that completed during this run keeps its copy, even when AWS says it is gone", () => {
    assert.equal(
      whenResumedCopyMissing({ ...missing, completedWhenResumed: false, confirmedGone: true }).kind,
      "keep",
    );
  });
  it("one look that did not see the copy is not proof: keep", () => {
    assert.equal(
      whenResumedCopyMissing({ ...missing, completedWhenResumed: true, confirmedGone: false }).kind,
      "keep",
    );
  });
});

describe("ownership: a recorded job AWS does not describe", () => {
  it("too new to be listed when created within the visibility lag; too old to be described after it", () => {
    assert.equal(whenJobNotFound(T - 60_000, T).kind, "not-yet-visible");
    assert.equal(whenJobNotFound(T - NOT_YET_VISIBLE_MS, T).kind, "not-yet-visible");
    assert.deepEqual(whenJobNotFound(T - NOT_YET_VISIBLE_MS - 1, T), {
      kind: "aged-out",
      createdAt: T - NOT_YET_VISIBLE_MS - 1,
    });
    assert.equal(whenJobNotFound(T - 40 * 86400_000, T).kind, "aged-out");
    assert.equal(whenJobNotFound(undefined, T).kind, "not-yet-visible", "nothing recorded tells them apart");
  });

  const SOURCE_VAULT = "arn:aws:backup:us-east-1:111122223333:backup-vault:prod";
  const aged = {
    copyJobId: "j",
    createdAt: T,
    recoveryPointArn: RP,
    destinationBackupVaultArn: VAULT,
    sourceBackupVaultArn: SOURCE_VAULT,
    sourceCreatedAt: T - 86400_000,
  };
  const point = (arn: string, more: Record<string, unknown> = {}) => ({
    recoveryPointArn: arn,
    sourceBackupVaultArn: SOURCE_VAULT,
    createdAt: T - 86400_000,
    completedAt: T + 3600_000,
    status: "COMPLETED",
    ...more,
  });

  it("the one copy of the same source point, completed after the job started, is the job's", () => {
    const d = whenCopiesFound(aged, [
      point("arn:copy"),
      point("arn:older-backup", { createdAt: T - 2 * 86400_000 }),
      point("arn:other-vault", {
        sourceBackupVaultArn: "arn:aws:backup:us-east-1:111122223333:backup-vault:x",
      }),
      point("arn:before-the-job", { completedAt: T - 1 }),
      point("arn:deleting", { status: "DELETING" }),
    ]);
    assert.equal(d.kind === "adopt-copy" && d.recoveryPointArn, "arn:copy");
  });

  it("no copy: fails at once saying to refresh, then up", () => {
    const d = whenCopiesFound(aged, [point("arn:older", { createdAt: T - 5 * 86400_000 })]);
    assert.equal(d.kind, "fail");
    assert.match(
      d.kind === "fail" ? d.message : "",
      /no longer in AWS's job history.*pulumi refresh.*pulumi up/,
    );
  });

  it("two copies of the same point (another stack's too): fails, lists both, changes nothing", () => {
    const d = whenCopiesFound(aged, [point("arn:a"), point("arn:b")]);
    assert.equal(d.kind, "fail");
    assert.match(d.kind === "fail" ? d.message : "", /2 copies .*arn:a, arn:b.*nothing was changed/);
  });
});
