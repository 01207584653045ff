import {
  DeleteRecoveryPointCommand,
  DescribeRecoveryPointCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
  paginateListRecoveryPointsByBackupVault,
  PutBackupVaultLockConfigurationCommand,
  UpdateRecoveryPointLifecycleCommand,
} from "@aws-sdk/client-backup";
import * as assert from "assert";
import { backupClient, rawRequest, rejectsWith, useEmulator } from "./helpers";

describe("emulator: recovery points", () => {
  const emu = useEmulator();
  const c = () => backupClient(emu());
  const describeRp = (arn: string, vault = "main") =>
    c().send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }));

  beforeEach(async () => {
    await emu().control.seedVault({ name: "main" });
  });

  it("describes both ARN forms, including ARNs with '/' (percent-encoded or not, trailing slash too)", async () => {
    const ebs = await emu().control.seedRecoveryPoint({ vaultName: "main", backupSizeInBytes: 1234 });
    const ddb = await emu().control.seedRecoveryPoint({ vaultName: "main", resourceType: "DynamoDB" });
    assert.match(ebs.recoveryPointArn, /^arn:aws:ec2:us-east-1::snapshot\/snap-/);
    assert.match(
      ddb.recoveryPointArn,
      /^arn:aws:backup:us-east-1:111111111111:recovery-point:[0-9A-F-]{36}$/,
    );
    const a = await describeRp(ebs.recoveryPointArn);
    assert.strictEqual(a.RecoveryPointArn, ebs.recoveryPointArn);
    assert.strictEqual(a.Status, "COMPLETED");
    assert.strictEqual(a.StorageClass, "WARM");
    assert.strictEqual(a.ResourceType, "EBS");
    assert.strictEqual(a.BackupSizeInBytes, 1234);
    assert.strictEqual(a.BackupVaultArn, "arn:aws:backup:us-east-1:111111111111:backup-vault:main");
    assert.strictEqual(a.IsEncrypted, true);
    assert.ok(a.CreationDate instanceof Date);
    const b = await describeRp(ddb.recoveryPointArn);
    assert.strictEqual(b.ResourceType, "DynamoDB");
    assert.match(b.ResourceArn!, /^arn:aws:dynamodb:/);

    const encoded = encodeURIComponent(ebs.recoveryPointArn);
    for (const path of [
      `/backup-vaults/main/recovery-points/${encoded}`,
      `/backup-vaults/main/recovery-points/${encoded}/`,
      `/backup-vaults/main/recovery-points/${ebs.recoveryPointArn.replace(/:/g, "%3A")}`,
    ]) {
      const res = await rawRequest(emu(), "GET", path);
      assert.strictEqual(res.status, 200, `${path}: ${res.body}`);
      assert.strictEqual(JSON.parse(res.body).RecoveryPointArn, ebs.recoveryPointArn);
    }
  });

  it("is not found in another vault, account or region", async () => {
    await emu().control.seedVault({ name: "other" });
    await emu().control.seedVault({ name: "main", region: "eu-west-1" });
    const { recoveryPointArn } = await emu().control.seedRecoveryPoint({ vaultName: "main" });
    await rejectsWith(describeRp(recoveryPointArn, "other"), "ResourceNotFoundException", 400);
    await rejectsWith(describeRp(recoveryPointArn, "nope"), "ResourceNotFoundException", 400);
    await rejectsWith(
      backupClient(emu(), { region: "eu-west-1" }).send(
        new DescribeRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: recoveryPointArn }),
      ),
      "ResourceNotFoundException",
    );
  });

  it("moves to COLD when MoveToColdStorageAt passes", async () => {
    const { recoveryPointArn } = await emu().control.seedRecoveryPoint({
      vaultName: "main",
      lifecycle: { MoveToColdStorageAfterDays: 1, DeleteAfterDays: 120 },
    });
    assert.strictEqual((await describeRp(recoveryPointArn)).StorageClass, "WARM");
    await emu().control.advanceClock(86_401);
    assert.strictEqual((await describeRp(recoveryPointArn)).StorageClass, "COLD");
  });

  it("deletes asynchronously: DELETING, then not found", async () => {
    const { recoveryPointArn } = await emu().control.seedRecoveryPoint({ vaultName: "main" });
    await c().send(
      new DeleteRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: recoveryPointArn }),
    );
    assert.strictEqual((await describeRp(recoveryPointArn)).Status, "DELETING");
    // A repeated delete while DELETING is accepted.
    await c().send(
      new DeleteRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: recoveryPointArn }),
    );
    await emu().control.advanceClock(10);
    await rejectsWith(describeRp(recoveryPointArn), "ResourceNotFoundException");
    await rejectsWith(
      c().send(
        new DeleteRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: recoveryPointArn }),
      ),
      "ResourceNotFoundException",
    );
  });

  it("expires at DeleteAt", async () => {
    const { recoveryPointArn } = await emu().control.seedRecoveryPoint({
      vaultName: "main",
      lifecycle: { DeleteAfterDays: 1 },
    });
    await emu().control.advanceClock(86_400);
    assert.strictEqual((await describeRp(recoveryPointArn)).Status, "DELETING");
    await emu().control.advanceClock(60);
    await rejectsWith(describeRp(recoveryPointArn), "ResourceNotFoundException");
  });

  it("refuses deletes under legal hold and before the vault lock's minimum retention", async () => {
    const held = await emu().control.seedRecoveryPoint({ vaultName: "main", legalHold: true });
    const err = await rejectsWith(
      c().send(
        new DeleteRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: held.recoveryPointArn }),
      ),
      "InvalidResourceStateException",
      400,
    );
    assert.match(err.message, /legal hold/);
    await emu().control.setLegalHold(held.recoveryPointArn, false);
    await c().send(
      new DeleteRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: held.recoveryPointArn }),
    );

    await c().send(
      new PutBackupVaultLockConfigurationCommand({
        BackupVaultName: "main",
        MinRetentionDays: 7,
        MaxRetentionDays: 400,
      }),
    );
    const young = await emu().control.seedRecoveryPoint({
      vaultName: "main",
      lifecycle: { DeleteAfterDays: 30 },
    });
    const locked = await rejectsWith(
      c().send(
        new DeleteRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: young.recoveryPointArn }),
      ),
      "InvalidRequestException",
      400,
    );
    assert.match(locked.message, /minimum retention period of 7 days/);
    const shorter = await rejectsWith(
      c().send(
        new UpdateRecoveryPointLifecycleCommand({
          BackupVaultName: "main",
          RecoveryPointArn: young.recoveryPointArn,
          Lifecycle: { DeleteAfterDays: 3 },
        }),
      ),
      "InvalidRequestException",
    );
    assert.match(shorter.message, /vault lock/);
    await emu().control.advanceClock(8 * 86_400);
    await c().send(
      new DeleteRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: young.recoveryPointArn }),
    );
  });

  it("allows early deletion of a COLD recovery point", async () => {
    const { recoveryPointArn } = await emu().control.seedRecoveryPoint({
      vaultName: "main",
      storageClass: "COLD",
    });
    await c().send(
      new DeleteRecoveryPointCommand({ BackupVaultName: "main", RecoveryPointArn: recoveryPointArn }),
    );
    assert.strictEqual((await describeRp(recoveryPointArn)).Status, "DELETING");
  });

  it("updates the lifecycle with validation; the cold transition is frozen once COLD", async () => {
    const { recoveryPointArn } = await emu().control.seedRecoveryPoint({
      vaultName: "main",
      lifecycle: { MoveToColdStorageAfterDays: 1, DeleteAfterDays: 100 },
    });
    const update = (Lifecycle: { MoveToColdStorageAfterDays?: number; DeleteAfterDays?: number }) =>
      c().send(
        new UpdateRecoveryPointLifecycleCommand({
          BackupVaultName: "main",
          RecoveryPointArn: recoveryPointArn,
          Lifecycle,
        }),
      );
    const out = await update({ MoveToColdStorageAfterDays: 2, DeleteAfterDays: 200 });
    assert.deepStrictEqual(out.Lifecycle, { MoveToColdStorageAfterDays: 2, DeleteAfterDays: 200 });
    assert.strictEqual(out.RecoveryPointArn, recoveryPointArn);
    assert.strictEqual(out.BackupVaultArn, "arn:aws:backup:us-east-1:111111111111:backup-vault:main");
    const created = (await describeRp(recoveryPointArn)).CreationDate!.getTime();
    assert.strictEqual(out.CalculatedLifecycle!.DeleteAt!.getTime(), created + 200 * 86_400_000);
    await rejectsWith(
      update({ MoveToColdStorageAfterDays: 10, DeleteAfterDays: 50 }),
      "InvalidParameterValueException",
      400,
    );
    await rejectsWith(update({ DeleteAfterDays: 0 }), "InvalidParameterValueException");
    await emu().control.advanceClock(3 * 86_400);
    assert.strictEqual((await describeRp(recoveryPointArn)).StorageClass, "COLD");
    const frozen = await rejectsWith(
      update({ MoveToColdStorageAfterDays: 5, DeleteAfterDays: 200 }),
      "InvalidRequestException",
    );
    assert.match(frozen.message, /cold storage/);
    const kept = await update({ DeleteAfterDays: 300 });
    assert.deepStrictEqual(kept.Lifecycle, { MoveToColdStorageAfterDays: 2, DeleteAfterDays: 300 });
  });

  it("paginates 2,500 recovery points with the SDK paginator, newest first, no repeats", async () => {
    const base = Date.parse(await emu().control.now()) - 10_000_000;
    const seeded: string[] = [];
    for (let i = 0; i < 2500; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          emu().control.seedRecoveryPoint({
            vaultName: "main",
            resourceType: "DynamoDB",
            creationDate: new Date(base + (i + j) * 1000).toISOString(),
          }),
        ),
      );
      seeded.push(...batch.map((b) => b.recoveryPointArn));
    }
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListRecoveryPointsByBackupVault(
      { client: c(), pageSize: 1000 },
      { BackupVaultName: "main" },
    )) {
      pages++;
      seen.push(...page.RecoveryPoints!.map((r) => r.RecoveryPointArn!));
    }
    assert.strictEqual(pages, 3);
    assert.strictEqual(seen.length, 2500);
    assert.strictEqual(new Set(seen).size, 2500);
    assert.deepStrictEqual(seen, [...seeded].reverse());

    const small = await c().send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "main", MaxResults: 10 }),
    );
    assert.strictEqual(small.RecoveryPoints!.length, 10);
    assert.ok(small.NextToken);
    // A token is bound to the request it was issued for.
    await rejectsWith(
      c().send(
        new ListRecoveryPointsByBackupVaultCommand({
          BackupVaultName: "main",
          NextToken: small.NextToken,
          ByResourceType: "EBS",
        }),
      ),
      "InvalidParameterValueException",
    );
    const filtered = await c().send(
      new ListRecoveryPointsByBackupVaultCommand({
        BackupVaultName: "main",
        ByCreatedBefore: new Date(base + 4_500),
      }),
    );
    assert.strictEqual(filtered.RecoveryPoints!.length, 5);
  });

  it("lists by resource across vaults, with '/' in the resource ARN", async () => {
    await emu().control.seedVault({ name: "other" });
    const resourceArn = "arn:aws:ec2:us-east-1:111111111111:volume/vol-0abc";
    await emu().control.seedRecoveryPoint({ vaultName: "main", resourceArn, backupSizeInBytes: 5 });
    await emu().control.seedRecoveryPoint({ vaultName: "other", resourceArn });
    await emu().control.seedRecoveryPoint({ vaultName: "other" });
    const out = await c().send(new ListRecoveryPointsByResourceCommand({ ResourceArn: resourceArn }));
    assert.strictEqual(out.RecoveryPoints!.length, 2);
    assert.deepStrictEqual(out.RecoveryPoints!.map((r) => r.BackupVaultName).sort(), ["main", "other"]);
    assert.ok(out.RecoveryPoints!.some((r) => r.BackupSizeBytes === 5));
  });

  it("lists composite children by parent", async () => {
    const parent = await emu().control.seedRecoveryPoint({
      vaultName: "main",
      resourceType: "CloudFormation",
      compositeChildren: 2,
    });
    const out = await c().send(
      new ListRecoveryPointsByBackupVaultCommand({
        BackupVaultName: "main",
        ByParentRecoveryPointArn: parent.recoveryPointArn,
      }),
    );
    assert.strictEqual(out.RecoveryPoints!.length, 2);
    assert.strictEqual((await describeRp(parent.recoveryPointArn)).IsParent, true);
  });
});
