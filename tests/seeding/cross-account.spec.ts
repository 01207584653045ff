/**
 * Copies from the production account (111111111111, us-east-1) into a staging account's vault (222222222222,
 * eu-west-1): source-side calls in the source account and region, destination-side calls in the vault's region
 * through destinationRoleArn, and every refusal explained without quoting the external id.
 */
import { strict as assert } from "assert";
import {
  capturingLogs,
  checked,
  COPY_ROLE_ARN,
  Emulated,
  FAST_POLLING,
  failure,
  ebsVolume,
  GiB,
  SOURCE_ACCOUNT,
  SOURCE_REGION,
  STAGING_ACCOUNT,
  startEmulated,
} from "./helpers";

const STAGING_REGION = "eu-west-1";
const STAGING_ROLE_ARN = `arn:aws:iam::${STAGING_ACCOUNT}:role/pulumi-backup-copy-staging`;
const EXTERNAL_ID = "ext-id-7f3a9c1e5b2d-do-not-log";
const WRONG_EXTERNAL_ID = "ext-id-wrong-0000-do-not-log";

describe("seeding: cross-account, cross-region copies", function () {
  let env: Emulated;
  let stagingVaultArn: string;
  let unsharedVaultArn: string;
  let n = 0;
  const logLines: string[] = [];
  const messages: string[] = [];

  before(async () => {
    env = await startEmulated();
    const control = env.emulator.control;
    await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
    ({ backupVaultArn: stagingVaultArn } = await control.seedVault({
      accountId: STAGING_ACCOUNT,
      region: STAGING_REGION,
      name: "staging-vault",
      accessPolicyAllowsAccounts: [SOURCE_ACCOUNT],
    }));
    ({ backupVaultArn: unsharedVaultArn } = await control.seedVault({
      accountId: STAGING_ACCOUNT,
      region: STAGING_REGION,
      name: "unshared-vault",
    }));
    await control.seedRole({ arn: COPY_ROLE_ARN });
    await control.seedRole({
      arn: STAGING_ROLE_ARN,
      assumableByBackup: false,
      trustedAccounts: [SOURCE_ACCOUNT],
      externalId: EXTERNAL_ID,
    });
  });
  beforeEach(() =>
    env.emulator.control.setOrganization({
      accounts: [SOURCE_ACCOUNT, STAGING_ACCOUNT],
      crossAccountBackupEnabled: true,
    }),
  );
  after(async () => {
    await env?.stop();
    // The external id is a secret: no log line and no error message of this whole spec may quote it.
    for (const text of [...logLines, ...messages]) {
      assert.ok(!text.includes(EXTERNAL_ID), `the external id leaked: ${text}`);
      assert.ok(!text.includes(WRONG_EXTERNAL_ID), `the (wrong) external id leaked: ${text}`);
    }
  });

  async function recoveryPoint(): Promise<string> {
    n++;
    const { recoveryPointArn } = await env.emulator.control.seedRecoveryPoint({
      region: SOURCE_REGION,
      vaultName: "prod-vault",
      resourceArn: ebsVolume(n),
      resourceType: "EBS",
      backupSizeInBytes: 5 * GiB,
    });
    return recoveryPointArn;
  }

  function inputs(rp: string, more: Record<string, unknown> = {}) {
    return {
      recoveryPointArn: rp,
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: stagingVaultArn,
      iamRoleArn: COPY_ROLE_ARN,
      destinationRoleArn: STAGING_ROLE_ARN,
      destinationExternalId: EXTERNAL_ID,
      onDelete: "delete",
      polling: FAST_POLLING,
      tokenScope: `seed/staging/copy-${n}`,
      __provider: "serialized-provider-text",
      ...more,
    };
  }

  /** Runs a provider call, keeping its log lines and error message for the secret check. */
  async function logged<T>(fn: () => Promise<T>) {
    const run = await capturingLogs(fn);
    logLines.push(...run.lines);
    if (run.error) messages.push(run.error.message, String(run.error.stack));
    return run;
  }

  it("copies into the staging vault; destination calls go through AssumeRole; lifecycle update and delete work", async () => {
    const control = env.emulator.control;
    const rp = await recoveryPoint();
    const news = await checked(env.provider, inputs(rp, { lifecycle: { deleteAfterDays: 14 } }));
    await control.resetCalls();
    const created = await logged(() => env.provider.create(news));
    assert.ifError(created.error);
    const { id, outs } = created.result!;
    assert.equal(outs.state, "COMPLETED");
    assert.equal(outs.sourceRegion, SOURCE_REGION);
    assert.match(outs.destinationRecoveryPointArn, new RegExp(`^arn:aws:ec2:${STAGING_REGION}:`));
    assert.equal(
      outs.destinationRecoveryPoint?.status,
      "COMPLETED",
      "described in the staging account's region",
    );
    assert.equal(outs.destinationRecoveryPoint?.lifecycle?.deleteAfterDays, 14);
    const calls = await control.calls();
    assert.ok((calls.AssumeRole ?? 0) >= 1, `AssumeRole calls: ${JSON.stringify(calls)}`);
    const job = (await control.state()).copyJobs.find((j) => j.copyJobId === id)!;
    assert.equal(job.region, SOURCE_REGION, "StartCopyJob ran in the source region");
    assert.equal(job.accountId, SOURCE_ACCOUNT, "StartCopyJob ran in the source account");

    const read = await logged(() => env.provider.read(id, { ...outs }));
    assert.ifError(read.error);
    assert.equal(read.result!.id, id, "refresh finds the copy in the staging account");

    const newer = { ...news, lifecycle: { deleteAfterDays: 30 } };
    const updated = await logged(() => env.provider.update(id, outs, newer));
    assert.ifError(updated.error);
    assert.equal(updated.result!.outs!.destinationRecoveryPoint.lifecycle.deleteAfterDays, 30);

    const deleted = await logged(() => env.provider.delete(id, updated.result!.outs!));
    assert.ifError(deleted.error);
    const gone = await logged(() => env.provider.read(id, { ...updated.result!.outs! }));
    assert.equal(gone.result!.id, "", "the copy is gone from the staging vault");
  });

  it("without one organisation the copy ends FAILED with AWS's message and what to set up", async () => {
    await env.emulator.control.setOrganization({
      accounts: [SOURCE_ACCOUNT],
      crossAccountBackupEnabled: true,
    });
    const rp = await recoveryPoint();
    const run = await logged(async () => env.provider.create(await checked(env.provider, inputs(rp))));
    const error = run.error!;
    assert.ok(error, "create must fail");
    assert.match(error.message, /ended FAILED: .*same organization/);
    // The hint names this cause's fix only, not every cross-account requirement.
    assert.match(error.message, /members of one AWS Organization: invite the destination account/);
    assert.doesNotMatch(error.message, /access policy|update-global-settings/);
  });

  it("a destination vault whose access policy leaves out the source account: FAILED with the hint", async () => {
    const rp = await recoveryPoint();
    const run = await logged(async () =>
      env.provider.create(
        await checked(env.provider, inputs(rp, { destinationBackupVaultArn: unsharedVaultArn })),
      ),
    );
    assert.match(run.error!.message, /ended FAILED: Access Denied trying to call AWS Backup service/);
    assert.match(
      run.error!.message,
      /destination vault's access policy must allow .*put-backup-vault-access-policy/,
    );
  });

  it("a wrong external id: a clear AccessDenied that names the role and what to check, never the id", async () => {
    const rp = await recoveryPoint();
    const news = await checked(env.provider, inputs(rp, { destinationExternalId: WRONG_EXTERNAL_ID }));
    const run = await logged(() => env.provider.create(news));
    const error = run.error!;
    assert.ok(error, "create must fail");
    assert.match(error.name, /AccessDenied/);
    assert.match(error.message, /sts:AssumeRole/);
    assert.ok(error.message.includes(STAGING_ROLE_ARN), error.message);
    assert.match(error.message, /destinationExternalId must match/);
    assert.ok(!error.message.includes(WRONG_EXTERNAL_ID));
    assert.ok(!error.message.includes(EXTERNAL_ID));
  });

  it("without destinationRoleArn: an AccessDenied that says which role to set and what it must allow", async () => {
    const rp = await recoveryPoint();
    const news = await checked(
      env.provider,
      inputs(rp, { destinationRoleArn: undefined, destinationExternalId: undefined }),
    );
    const run = await logged(() => env.provider.create(news));
    const error = run.error!;
    assert.ok(error, "create must fail: the copy cannot be described with the source account's credentials");
    assert.match(error.name, /AccessDenied/);
    assert.match(error.message, new RegExp(`set destinationRoleArn to a role in account ${STAGING_ACCOUNT}`));
    assert.match(error.message, /backup:DescribeRecoveryPoint/);
    assert.match(error.message, /backup:DeleteRecoveryPoint/);
    assert.ok(error.message.includes(stagingVaultArn), error.message);
  });

  it("without destinationRoleArn, refresh and delete fail explained instead of taking the copy for gone", async () => {
    const rp = await recoveryPoint();
    const created = await logged(async () => env.provider.create(await checked(env.provider, inputs(rp))));
    assert.ifError(created.error);
    const { id, outs } = created.result!;
    const withoutRole = { ...outs, destinationRoleArn: undefined, destinationExternalId: undefined };
    const readError = await failure(() => env.provider.read(id, withoutRole));
    messages.push(readError.message);
    assert.match(readError.message, /set destinationRoleArn/);
    const deleteError = await failure(() => env.provider.delete(id, withoutRole));
    messages.push(deleteError.message);
    assert.match(deleteError.message, /DeleteRecoveryPoint .* set destinationRoleArn/);
    const rpState = (await env.emulator.control.state()).recoveryPoints as Array<{ arn?: string }>;
    assert.ok(
      rpState.some((p) => JSON.stringify(p).includes(outs.destinationRecoveryPointArn)),
      "the copy is still in the staging vault",
    );
    // With the role, the same delete goes through.
    const deleted = await logged(() => env.provider.delete(id, outs));
    assert.ifError(deleted.error);
  });
});
