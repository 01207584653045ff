import { DescribeCopyJobCommand, ListBackupVaultsCommand, StartCopyJobCommand } from "@aws-sdk/client-backup";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import * as assert from "assert";
import { DEFAULT_CREDENTIALS, startEmulator } from "../../emulator";
import { backupClient, rejectsWith, seedBasic, stsClient, useEmulator } from "./helpers";

/**
 * Issue 14: by default any access key works (LocalStack/moto habit) and unseeded roles exist; strict mode
 * (`enforceIam`) restores the checks, with a refusal that says how to get in.
 */
describe("emulator: IAM modes (any key by default, strict on demand)", () => {
  const emu = useEmulator();
  const stranger = { accessKeyId: "AKIASOMEONEELSE", secretAccessKey: "whatever" };

  it("admits an unregistered key as the default account's root, and a 12-digit key as that account", async () => {
    const who = await stsClient(emu(), { credentials: stranger }).send(new GetCallerIdentityCommand({}));
    assert.strictEqual(who.Account, "111111111111");
    assert.strictEqual(who.Arn, "arn:aws:iam::111111111111:root");
    assert.strictEqual(who.UserId, "111111111111");
    await emu().control.seedVault({ name: "mine", accountId: "333333333333" });
    const numeric = { accessKeyId: "333333333333", secretAccessKey: "x" };
    const as333 = await stsClient(emu(), { credentials: numeric }).send(new GetCallerIdentityCommand({}));
    assert.strictEqual(as333.Account, "333333333333");
    const vaults = await backupClient(emu(), { credentials: numeric }).send(new ListBackupVaultsCommand({}));
    assert.deepStrictEqual(
      vaults.BackupVaultList!.map((v) => v.BackupVaultName),
      ["mine"],
    );
  });

  it("keeps a registered key's account and allowedActions", async () => {
    await emu().control.registerCredentials({
      accessKeyId: "AKIALIMITED",
      accountId: "222222222222",
      allowedActions: ["sts:GetCallerIdentity"],
    });
    const limited = { accessKeyId: "AKIALIMITED", secretAccessKey: "x" };
    const who = await stsClient(emu(), { credentials: limited }).send(new GetCallerIdentityCommand({}));
    assert.strictEqual(who.Account, "222222222222");
    await rejectsWith(
      backupClient(emu(), { credentials: limited }).send(new ListBackupVaultsCommand({})),
      "AccessDeniedException",
      403,
    );
  });

  it("lets an unseeded role be assumed and passed to AWS Backup; a seeded role keeps its trust policy", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    const ghost = "arn:aws:iam::111111111111:role/nobody-seeded-me";
    const out = await stsClient(emu()).send(new AssumeRoleCommand({ RoleArn: ghost, RoleSessionName: "s1" }));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    const c = backupClient(emu());
    const { CopyJobId } = await c.send(
      new StartCopyJobCommand({
        RecoveryPointArn: rpArn,
        SourceBackupVaultName: "src",
        DestinationBackupVaultArn: destArn,
        IamRoleArn: ghost,
      }),
    );
    await emu().control.advanceClock(3600);
    const job = (await c.send(new DescribeCopyJobCommand({ CopyJobId }))).CopyJob!;
    assert.strictEqual(job.State, "COMPLETED", job.StatusMessage);

    const closed = "arn:aws:iam::222222222222:role/closed";
    await emu().control.seedRole({ arn: closed });
    await rejectsWith(
      stsClient(emu()).send(new AssumeRoleCommand({ RoleArn: closed, RoleSessionName: "s1" })),
      "AccessDenied",
      403,
    );
  });

  it("strict mode, switched on through the control API, refuses unknown keys naming the emulator's key", async () => {
    await emu().control.setEnforceIam(true);
    assert.strictEqual((await emu().control.state()).enforceIam, true);
    const err = await rejectsWith(
      backupClient(emu(), { credentials: stranger }).send(new ListBackupVaultsCommand({})),
      "UnrecognizedClientException",
      403,
    );
    assert.ok(err.message.startsWith("The security token included in the request is invalid."), err.message);
    assert.ok(err.message.includes(DEFAULT_CREDENTIALS.accessKeyId), err.message);
    assert.ok(!err.message.includes(DEFAULT_CREDENTIALS.secretAccessKey), "never the secret");
    await rejectsWith(
      stsClient(emu()).send(
        new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/unseeded", RoleSessionName: "s1" }),
      ),
      "AccessDenied",
      403,
    );
    // reset() returns to the mode the emulator was started with.
    await emu().control.reset();
    await backupClient(emu(), { credentials: stranger }).send(new ListBackupVaultsCommand({}));
  });

  it("strict mode from startEmulator survives reset()", async () => {
    const strict = await startEmulator({ quiet: true, enforceIam: true });
    try {
      await strict.control.reset();
      await rejectsWith(
        backupClient(strict, { credentials: stranger }).send(new ListBackupVaultsCommand({})),
        "UnrecognizedClientException",
        403,
      );
    } finally {
      await strict.stop();
    }
  });
});
