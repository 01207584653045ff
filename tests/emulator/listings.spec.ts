import {
  DescribeProtectedResourceCommand,
  ListBackupJobsCommand,
  ListBackupJobsCommandInput,
  ListCopyJobSummariesCommand,
  ListCopyJobSummariesCommandInput,
  ListProtectedResourcesCommand,
  paginateListBackupJobs,
  paginateListProtectedResources,
  StartBackupJobCommand,
  StartCopyJobCommand,
} from "@aws-sdk/client-backup";
import * as assert from "assert";
import { backupClient, rejectsWith, ROLE, seedBasic, useEmulator } from "./helpers";

/** ListBackupJobs, ListProtectedResources / DescribeProtectedResource and ListCopyJobSummaries (issue 14). */
describe("emulator: job lists, protected resources and copy job summaries", () => {
  const emu = useEmulator();
  const c = () => backupClient(emu());
  const volume = (n: number) => `arn:aws:ec2:us-east-1:111111111111:volume/vol-${String(n).padStart(8, "0")}`;

  it("ListBackupJobs: newest first, filtered, paginated; only the caller's jobs", async () => {
    await emu().control.seedVault({ name: "v1" });
    await emu().control.seedVault({ name: "v2" });
    await emu().control.seedRole({ arn: ROLE });
    const ids: string[] = [];
    for (const [i, vault] of ["v1", "v2", "v1"].entries()) {
      const { BackupJobId } = await c().send(
        new StartBackupJobCommand({ BackupVaultName: vault, ResourceArn: volume(i), IamRoleArn: ROLE }),
      );
      ids.push(BackupJobId!);
      // 1 GiB at 100 MiB/s after 2 s CREATED: the first two complete, the last is still RUNNING.
      await emu().control.advanceClock(i < 2 ? 100 : 5);
    }
    const list = async (input: ListBackupJobsCommandInput) =>
      ((await c().send(new ListBackupJobsCommand(input))).BackupJobs ?? []).map((j) => j.BackupJobId);
    assert.deepStrictEqual(await list({}), [ids[2], ids[1], ids[0]]);
    assert.deepStrictEqual(await list({ ByBackupVaultName: "v1" }), [ids[2], ids[0]]);
    assert.deepStrictEqual(await list({ ByResourceArn: volume(1) }), [ids[1]]);
    assert.deepStrictEqual(await list({ ByState: "COMPLETED" }), [ids[1], ids[0]]);
    assert.deepStrictEqual(await list({ ByState: "RUNNING" }), [ids[2]]);
    assert.deepStrictEqual(await list({ ByAccountId: "999999999999" }), []);
    await rejectsWith(
      c().send(new ListBackupJobsCommand({ MaxResults: 0 })),
      "InvalidParameterValueException",
    );
    const [first] = (await c().send(new ListBackupJobsCommand({ ByBackupVaultName: "v1" }))).BackupJobs!;
    assert.strictEqual(first.BackupVaultName, "v1");
    assert.ok(first.CreationDate instanceof Date);
    assert.strictEqual(first.ResourceType, "EBS");
    const paged: string[] = [];
    for await (const page of paginateListBackupJobs({ client: c(), pageSize: 2 }, {}))
      paged.push(...page.BackupJobs!.map((j) => j.BackupJobId!));
    assert.deepStrictEqual(paged, [ids[2], ids[1], ids[0]]);
    const other = backupClient(emu(), { region: "eu-west-1" });
    assert.deepStrictEqual((await other.send(new ListBackupJobsCommand({}))).BackupJobs, []);
  });

  it("ListProtectedResources / DescribeProtectedResource: each resource by its newest recovery point", async () => {
    await emu().control.seedVault({ name: "va" });
    await emu().control.seedVault({ name: "vb" });
    const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();
    await emu().control.seedRecoveryPoint({ vaultName: "va", resourceArn: volume(1), creationDate: day(1) });
    const newest = await emu().control.seedRecoveryPoint({
      vaultName: "vb",
      resourceArn: volume(1),
      creationDate: day(3),
    });
    await emu().control.seedRecoveryPoint({ vaultName: "va", resourceArn: volume(2), creationDate: day(2) });
    await emu().control.seedRecoveryPoint({
      vaultName: "va",
      resourceType: "DynamoDB",
      compositeChildren: 2,
    });
    const all = (await c().send(new ListProtectedResourcesCommand({}))).Results!;
    assert.strictEqual(all.length, 3, "composite members are not listed on their own");
    const d = await c().send(new DescribeProtectedResourceCommand({ ResourceArn: volume(1) }));
    assert.deepStrictEqual(
      {
        type: d.ResourceType,
        name: d.ResourceName,
        last: d.LastBackupTime?.toISOString(),
        vault: d.LastBackupVaultArn,
        rp: d.LastRecoveryPointArn,
      },
      {
        type: "EBS",
        name: "vol-00000001",
        last: day(3),
        vault: "arn:aws:backup:us-east-1:111111111111:backup-vault:vb",
        rp: newest.recoveryPointArn,
      },
    );
    const { $metadata: _, ...described } = d;
    assert.deepStrictEqual(
      all.find((r) => r.ResourceArn === volume(1)),
      described,
      "the list shows what Describe shows",
    );
    const paged: string[] = [];
    for await (const page of paginateListProtectedResources({ client: c(), pageSize: 2 }, {}))
      paged.push(...page.Results!.map((r) => r.ResourceArn!));
    assert.deepStrictEqual(paged, [...all.map((r) => r.ResourceArn!)].sort());
    await rejectsWith(
      c().send(new DescribeProtectedResourceCommand({ ResourceArn: volume(9) })),
      "ResourceNotFoundException",
    );
    await emu().control.deleteRecoveryPointOutOfBand(newest.recoveryPointArn);
    const again = await c().send(new DescribeProtectedResourceCommand({ ResourceArn: volume(1) }));
    assert.strictEqual(again.LastBackupTime?.toISOString(), day(1), "falls back to the older point");
  });

  it("ListCopyJobSummaries: counts per day and state, ANY / AGGREGATE_ALL, and the 14-day window", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    const start = async (rp: string, role = ROLE) =>
      c().send(
        new StartCopyJobCommand({
          RecoveryPointArn: rp,
          SourceBackupVaultName: "src",
          DestinationBackupVaultArn: destArn,
          IamRoleArn: role,
        }),
      );
    await start(rpArn);
    await emu().control.advanceClock(3600);
    const second = await emu().control.seedRecoveryPoint({ vaultName: "src", resourceType: "DynamoDB" });
    await emu().control.seedRole({ arn: "arn:aws:iam::111111111111:role/closed", assumableByBackup: false });
    await start(second.recoveryPointArn, "arn:aws:iam::111111111111:role/closed");
    await emu().control.advanceClock(3600);

    const rows = async (input: ListCopyJobSummariesCommandInput) => {
      const out = await c().send(new ListCopyJobSummariesCommand(input));
      return (out.CopyJobSummaries ?? []).map((s) => ({
        state: s.State,
        type: s.ResourceType,
        category: s.MessageCategory,
        count: s.Count,
        account: s.AccountId,
        region: s.Region,
        days: (s.EndTime!.getTime() - s.StartTime!.getTime()) / 86_400_000,
      }));
    };
    const byState = await rows({ AggregationPeriod: "FOURTEEN_DAYS" });
    assert.deepStrictEqual(byState.map((r) => `${r.state} ${r.type} ${r.category} ${r.count}`).sort(), [
      "COMPLETED EBS SUCCESS 1",
      "FAILED DynamoDB AccessDenied 1",
    ]);
    assert.ok(
      byState.every((r) => r.account === "111111111111" && r.region === "us-east-1" && r.days === 14),
    );
    const summed = await rows({
      AggregationPeriod: "SEVEN_DAYS",
      State: "AGGREGATE_ALL",
      ResourceType: "AGGREGATE_ALL",
      MessageCategory: "AGGREGATE_ALL",
    });
    assert.deepStrictEqual(
      summed.map((r) => [r.state, r.type, r.category, r.count, r.days]),
      [["AGGREGATE_ALL", "AGGREGATE_ALL", "AGGREGATE_ALL", 2, 7]],
    );
    assert.deepStrictEqual(
      (await rows({ State: "FAILED" })).map((r) => [r.type, r.count, r.days]),
      [["DynamoDB", 1, 1]],
    );
    assert.deepStrictEqual(await rows({ MessageCategory: "accessdenied", State: "COMPLETED" }), []);
    await rejectsWith(
      c().send(new ListCopyJobSummariesCommand({ AggregationPeriod: "ONE_YEAR" as never })),
      "InvalidParameterValueException",
    );
    await rejectsWith(
      c().send(new ListCopyJobSummariesCommand({ MaxResults: 501 })),
      "InvalidParameterValueException",
    );
    await emu().control.advanceClock(15 * 86_400);
    assert.deepStrictEqual(await rows({ AggregationPeriod: "FOURTEEN_DAYS" }), [], "older than 14 days");
  });
});
