import {
  CreateBackupVaultCommand,
  DeleteBackupVaultCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  ListBackupVaultsCommand,
  paginateListBackupVaults,
  PutBackupVaultLockConfigurationCommand,
  StartBackupJobCommand,
} from "@aws-sdk/client-backup";
import * as assert from "assert";
import { backupClient, rejectsWith, ROLE, useEmulator } from "./helpers";

describe("emulator: vaults and backup jobs", () => {
  const emu = useEmulator();
  const c = () => backupClient(emu());

  it("creates, describes, lists and deletes vaults", async () => {
    const created = await c().send(new CreateBackupVaultCommand({ BackupVaultName: "alpha" }));
    assert.strictEqual(created.BackupVaultArn, "arn:aws:backup:us-east-1:111111111111:backup-vault:alpha");
    assert.ok(created.CreationDate instanceof Date);
    await rejectsWith(
      c().send(new CreateBackupVaultCommand({ BackupVaultName: "alpha" })),
      "AlreadyExistsException",
      400,
    );
    await rejectsWith(
      c().send(new CreateBackupVaultCommand({ BackupVaultName: "bad name!" })),
      "InvalidParameterValueException",
    );
    // The same CreatorRequestId is a safe retry.
    await c().send(new CreateBackupVaultCommand({ BackupVaultName: "beta", CreatorRequestId: "r1" }));
    await c().send(new CreateBackupVaultCommand({ BackupVaultName: "beta", CreatorRequestId: "r1" }));

    const d = await c().send(new DescribeBackupVaultCommand({ BackupVaultName: "alpha" }));
    assert.strictEqual(d.NumberOfRecoveryPoints, 0);
    assert.strictEqual(d.Locked, false);
    assert.strictEqual(d.VaultType, "BACKUP_VAULT");
    const names = (await c().send(new ListBackupVaultsCommand({}))).BackupVaultList!.map(
      (v) => v.BackupVaultName,
    );
    assert.deepStrictEqual(names, ["alpha", "beta"]);
    // Vaults are per region.
    assert.deepStrictEqual(
      (await backupClient(emu(), { region: "eu-west-1" }).send(new ListBackupVaultsCommand({})))
        .BackupVaultList,
      [],
    );

    await emu().control.seedRecoveryPoint({ vaultName: "alpha" });
    const notEmpty = await rejectsWith(
      c().send(new DeleteBackupVaultCommand({ BackupVaultName: "alpha" })),
      "InvalidRequestException",
    );
    assert.match(notEmpty.message, /contains 1 recovery points/);
    await c().send(new DeleteBackupVaultCommand({ BackupVaultName: "beta" }));
    await rejectsWith(
      c().send(new DescribeBackupVaultCommand({ BackupVaultName: "beta" })),
      "ResourceNotFoundException",
      400,
    );
  });

  it("paginates vaults", async () => {
    for (let i = 0; i < 25; i++)
      await emu().control.seedVault({ name: `vault-${String(i).padStart(2, "0")}` });
    const names: string[] = [];
    for await (const page of paginateListBackupVaults({ client: c(), pageSize: 10 }, {}))
      names.push(...page.BackupVaultList!.map((v) => v.BackupVaultName!));
    assert.strictEqual(names.length, 25);
    assert.strictEqual(new Set(names).size, 25);
  });

  it("configures a vault lock and validates it", async () => {
    await emu().control.seedVault({ name: "locked" });
    const put = (input: {
      MinRetentionDays?: number;
      MaxRetentionDays?: number;
      ChangeableForDays?: number;
    }) => c().send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: "locked", ...input }));
    await rejectsWith(put({ MinRetentionDays: 10, MaxRetentionDays: 5 }), "InvalidParameterValueException");
    await rejectsWith(put({ MinRetentionDays: 1, ChangeableForDays: 1 }), "InvalidParameterValueException");
    await put({ MinRetentionDays: 1, MaxRetentionDays: 30, ChangeableForDays: 3 });
    let d = await c().send(new DescribeBackupVaultCommand({ BackupVaultName: "locked" }));
    assert.strictEqual(d.MinRetentionDays, 1);
    assert.strictEqual(d.MaxRetentionDays, 30);
    assert.strictEqual(d.Locked, false);
    assert.ok(d.LockDate instanceof Date);
    await emu().control.advanceClock(3 * 86_400);
    d = await c().send(new DescribeBackupVaultCommand({ BackupVaultName: "locked" }));
    assert.strictEqual(d.Locked, true);
    await rejectsWith(put({ MinRetentionDays: 2 }), "InvalidRequestException");
    await rejectsWith(
      c().send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: "ghost", MinRetentionDays: 1 })),
      "ResourceNotFoundException",
    );
  });

  it("runs an on-demand backup job into a recovery point", async () => {
    await emu().control.seedVault({ name: "vault" });
    await emu().control.seedRole({ arn: ROLE });
    await emu().control.setSettings({ backupSizeInBytes: 100 * 1024 * 1024 });
    const resourceArn = "arn:aws:dynamodb:us-east-1:111111111111:table/orders";
    const started = await c().send(
      new StartBackupJobCommand({
        BackupVaultName: "vault",
        ResourceArn: resourceArn,
        IamRoleArn: ROLE,
        Lifecycle: { DeleteAfterDays: 7 },
      }),
    );
    assert.ok(started.BackupJobId);
    assert.match(started.RecoveryPointArn!, /:recovery-point:/);
    const describe_ = () => c().send(new DescribeBackupJobCommand({ BackupJobId: started.BackupJobId }));
    assert.strictEqual((await describe_()).State, "CREATED");
    await emu().control.advanceClock(2.5);
    const running = await describe_();
    assert.strictEqual(running.State, "RUNNING");
    assert.strictEqual(running.PercentDone, "50.0");
    await emu().control.advanceClock(1);
    const done = await describe_();
    assert.strictEqual(done.State, "COMPLETED");
    assert.strictEqual(done.ResourceType, "DynamoDB");
    assert.strictEqual(done.ResourceName, "orders");
    assert.deepStrictEqual(done.RecoveryPointLifecycle, { DeleteAfterDays: 7 });
    const rp = await c().send(
      new DescribeRecoveryPointCommand({
        BackupVaultName: "vault",
        RecoveryPointArn: started.RecoveryPointArn,
      }),
    );
    assert.strictEqual(rp.Status, "COMPLETED");
    assert.strictEqual(rp.CreationDate!.getTime(), done.CreationDate!.getTime());

    await rejectsWith(
      c().send(new DescribeBackupJobCommand({ BackupJobId: "nope" })),
      "ResourceNotFoundException",
    );
    await rejectsWith(
      c().send(
        new StartBackupJobCommand({ BackupVaultName: "ghost", ResourceArn: resourceArn, IamRoleArn: ROLE }),
      ),
      "ResourceNotFoundException",
    );
    await rejectsWith(
      c().send(new StartBackupJobCommand({ BackupVaultName: "vault", ResourceArn: resourceArn } as never)),
      "MissingParameterValueException",
    );
  });

  it("a backup job's idempotency token gives back its job, and is refused with other parameters", async () => {
    await emu().control.seedVault({ name: "vault" });
    await emu().control.seedRole({ arn: ROLE });
    const resourceArn = "arn:aws:dynamodb:us-east-1:111111111111:table/ledger";
    const start = (days: number) =>
      c().send(
        new StartBackupJobCommand({
          BackupVaultName: "vault",
          ResourceArn: resourceArn,
          IamRoleArn: ROLE,
          IdempotencyToken: "backup-tok",
          Lifecycle: { DeleteAfterDays: days },
        }),
      );
    const first = await start(7);
    assert.strictEqual((await start(7)).BackupJobId, first.BackupJobId);
    const err = await rejectsWith(start(8), "InvalidRequestException", 400);
    assert.match(
      err.message,
      new RegExp(`StartBackupJob request with different parameters \\(backup job ${first.BackupJobId}\\)`),
    );
  });
});
