import { ListBackupVaultsCommand } from "@aws-sdk/client-backup";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import * as assert from "assert";
import { backupClient, rejectsWith, stsClient, useEmulator } from "./helpers";

describe("emulator: STS", () => {
  // Strict IAM: the trust checks below include unseeded roles and unregistered keys.
  const emu = useEmulator({ enforceIam: true });
  const target = "arn:aws:iam::222222222222:role/central-backup";

  it("GetCallerIdentity names the default principal", async () => {
    const id = await stsClient(emu()).send(new GetCallerIdentityCommand({}));
    assert.strictEqual(id.Account, "111111111111");
    assert.strictEqual(id.Arn, "arn:aws:iam::111111111111:user/emulator");
    assert.ok(id.UserId);
  });

  it("AssumeRole with the right external id gives working ASIA credentials in the role's account", async () => {
    await emu().control.seedRole({ arn: target, trustedAccounts: ["111111111111"], externalId: "ext-123" });
    await emu().control.seedVault({ name: "central", accountId: "222222222222" });
    const out = await stsClient(emu()).send(
      new AssumeRoleCommand({
        RoleArn: target,
        RoleSessionName: "copy-session",
        ExternalId: "ext-123",
        DurationSeconds: 900,
      }),
    );
    const creds = out.Credentials!;
    assert.match(creds.AccessKeyId!, /^ASIA/);
    assert.ok(creds.SecretAccessKey && creds.SessionToken);
    assert.ok(creds.Expiration instanceof Date);
    assert.strictEqual(
      out.AssumedRoleUser!.Arn,
      "arn:aws:sts::222222222222:assumed-role/central-backup/copy-session",
    );
    const temp = {
      accessKeyId: creds.AccessKeyId!,
      secretAccessKey: creds.SecretAccessKey!,
      sessionToken: creds.SessionToken!,
    };
    const who = await stsClient(emu(), { credentials: temp }).send(new GetCallerIdentityCommand({}));
    assert.strictEqual(who.Account, "222222222222");
    assert.strictEqual(who.Arn, out.AssumedRoleUser!.Arn);
    const vaults = await backupClient(emu(), { credentials: temp }).send(new ListBackupVaultsCommand({}));
    assert.deepStrictEqual(
      vaults.BackupVaultList!.map((v) => v.BackupVaultName),
      ["central"],
    );
    // The session token is part of the credentials.
    await rejectsWith(
      backupClient(emu(), { credentials: { ...temp, sessionToken: "wrong" } }).send(
        new ListBackupVaultsCommand({}),
      ),
      "UnrecognizedClientException",
      403,
    );
  });

  it("AssumeRole is denied for a wrong or missing external id, an untrusted account and an unknown role", async () => {
    await emu().control.seedRole({ arn: target, trustedAccounts: ["111111111111"], externalId: "ext-123" });
    const sts = stsClient(emu());
    const wrong = await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: "s1", ExternalId: "nope" })),
      "AccessDenied",
      403,
    );
    assert.strictEqual(
      wrong.message,
      `User: arn:aws:iam::111111111111:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${target}`,
    );
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: "s1" })),
      "AccessDenied",
      403,
    );
    await rejectsWith(
      sts.send(
        new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/ghost", RoleSessionName: "s1" }),
      ),
      "AccessDenied",
    );
    await emu().control.seedRole({ arn: "arn:aws:iam::222222222222:role/closed" });
    await rejectsWith(
      sts.send(
        new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/closed", RoleSessionName: "s1" }),
      ),
      "AccessDenied",
    );
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: "x" })),
      "ValidationError",
      400,
    );
    await rejectsWith(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: target,
          RoleSessionName: "s1",
          ExternalId: "ext-123",
          DurationSeconds: 60,
        }),
      ),
      "ValidationError",
    );
  });

  it("applies allowedActions (sts:AssumeRole) and refuses unknown keys", async () => {
    await emu().control.seedRole({ arn: target, trustedAccounts: ["111111111111"] });
    await emu().control.registerCredentials({
      accessKeyId: "AKIANOSTS",
      accountId: "111111111111",
      allowedActions: ["backup:ListBackupVaults"],
    });
    await rejectsWith(
      stsClient(emu(), { credentials: { accessKeyId: "AKIANOSTS", secretAccessKey: "x" } }).send(
        new AssumeRoleCommand({ RoleArn: target, RoleSessionName: "s1" }),
      ),
      "AccessDenied",
      403,
    );
    await rejectsWith(
      stsClient(emu(), { credentials: { accessKeyId: "AKIAGHOST", secretAccessKey: "x" } }).send(
        new GetCallerIdentityCommand({}),
      ),
      "InvalidClientTokenId",
      403,
    );
    const calls = await emu().control.calls();
    assert.strictEqual(calls.AssumeRole, 1);
    assert.strictEqual(calls.GetCallerIdentity, 1);
  });
});
