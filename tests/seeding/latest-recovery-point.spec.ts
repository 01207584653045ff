/** getLatestRecoveryPoint against the emulator: the newest COMPLETED point, each filter, and clear failures. */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { getLatestRecoveryPoint } from "../../provider/latest-recovery-point";
import { ebsVolume, Emulated, failure, SOURCE_REGION, startEmulated } from "./helpers";

describe("seeding: getLatestRecoveryPoint", function () {
  let env: Emulated;
  const db = "arn:aws:rds:us-east-1:111111111111:db:orders";
  const volume = ebsVolume(7);
  const points: Record<string, string> = {};
  let now = 0;

  before(async () => {
    env = await startEmulated();
    const control = env.emulator.control;
    await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
    await control.seedVault({ region: SOURCE_REGION, name: "other-vault" });
    await control.seedVault({ region: "eu-west-1", name: "prod-vault" });
    now = Date.parse(await control.now());
    const seed = async (
      key: string,
      resourceArn: string,
      resourceType: string,
      hoursAgo: number,
      more = {},
    ) => {
      points[key] = (
        await control.seedRecoveryPoint({
          region: SOURCE_REGION,
          vaultName: "prod-vault",
          resourceArn,
          resourceType,
          creationDate: new Date(now - hoursAgo * 3600_000).toISOString(),
          ...more,
        })
      ).recoveryPointArn;
    };
    await seed("db-old", db, "RDS", 72);
    await seed("db-mid", db, "RDS", 24);
    await seed("db-partial", db, "RDS", 1, { status: "PARTIAL" });
    await seed("db-other-vault", db, "RDS", 3, { vaultName: "other-vault" });
    await seed("vol-new", volume, "EBS", 2);
    await seed("eu", "arn:aws:rds:eu-west-1:111111111111:db:eu", "RDS", 0.5, { region: "eu-west-1" });
  });
  after(() => env?.stop());

  it("the newest COMPLETED recovery point of a vault, with every field", async () => {
    const latest = await getLatestRecoveryPoint({ backupVaultName: "prod-vault", region: SOURCE_REGION });
    assert.deepEqual(latest, {
      recoveryPointArn: points["vol-new"],
      backupVaultName: "prod-vault",
      creationDate: new Date(now - 2 * 3600_000).toISOString(),
      resourceArn: volume,
      resourceType: "EBS",
    });
  });

  it("filters by resource and type within a vault, skipping PARTIAL points", async () => {
    const byResource = await getLatestRecoveryPoint({ backupVaultName: "prod-vault", resourceArn: db });
    assert.equal(byResource.recoveryPointArn, points["db-mid"]);
    const byType = await getLatestRecoveryPoint({ backupVaultName: "prod-vault", resourceType: "RDS" });
    assert.equal(byType.recoveryPointArn, points["db-mid"]);
  });

  it("by resource across vaults when no vault is given (ListRecoveryPointsByResource), with its type", async () => {
    const latest = await getLatestRecoveryPoint({ resourceArn: db, region: SOURCE_REGION });
    assert.equal(latest.recoveryPointArn, points["db-other-vault"]);
    assert.equal(latest.backupVaultName, "other-vault");
    assert.equal(latest.resourceType, "RDS");
    assert.equal(latest.resourceArn, db);
  });

  it("createdBefore pins the search", async () => {
    const before = new Date(now - 30 * 3600_000).toISOString();
    const latest = await getLatestRecoveryPoint({
      backupVaultName: "prod-vault",
      resourceArn: db,
      createdBefore: before,
    });
    assert.equal(latest.recoveryPointArn, points["db-old"]);
    const viaResource = await getLatestRecoveryPoint({ resourceArn: db, createdBefore: new Date(before) });
    assert.equal(viaResource.recoveryPointArn, points["db-old"]);
  });

  it("searches the region given, not AWS_REGION", async () => {
    const latest = await getLatestRecoveryPoint({ backupVaultName: "prod-vault", region: "eu-west-1" });
    assert.equal(latest.recoveryPointArn, points["eu"]);
  });

  it("fails naming the filters when nothing matches, and explains a missing vault", async () => {
    const none = await failure(() =>
      getLatestRecoveryPoint({ backupVaultName: "prod-vault", resourceArn: db, resourceType: "EBS" }),
    );
    assert.match(
      none.message,
      /no COMPLETED recovery point matches backupVaultName=prod-vault, resourceArn=.*db:orders, resourceType=EBS, region=us-east-1/,
    );
    const typeMismatch = await failure(() =>
      getLatestRecoveryPoint({ resourceArn: db, resourceType: "EBS" }),
    );
    assert.match(typeMismatch.message, /no COMPLETED recovery point matches resourceArn=.*resourceType=EBS/);
    const missing = await failure(() => getLatestRecoveryPoint({ backupVaultName: "no-such-vault" }));
    assert.match(
      missing.message,
      /getLatestRecoveryPoint \(backupVaultName=no-such-vault.*ResourceNotFoundException/,
    );
    const neither = await failure(() => getLatestRecoveryPoint({ resourceType: "RDS" }));
    assert.match(neither.message, /needs backupVaultName, resourceArn or both/);
    const badDate = await failure(() =>
      getLatestRecoveryPoint({ backupVaultName: "prod-vault", createdBefore: "yesterday" }),
    );
    assert.match(badDate.message, /createdBefore 'yesterday' is not an ISO-8601 date/);
    // The user's own mistakes end `pulumi up` with the message alone (issue 21): RunErrors, still Errors.
    for (const e of [none, typeMismatch, neither, badDate]) {
      assert.ok(pulumi.RunError.isInstance(e), `not a RunError: ${e.message}`);
      assert.ok(e instanceof Error);
    }
  });
});
