import {
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  ListCopyJobsCommand,
  ListCopyJobsCommandInput,
  paginateListCopyJobs,
  StartCopyJobCommand,
  StartCopyJobCommandInput,
} from "@aws-sdk/client-backup";
import * as assert from "assert";
import { backupClient, OTHER_ACCOUNT, rejectsWith, ROLE, seedBasic, useEmulator } from "./helpers";

const GiB = 1024 ** 3;
const RUN_SECONDS = GiB / (100 * 1024 * 1024); // 10.24 s at the default 100 MiB/s

describe("emulator: copy jobs", () => {
  // Strict IAM: several cases below rely on an unseeded role being refused.
  const emu = useEmulator({ enforceIam: true });

  async function start(
    input: Partial<StartCopyJobCommandInput> & {
      RecoveryPointArn: string;
      DestinationBackupVaultArn: string;
    },
  ) {
    return backupClient(emu()).send(
      new StartCopyJobCommand({
        SourceBackupVaultName: "src",
        IamRoleArn: ROLE,
        IdempotencyToken: "t-1",
        ...input,
      }),
    );
  }
  const describe_ = async (id: string, region?: string) =>
    (await backupClient(emu(), { region }).send(new DescribeCopyJobCommand({ CopyJobId: id }))).CopyJob!;

  it("goes CREATED -> RUNNING -> COMPLETED on the emulated clock and creates the destination recovery point", async () => {
    const created = new Date(Date.parse(await emu().control.now()) - 86_400_000).toISOString();
    const { rpArn, destArn } = await seedBasic(emu(), {
      vaultName: "src",
      creationDate: created,
      resourceType: "EBS",
    });
    assert.match(rpArn, /^arn:aws:ec2:us-east-1::snapshot\/snap-[0-9a-f]{17}$/);
    const out = await start({
      RecoveryPointArn: rpArn,
      DestinationBackupVaultArn: destArn,
      Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 365 },
    });
    assert.ok(out.CopyJobId);
    assert.ok(out.CreationDate instanceof Date);
    assert.strictEqual(out.IsParent, false);
    assert.strictEqual((await describe_(out.CopyJobId!)).State, "CREATED");

    await emu().control.advanceClock(2);
    assert.strictEqual((await describe_(out.CopyJobId!)).State, "RUNNING");
    await emu().control.advanceClock(RUN_SECONDS);
    const job = await describe_(out.CopyJobId!);
    assert.strictEqual(job.State, "COMPLETED");
    assert.strictEqual(job.AccountId, "111111111111");
    assert.strictEqual(job.SourceRecoveryPointArn, rpArn);
    assert.strictEqual(job.SourceBackupVaultArn, "arn:aws:backup:us-east-1:111111111111:backup-vault:src");
    assert.strictEqual(job.DestinationBackupVaultArn, destArn);
    assert.strictEqual(job.IamRoleArn, ROLE);
    assert.strictEqual(job.ResourceType, "EBS");
    assert.strictEqual(job.BackupSizeInBytes, GiB);
    assert.strictEqual(job.MessageCategory, "SUCCESS");
    assert.strictEqual(job.IsParent, false);
    assert.match(job.ResourceArn!, /^arn:aws:ec2:us-east-1:111111111111:volume\/vol-/);
    assert.ok(job.ResourceName);
    assert.strictEqual(job.CompletionDate!.getTime() - job.CreationDate!.getTime(), (2 + RUN_SECONDS) * 1000);
    assert.match(job.DestinationRecoveryPointArn!, /^arn:aws:ec2:us-west-2::snapshot\/snap-/);

    const rp = await backupClient(emu(), { region: "us-west-2" }).send(
      new DescribeRecoveryPointCommand({
        BackupVaultName: "dst",
        RecoveryPointArn: job.DestinationRecoveryPointArn!,
      }),
    );
    assert.strictEqual(rp.Status, "COMPLETED");
    assert.strictEqual(rp.CreationDate!.toISOString(), created, "a copy keeps its source's creation date");
    assert.strictEqual(rp.SourceBackupVaultArn, job.SourceBackupVaultArn);
    assert.deepStrictEqual(rp.Lifecycle, { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 365 });
    assert.strictEqual(rp.CalculatedLifecycle!.DeleteAt!.getTime(), Date.parse(created) + 365 * 86_400_000);
    assert.strictEqual(
      rp.CalculatedLifecycle!.MoveToColdStorageAt!.getTime(),
      Date.parse(created) + 30 * 86_400_000,
    );
  });

  it("runs in milliseconds under a scaled clock", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    await emu().control.setClock({ scale: 2000 });
    const { CopyJobId } = await start({ RecoveryPointArn: rpArn, DestinationBackupVaultArn: destArn });
    const began = Date.now();
    let state = "";
    while (Date.now() - began < 2000) {
      state = (await describe_(CopyJobId!)).State!;
      if (state === "COMPLETED") break;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.strictEqual(state, "COMPLETED");
  });

  it("validates the request like AWS", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    const c = backupClient(emu());
    const bad = (input: Partial<StartCopyJobCommandInput>) =>
      c.send(
        new StartCopyJobCommand({
          RecoveryPointArn: rpArn,
          SourceBackupVaultName: "src",
          DestinationBackupVaultArn: destArn,
          IamRoleArn: ROLE,
          ...input,
        } as StartCopyJobCommandInput),
      );
    const missing = await rejectsWith(bad({ IamRoleArn: undefined }), "MissingParameterValueException", 400);
    assert.match(missing.message, /IamRoleArn/);
    await rejectsWith(bad({ RecoveryPointArn: "" }), "MissingParameterValueException", 400);
    await rejectsWith(
      bad({ DestinationBackupVaultArn: "not-an-arn" }),
      "InvalidParameterValueException",
      400,
    );
    await rejectsWith(
      bad({ RecoveryPointArn: "arn:aws:backup:us-east-1:12:recovery-point:x" }),
      "InvalidParameterValueException",
    );
    await rejectsWith(
      bad({ IamRoleArn: "arn:aws:iam::111111111111:user/bob" }),
      "InvalidParameterValueException",
    );
    const life = await rejectsWith(
      bad({ Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 100 } }),
      "InvalidParameterValueException",
    );
    assert.match(life.message, /90 days/);
    await rejectsWith(bad({ Lifecycle: { DeleteAfterDays: 0 } }), "InvalidParameterValueException");
    await rejectsWith(bad({ Lifecycle: { DeleteAfterDays: -2 } }), "InvalidParameterValueException");
    await rejectsWith(bad({ SourceBackupVaultName: "nope" }), "ResourceNotFoundException", 400);
    await rejectsWith(
      bad({ RecoveryPointArn: "arn:aws:ec2:us-east-1::snapshot/snap-00000000000000000" }),
      "ResourceNotFoundException",
    );
    // -1 means "keep indefinitely" and is accepted with a positive cold transition.
    await bad({ Lifecycle: { MoveToColdStorageAfterDays: 7, DeleteAfterDays: -1 } });
  });

  it("refuses continuous, cold and non-COMPLETED source recovery points", async () => {
    const { destArn } = await seedBasic(emu());
    const cont = await emu().control.seedRecoveryPoint({
      vaultName: "src",
      resourceType: "RDS",
      isContinuous: true,
    });
    const cold = await emu().control.seedRecoveryPoint({ vaultName: "src", storageClass: "COLD" });
    const partial = await emu().control.seedRecoveryPoint({ vaultName: "src", status: "PARTIAL" });
    const deleting = await emu().control.seedRecoveryPoint({ vaultName: "src", status: "DELETING" });
    const e1 = await rejectsWith(
      start({ RecoveryPointArn: cont.recoveryPointArn, DestinationBackupVaultArn: destArn }),
      "InvalidRequestException",
      400,
    );
    assert.match(e1.message, /continuous/);
    const e2 = await rejectsWith(
      start({ RecoveryPointArn: cold.recoveryPointArn, DestinationBackupVaultArn: destArn }),
      "InvalidRequestException",
    );
    assert.match(e2.message, /cold storage/);
    await rejectsWith(
      start({ RecoveryPointArn: partial.recoveryPointArn, DestinationBackupVaultArn: destArn }),
      "InvalidRequestException",
    );
    await rejectsWith(
      start({ RecoveryPointArn: deleting.recoveryPointArn, DestinationBackupVaultArn: destArn }),
      "InvalidRequestException",
    );
  });

  it("ends FAILED when the role is not assumable, the destination vault is missing, or the source vanishes", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    const other = await emu().control.seedRecoveryPoint({ vaultName: "src" });
    const third = await emu().control.seedRecoveryPoint({ vaultName: "src" });

    const noRole = await start({
      RecoveryPointArn: rpArn,
      DestinationBackupVaultArn: destArn,
      IamRoleArn: "arn:aws:iam::111111111111:role/ghost",
      IdempotencyToken: "a",
    });
    const noVault = await start({
      RecoveryPointArn: other.recoveryPointArn,
      DestinationBackupVaultArn: "arn:aws:backup:us-west-2:111111111111:backup-vault:ghost",
      IdempotencyToken: "b",
    });
    const vanish = await start({
      RecoveryPointArn: third.recoveryPointArn,
      DestinationBackupVaultArn: destArn,
      IdempotencyToken: "c",
    });
    await emu().control.advanceClock(3);
    assert.strictEqual((await describe_(vanish.CopyJobId!)).State, "RUNNING");
    await emu().control.deleteRecoveryPointOutOfBand(third.recoveryPointArn);
    await emu().control.advanceClock(60);

    const a = await describe_(noRole.CopyJobId!);
    assert.strictEqual(a.State, "FAILED");
    assert.match(a.StatusMessage!, /could not assume IAM role/);
    assert.strictEqual(a.MessageCategory, "AccessDenied");
    const b = await describe_(noVault.CopyJobId!);
    assert.strictEqual(b.State, "FAILED");
    assert.match(b.StatusMessage!, /does not exist/);
    const c = await describe_(vanish.CopyJobId!);
    assert.strictEqual(c.State, "FAILED");
    assert.match(c.StatusMessage!, /deleted while the copy was in progress/);
    assert.strictEqual(c.DestinationRecoveryPointArn, undefined);
  });

  describe("cross-account", () => {
    const destArn = `arn:aws:backup:us-east-1:${OTHER_ACCOUNT}:backup-vault:central`;
    async function run(): Promise<{
      State?: string;
      StatusMessage?: string;
      MessageCategory?: string;
      DestinationRecoveryPointArn?: string;
    }> {
      const { rpArn } = await seedBasic(emu());
      const { CopyJobId } = await start({ RecoveryPointArn: rpArn, DestinationBackupVaultArn: destArn });
      assert.strictEqual((await describe_(CopyJobId!)).State, "CREATED", "StartCopyJob itself is accepted");
      await emu().control.advanceClock(60);
      return describe_(CopyJobId!);
    }

    it("fails when the accounts are not in one organisation", async () => {
      await emu().control.seedVault({
        accountId: OTHER_ACCOUNT,
        name: "central",
        accessPolicyAllowsAccounts: ["111111111111"],
      });
      const job = await run();
      assert.strictEqual(job.State, "FAILED");
      assert.match(job.StatusMessage!, /same organization/);
    });

    it("fails when cross-account backup is disabled", async () => {
      await emu().control.seedVault({
        accountId: OTHER_ACCOUNT,
        name: "central",
        accessPolicyAllowsAccounts: ["111111111111"],
      });
      await emu().control.setOrganization({
        accounts: ["111111111111", OTHER_ACCOUNT],
        crossAccountBackupEnabled: false,
      });
      const job = await run();
      assert.strictEqual(job.State, "FAILED");
      assert.match(job.StatusMessage!, /Cross-account backup is not enabled/);
    });

    it("fails when the destination vault policy does not allow the source account", async () => {
      await emu().control.seedVault({ accountId: OTHER_ACCOUNT, name: "central" });
      await emu().control.setOrganization({
        accounts: ["111111111111", OTHER_ACCOUNT],
        crossAccountBackupEnabled: true,
      });
      const job = await run();
      assert.strictEqual(job.State, "FAILED");
      assert.strictEqual(job.StatusMessage, "Access Denied trying to call AWS Backup service");
      assert.strictEqual(job.MessageCategory, "AccessDenied");
    });

    it("completes when organisation, setting and policy allow it", async () => {
      await emu().control.seedVault({
        accountId: OTHER_ACCOUNT,
        name: "central",
        accessPolicyAllowsAccounts: ["111111111111"],
      });
      await emu().control.setOrganization({
        accounts: ["111111111111", OTHER_ACCOUNT],
        crossAccountBackupEnabled: true,
      });
      const job = await run();
      assert.strictEqual(job.State, "COMPLETED");
      await emu().control.registerCredentials({ accessKeyId: "AKIAOTHER", accountId: OTHER_ACCOUNT });
      const rp = await backupClient(emu(), {
        credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: "x" },
      }).send(
        new DescribeRecoveryPointCommand({
          BackupVaultName: "central",
          RecoveryPointArn: job.DestinationRecoveryPointArn!,
        }),
      );
      assert.strictEqual(rp.BackupVaultArn, destArn);
    });
  });

  it("fails a copy whose retention the destination vault lock refuses", async () => {
    await emu().control.seedVault({ name: "locked", region: "us-west-2", lock: { minRetentionDays: 30 } });
    const { rpArn } = await seedBasic(emu());
    const { CopyJobId } = await start({
      RecoveryPointArn: rpArn,
      DestinationBackupVaultArn: "arn:aws:backup:us-west-2:111111111111:backup-vault:locked",
      Lifecycle: { DeleteAfterDays: 7 },
    });
    await emu().control.advanceClock(60);
    const job = await describe_(CopyJobId!);
    assert.strictEqual(job.State, "FAILED");
    assert.match(job.StatusMessage!, /minimum retention period of 30 days/);
  });

  describe("idempotency token", () => {
    it("returns the same job for the same token and parameters, even after it failed", async () => {
      const { rpArn, destArn } = await seedBasic(emu());
      const input = {
        RecoveryPointArn: rpArn,
        DestinationBackupVaultArn: destArn,
        IamRoleArn: "arn:aws:iam::111111111111:role/ghost",
        IdempotencyToken: "tok",
      };
      const first = await start(input);
      await emu().control.advanceClock(60);
      assert.strictEqual((await describe_(first.CopyJobId!)).State, "FAILED");
      const again = await start(input);
      assert.strictEqual(again.CopyJobId, first.CopyJobId);
      assert.strictEqual(again.CreationDate!.getTime(), first.CreationDate!.getTime());
      assert.strictEqual((await emu().control.state()).copyJobs.length, 1);
    });

    it("refuses the same token with other parameters, and forgets it after the TTL", async () => {
      const { rpArn, destArn } = await seedBasic(emu());
      const first = await start({
        RecoveryPointArn: rpArn,
        DestinationBackupVaultArn: destArn,
        IdempotencyToken: "tok",
      });
      const err = await rejectsWith(
        start({
          RecoveryPointArn: rpArn,
          DestinationBackupVaultArn: destArn,
          IdempotencyToken: "tok",
          Lifecycle: { DeleteAfterDays: 10 },
        }),
        "InvalidRequestException",
        400,
      );
      assert.match(err.message, /idempotency token/);
      await emu().control.setSettings({ tokenTtlHours: 1 });
      await emu().control.advanceClock(3601);
      const later = await start({
        RecoveryPointArn: rpArn,
        DestinationBackupVaultArn: destArn,
        IdempotencyToken: "tok",
      });
      assert.notStrictEqual(later.CopyJobId, first.CopyJobId);
      const state = await emu().control.state();
      assert.deepStrictEqual(
        state.copyJobs.map((j) => j.idempotencyToken),
        ["tok", "tok"],
      );
    });
  });

  describe("quotas", () => {
    it("limits concurrent copies per destination region and account", async () => {
      const { destArn } = await seedBasic(emu());
      await emu().control.setSettings({ maxConcurrentCopiesPerDestinationRegion: 2 });
      const rps = [];
      for (let i = 0; i < 3; i++)
        rps.push((await emu().control.seedRecoveryPoint({ vaultName: "src" })).recoveryPointArn);
      await start({ RecoveryPointArn: rps[0], DestinationBackupVaultArn: destArn, IdempotencyToken: "1" });
      await start({ RecoveryPointArn: rps[1], DestinationBackupVaultArn: destArn, IdempotencyToken: "2" });
      const err = await rejectsWith(
        start({ RecoveryPointArn: rps[2], DestinationBackupVaultArn: destArn, IdempotencyToken: "3" }),
        "LimitExceededException",
        400,
      );
      assert.match(err.message, /concurrent copy jobs \(2\) to region us-west-2/);
      // Another destination region has its own budget.
      await emu().control.seedVault({ name: "eu", region: "eu-west-1" });
      await start({
        RecoveryPointArn: rps[2],
        DestinationBackupVaultArn: "arn:aws:backup:eu-west-1:111111111111:backup-vault:eu",
        IdempotencyToken: "4",
      });
      await emu().control.advanceClock(60);
      await start({ RecoveryPointArn: rps[2], DestinationBackupVaultArn: destArn, IdempotencyToken: "5" });
    });

    it("allows one copy job per resource at a time", async () => {
      const resourceArn = "arn:aws:ec2:us-east-1:111111111111:volume/vol-0123456789abcdef0";
      const { rpArn, destArn } = await seedBasic(emu(), { vaultName: "src", resourceArn });
      const second = await emu().control.seedRecoveryPoint({ vaultName: "src", resourceArn });
      await start({ RecoveryPointArn: rpArn, DestinationBackupVaultArn: destArn, IdempotencyToken: "1" });
      const err = await rejectsWith(
        start({
          RecoveryPointArn: second.recoveryPointArn,
          DestinationBackupVaultArn: destArn,
          IdempotencyToken: "2",
        }),
        "LimitExceededException",
      );
      assert.match(err.message, /already in progress/);
      await emu().control.advanceClock(60);
      await start({
        RecoveryPointArn: second.recoveryPointArn,
        DestinationBackupVaultArn: destArn,
        IdempotencyToken: "2",
      });
    });
  });

  it("copies composite recovery points with child jobs, PARTIAL when a child fails", async () => {
    const { rpArn, destArn } = await seedBasic(emu(), {
      vaultName: "src",
      resourceType: "CloudFormation",
      compositeChildren: 3,
    });
    const out = await start({ RecoveryPointArn: rpArn, DestinationBackupVaultArn: destArn });
    assert.strictEqual(out.IsParent, true);
    const c = backupClient(emu());
    const children = (await c.send(new ListCopyJobsCommand({ ByParentJobId: out.CopyJobId }))).CopyJobs!;
    assert.strictEqual(children.length, 3);
    assert.ok(children.every((j) => j.ParentJobId === out.CopyJobId && j.CompositeMemberIdentifier));
    let parent = await describe_(out.CopyJobId!);
    assert.strictEqual(parent.IsParent, true);
    assert.strictEqual(parent.NumberOfChildJobs, 3);
    assert.deepStrictEqual(parent.ChildJobsInState, { CREATED: 3, RUNNING: 0, COMPLETED: 0, FAILED: 0 });
    await emu().control.failCopyJob(children[0].CopyJobId!, "Injected failure");
    await emu().control.advanceClock(60);
    parent = await describe_(out.CopyJobId!);
    assert.strictEqual(parent.State, "PARTIAL");
    assert.deepStrictEqual(parent.ChildJobsInState, { CREATED: 0, RUNNING: 0, COMPLETED: 2, FAILED: 1 });
    assert.strictEqual((await describe_(children[0].CopyJobId!)).StatusMessage, "Injected failure");
  });

  it("failCopyJob forces a running job to FAILED", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    const { CopyJobId } = await start({ RecoveryPointArn: rpArn, DestinationBackupVaultArn: destArn });
    await emu().control.advanceClock(3);
    await emu().control.failCopyJob(CopyJobId!, "Access denied by test");
    const job = await describe_(CopyJobId!);
    assert.strictEqual(job.State, "FAILED");
    assert.strictEqual(job.StatusMessage, "Access denied by test");
    await assert.rejects(emu().control.failCopyJob(CopyJobId!, "again"), /already FAILED/);
  });

  it("ListCopyJobs filters by every documented filter", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    const rp2 = await emu().control.seedRecoveryPoint({ vaultName: "src", resourceType: "DynamoDB" });
    await emu().control.seedVault({ name: "eu", region: "eu-west-1" });
    const euArn = "arn:aws:backup:eu-west-1:111111111111:backup-vault:eu";
    const t0 = new Date(await emu().control.now());
    const a = await start({
      RecoveryPointArn: rpArn,
      DestinationBackupVaultArn: destArn,
      IdempotencyToken: "a",
    });
    await emu().control.advanceClock(100);
    const t1 = new Date(await emu().control.now());
    const b = await start({
      RecoveryPointArn: rp2.recoveryPointArn,
      DestinationBackupVaultArn: euArn,
      IdempotencyToken: "b",
      IamRoleArn: "arn:aws:iam::111111111111:role/ghost",
    });
    await emu().control.advanceClock(100);
    const c = backupClient(emu());
    const ids = async (input: ListCopyJobsCommandInput) =>
      ((await c.send(new ListCopyJobsCommand(input))).CopyJobs ?? []).map((j) => j.CopyJobId);
    assert.deepStrictEqual(await ids({}), [b.CopyJobId, a.CopyJobId], "newest first");
    assert.deepStrictEqual(await ids({ ByState: "FAILED" }), [b.CopyJobId]);
    assert.deepStrictEqual(await ids({ ByState: "COMPLETED" }), [a.CopyJobId]);
    assert.deepStrictEqual(await ids({ ByCreatedAfter: t1 }), [b.CopyJobId]);
    assert.deepStrictEqual(await ids({ ByCreatedBefore: new Date(t1.getTime() - 1) }), [a.CopyJobId]);
    assert.deepStrictEqual(await ids({ ByCompleteAfter: t0, ByCompleteBefore: new Date(t1.getTime() - 1) }), [
      a.CopyJobId,
    ]);
    assert.deepStrictEqual(await ids({ ByDestinationVaultArn: euArn }), [b.CopyJobId]);
    assert.deepStrictEqual(await ids({ ByResourceType: "DynamoDB" }), [b.CopyJobId]);
    assert.deepStrictEqual(await ids({ BySourceRecoveryPointArn: rpArn }), [a.CopyJobId]);
    assert.deepStrictEqual(await ids({ ByMessageCategory: "AccessDenied" }), [b.CopyJobId]);
    assert.deepStrictEqual(await ids({ ByMessageCategory: "ANY" }), [b.CopyJobId, a.CopyJobId]);
    assert.deepStrictEqual(await ids({ ByAccountId: "999999999999" }), []);
    const job = await describe_(a.CopyJobId!);
    assert.deepStrictEqual(await ids({ ByResourceArn: job.ResourceArn }), [a.CopyJobId]);
    await rejectsWith(
      c.send(new ListCopyJobsCommand({ MaxResults: 0 })),
      "InvalidParameterValueException",
      400,
    );
    await rejectsWith(
      c.send(new ListCopyJobsCommand({ MaxResults: 1001 })),
      "InvalidParameterValueException",
    );
    await rejectsWith(
      c.send(new ListCopyJobsCommand({ NextToken: "garbage" })),
      "InvalidParameterValueException",
    );
    // Jobs are per region: the other region's client sees none of them.
    assert.deepStrictEqual(
      (await backupClient(emu(), { region: "us-west-2" }).send(new ListCopyJobsCommand({}))).CopyJobs,
      [],
    );
  });

  it("paginates ListCopyJobs with the SDK paginator", async () => {
    const { destArn } = await seedBasic(emu());
    for (let i = 0; i < 23; i++) {
      const rp = await emu().control.seedRecoveryPoint({ vaultName: "src" });
      await start({
        RecoveryPointArn: rp.recoveryPointArn,
        DestinationBackupVaultArn: destArn,
        IdempotencyToken: `p${i}`,
      });
      await emu().control.advanceClock(1);
    }
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateListCopyJobs({ client: backupClient(emu()), pageSize: 5 }, {})) {
      pages++;
      ids.push(...page.CopyJobs!.map((j) => j.CopyJobId!));
    }
    assert.strictEqual(pages, 5);
    assert.strictEqual(new Set(ids).size, 23);
    const state = await emu().control.state();
    assert.deepStrictEqual(ids, state.copyJobs.map((j) => j.copyJobId).reverse());
  });

  it("forgets jobs older than the job history", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    const { CopyJobId } = await start({ RecoveryPointArn: rpArn, DestinationBackupVaultArn: destArn });
    await emu().control.advanceClock(29 * 86_400);
    assert.strictEqual((await describe_(CopyJobId!)).State, "COMPLETED");
    await emu().control.advanceClock(2 * 86_400);
    await rejectsWith(describe_(CopyJobId!), "ResourceNotFoundException", 400);
    assert.deepStrictEqual((await backupClient(emu()).send(new ListCopyJobsCommand({}))).CopyJobs, []);
  });
});
