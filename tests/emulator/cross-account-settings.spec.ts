import {
  DeleteBackupVaultAccessPolicyCommand,
  DescribeCopyJobCommand,
  DescribeGlobalSettingsCommand,
  GetBackupVaultAccessPolicyCommand,
  PutBackupVaultAccessPolicyCommand,
  StartCopyJobCommand,
  UpdateGlobalSettingsCommand,
} from "@aws-sdk/client-backup";
import * as assert from "assert";
import { backupClient, OTHER_ACCOUNT, rejectsWith, ROLE, useEmulator } from "./helpers";

/**
 * Vault access policies and global settings through the AWS API, and the cross-account copy failures they
 * cause: AWS's documented ones, set up here the way users set them up (no control-API shortcuts).
 */
describe("emulator: vault access policies, global settings and cross-account copies", () => {
  const emu = useEmulator();
  const SOURCE = "111111111111";
  const partnerKey = { accessKeyId: "AKIAPARTNER", secretAccessKey: "x" };
  const partner = () => backupClient(emu(), { credentials: partnerKey });
  const source = () => backupClient(emu());
  const allowFrom = (principal: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: principal,
          Action: "backup:CopyIntoBackupVault",
          Resource: "*",
          ...extra,
        },
      ],
    });

  beforeEach(async () => {
    await emu().control.registerCredentials({ ...partnerKey, accountId: OTHER_ACCOUNT });
    await emu().control.seedVault({ name: "src" });
    await emu().control.seedVault({ name: "central", accountId: OTHER_ACCOUNT });
    await emu().control.seedRole({ arn: ROLE });
  });

  it("puts, gets and deletes a vault access policy; refuses documents that are not policies", async () => {
    const policy = allowFrom({ AWS: `arn:aws:iam::${SOURCE}:root` });
    await rejectsWith(
      partner().send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: "central" })),
      "ResourceNotFoundException",
      400,
    );
    await partner().send(
      new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "central", Policy: policy }),
    );
    const got = await partner().send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: "central" }));
    assert.deepStrictEqual(
      { name: got.BackupVaultName, arn: got.BackupVaultArn, policy: got.Policy },
      {
        name: "central",
        arn: `arn:aws:backup:us-east-1:${OTHER_ACCOUNT}:backup-vault:central`,
        policy,
      },
    );
    for (const bad of ["not json", "{}", JSON.stringify({ Statement: [{ Effect: "Maybe" }] })])
      await rejectsWith(
        partner().send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "central", Policy: bad })),
        "InvalidParameterValueException",
      );
    await rejectsWith(
      partner().send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "central" })),
      "MissingParameterValueException",
    );
    await rejectsWith(
      partner().send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "nope", Policy: policy })),
      "ResourceNotFoundException",
    );
    await partner().send(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: "central" }));
    await partner().send(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: "central" }));
    await rejectsWith(
      partner().send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: "central" })),
      "ResourceNotFoundException",
    );
  });

  it("global settings: members of an organisation read them, only the management account changes them", async () => {
    await rejectsWith(source().send(new DescribeGlobalSettingsCommand({})), "InvalidRequestException", 400);
    await emu().control.setOrganization({
      accounts: [SOURCE, OTHER_ACCOUNT],
      crossAccountBackupEnabled: false,
    });
    const before = await partner().send(new DescribeGlobalSettingsCommand({}));
    assert.deepStrictEqual(before.GlobalSettings, {
      isCrossAccountBackupEnabled: "false",
      isMpaEnabled: "false",
      isDelegatedAdministratorEnabled: "false",
    });
    assert.ok(before.LastUpdateTime instanceof Date);
    const denied = await rejectsWith(
      partner().send(
        new UpdateGlobalSettingsCommand({ GlobalSettings: { isCrossAccountBackupEnabled: "true" } }),
      ),
      "InvalidRequestException",
    );
    assert.match(denied.message, /management account \(111111111111\)/);
    await rejectsWith(
      source().send(
        new UpdateGlobalSettingsCommand({ GlobalSettings: { isCrossAccountBackupEnabled: "yes" } }),
      ),
      "InvalidParameterValueException",
    );
    await rejectsWith(
      source().send(new UpdateGlobalSettingsCommand({ GlobalSettings: { isEverythingAllowed: "true" } })),
      "InvalidParameterValueException",
    );
    await emu().control.advanceClock(60);
    await source().send(
      new UpdateGlobalSettingsCommand({ GlobalSettings: { isCrossAccountBackupEnabled: "true" } }),
    );
    const after = await partner().send(new DescribeGlobalSettingsCommand({}));
    assert.strictEqual(after.GlobalSettings!.isCrossAccountBackupEnabled, "true");
    assert.strictEqual(after.LastUpdateTime!.getTime() - before.LastUpdateTime!.getTime(), 60_000);
  });

  describe("a cross-account copy", () => {
    async function copyState(): Promise<{
      State?: string;
      StatusMessage?: string;
      MessageCategory?: string;
    }> {
      const { recoveryPointArn } = await emu().control.seedRecoveryPoint({ vaultName: "src" });
      const { CopyJobId } = await source().send(
        new StartCopyJobCommand({
          RecoveryPointArn: recoveryPointArn,
          SourceBackupVaultName: "src",
          DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${OTHER_ACCOUNT}:backup-vault:central`,
          IamRoleArn: ROLE,
        }),
      );
      await emu().control.advanceClock(3600);
      return (await source().send(new DescribeCopyJobCommand({ CopyJobId }))).CopyJob!;
    }
    const putPolicy = (policy: string) =>
      partner().send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "central", Policy: policy }));
    const enableCrossAccount = (on: boolean) =>
      source().send(
        new UpdateGlobalSettingsCommand({ GlobalSettings: { isCrossAccountBackupEnabled: String(on) } }),
      );

    beforeEach(async () => {
      await emu().control.setOrganization({
        accounts: [SOURCE, OTHER_ACCOUNT],
        crossAccountBackupEnabled: false,
      });
    });

    it("fails while cross-account backup is off, even with a policy that allows it", async () => {
      await putPolicy(allowFrom({ AWS: `arn:aws:iam::${SOURCE}:root` }));
      const job = await copyState();
      assert.strictEqual(job.State, "FAILED");
      assert.match(job.StatusMessage!, /Cross-account backup is not enabled/);
      assert.strictEqual(job.MessageCategory, "AccessDenied");
    });

    it("fails with AWS's words when the destination vault has no policy, or one for another account", async () => {
      await enableCrossAccount(true);
      const none = await copyState();
      assert.strictEqual(none.State, "FAILED");
      assert.strictEqual(none.StatusMessage, "Access Denied trying to call AWS Backup service");
      await putPolicy(allowFrom({ AWS: "arn:aws:iam::333333333333:root" }));
      assert.strictEqual(
        (await copyState()).StatusMessage,
        "Access Denied trying to call AWS Backup service",
      );
      // A wildcard Action does not count: AWS Backup access policies accept none.
      await putPolicy(
        JSON.stringify({
          Statement: [{ Effect: "Allow", Principal: "*", Action: "backup:*", Resource: "*" }],
        }),
      );
      assert.strictEqual((await copyState()).State, "FAILED");
    });

    it("fails when a Deny statement matches, whatever else allows", async () => {
      await enableCrossAccount(true);
      const allow = { Effect: "Allow", Principal: "*", Action: "backup:CopyIntoBackupVault", Resource: "*" };
      await putPolicy(
        JSON.stringify({ Statement: [allow, { ...allow, Effect: "Deny", Principal: { AWS: SOURCE } }] }),
      );
      assert.strictEqual((await copyState()).State, "FAILED");
    });

    it("completes once the policy allows the source account: by root ARN, by account id, or by organisation", async () => {
      await enableCrossAccount(true);
      for (const policy of [
        allowFrom({ AWS: `arn:aws:iam::${SOURCE}:root` }),
        allowFrom({ AWS: [SOURCE] }),
        allowFrom({ AWS: ROLE }),
        allowFrom("*", { Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-emulator00"] } } }),
      ]) {
        await putPolicy(policy);
        const job = await copyState();
        assert.strictEqual(job.State, "COMPLETED", `${policy}: ${job.StatusMessage}`);
      }
      await putPolicy(
        allowFrom("*", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-otherorg000" } } }),
      );
      assert.strictEqual((await copyState()).State, "FAILED", "another organisation's id");
    });
  });
});
