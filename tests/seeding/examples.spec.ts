/**
 * Each example program, run under pulumi.runtime.setMocks with its stack config set: the CopyJob inputs it
 * declares. seed-staging looks its recovery points up with getLatestRecoveryPointOutput, against the emulator.
 */
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { join } from "path";
import {
  ebsVolume,
  Emulated,
  SOURCE_ACCOUNT,
  SOURCE_REGION,
  STAGING_ACCOUNT,
  startEmulated,
} from "./helpers";

const COPY_JOB = "pulumi-nodejs:dynamic/backup-copy:CopyJob";
const ROOT = join(__dirname, "../..");

// The examples import the package by name, as a user's program does; resolve it to the sources here (the
// type-checker does the same through tsconfig's paths).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const Module = require("module") as any;
const originalResolve = Module._resolveFilename;

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Runs examples/NAME/index.ts under mocks with `config` (keys without the project prefix unless they have one). */
async function runExample(
  name: string,
  config: Record<string, unknown>,
  secretKeys: string[] = [],
): Promise<{ resources: Registered[]; exports: Record<string, unknown> }> {
  const resources: Registered[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      resources.push({ type: args.type, name: args.name, inputs: args.inputs });
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === COPY_JOB) {
        state.copyJobId = `job-${args.name}`;
        state.state = "COMPLETED";
        state.destinationRecoveryPointArn = `${args.inputs.destinationBackupVaultArn}/copy-of-${args.name}`;
      }
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      return args.inputs;
    },
  };
  await pulumi.runtime.setMocks(mocks, name, "test", false);
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    all[k.includes(":") ? k : `${name}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  pulumi.runtime.setAllConfig(
    all,
    secretKeys.map((k) => (k.includes(":") ? k : `${name}:${k}`)),
  );
  const file = join(ROOT, "examples", name, "index.ts");
  delete require.cache[require.resolve(file)];
  const exports = require(file) as Record<string, unknown>;
  // Let every registration and apply settle.
  const resolved = await settle(exports);
  return { resources, exports: resolved };
}

async function settle(value: unknown): Promise<Record<string, unknown>> {
  const out = await new Promise<unknown>((resolve) =>
    pulumi.output(value as pulumi.Input<Record<string, unknown>>).apply((v) => {
      resolve(v);
      return v;
    }),
  );
  await new Promise((r) => setTimeout(r, 50));
  return out as Record<string, unknown>;
}

/** The CopyJobs registered, by name (registration order follows the outputs they wait on). */
const copyJobs = (resources: Registered[]) =>
  resources.filter((r) => r.type === COPY_JOB).sort((a, b) => a.name.localeCompare(b.name));

describe("seeding: the example programs under mocks", function () {
  before(() => {
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
      const target = request === "pulumi-backup-copy" ? join(ROOT, "provider/index.ts") : request;
      return originalResolve.call(this, target, ...rest);
    };
  });
  after(() => (Module._resolveFilename = originalResolve));

  it("cross-region-dr: one retained copy into the DR vault in another region, from config", async () => {
    const drVault = "arn:aws:backup:us-west-2:111111111111:backup-vault:dr-vault";
    const rp = "arn:aws:backup:us-east-1:111111111111:recovery-point:11111111-2222-3333-4444-555555555555";
    const role = "arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole";
    const { resources, exports } = await runExample("cross-region-dr", {
      "aws:region": "us-east-1",
      recoveryPointArn: rp,
      drVaultArn: drVault,
      copyRoleArn: role,
      sourceVaultName: "prod-vault",
    });
    assert.deepEqual(
      resources.map((r) => r.type),
      [COPY_JOB],
      "with the ARNs in config, no @pulumi/aws resource is created",
    );
    const [copy] = copyJobs(resources);
    assert.equal(copy.name, "prod-to-dr");
    assert.equal(copy.inputs.recoveryPointArn, rp);
    assert.equal(copy.inputs.sourceBackupVaultName, "prod-vault");
    assert.equal(copy.inputs.destinationBackupVaultArn, drVault);
    assert.equal(copy.inputs.iamRoleArn, role);
    assert.equal(copy.inputs.region, "us-east-1");
    assert.equal(copy.inputs.onDelete, "retain");
    assert.deepEqual(copy.inputs.lifecycle, { moveToColdStorageAfterDays: 30, deleteAfterDays: 365 });
    assert.equal(copy.inputs.tokenScope, "cross-region-dr/test/prod-to-dr");
    assert.equal(typeof copy.inputs.__provider, "string", "the provider is serialized into the inputs");
    assert.equal(exports.copyJobId, "job-prod-to-dr");
  });

  it("cross-region-dr: without config it declares the DR vault (kept on destroy) and the copy role", async () => {
    const { resources } = await runExample("cross-region-dr", {
      "aws:region": "us-east-1",
      recoveryPointArn: "arn:aws:backup:us-east-1:111111111111:recovery-point:abc",
      drRegion: "eu-central-1",
    });
    const vault = resources.find((r) => r.type === "aws:backup/vault:Vault");
    assert.ok(vault, resources.map((r) => r.type).join(", "));
    assert.equal(vault.inputs.region, "eu-central-1");
    assert.ok(resources.some((r) => r.type === "aws:iam/role:Role"));
    const [copy] = copyJobs(resources);
    assert.equal(
      copy.inputs.destinationBackupVaultArn,
      undefined,
      "the vault's ARN is an output of the mocks",
    );
  });

  it("drift: one copy with onDelete delete, from config", async () => {
    const vault = "arn:aws:backup:us-east-1:111111111111:backup-vault:drift-vault";
    const rp = "arn:aws:backup:us-east-1:111111111111:recovery-point:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    const { resources } = await runExample("drift", {
      "aws:region": "us-east-1",
      recoveryPointArn: rp,
      destinationVaultArn: vault,
      copyRoleArn: "arn:aws:iam::111111111111:role/copy",
    });
    const copies = copyJobs(resources);
    assert.equal(resources.length, 1);
    assert.equal(copies[0].inputs.recoveryPointArn, rp);
    assert.equal(copies[0].inputs.destinationBackupVaultArn, vault);
    assert.equal(copies[0].inputs.onDelete, "delete");
    assert.deepEqual(copies[0].inputs.lifecycle, { deleteAfterDays: 30 });
  });

  describe("seed-staging, with getLatestRecoveryPointOutput against the emulator", function () {
    let env: Emulated;
    const db = "arn:aws:rds:us-east-1:111111111111:db:orders";
    const volume = ebsVolume(42);
    const newest: Record<string, string> = {};

    before(async () => {
      env = await startEmulated();
      const control = env.emulator.control;
      await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
      await control.seedVault({ region: SOURCE_REGION, name: "other-vault" });
      const now = Date.parse(await control.now());
      const at = (hoursAgo: number) => new Date(now - hoursAgo * 3600_000).toISOString();
      const seed = async (resourceArn: string, resourceType: string, hoursAgo: number, more = {}) =>
        (
          await control.seedRecoveryPoint({
            region: SOURCE_REGION,
            vaultName: "prod-vault",
            resourceArn,
            resourceType,
            creationDate: at(hoursAgo),
            ...more,
          })
        ).recoveryPointArn;
      await seed(db, "RDS", 48);
      newest[db] = await seed(db, "RDS", 24);
      await seed(db, "RDS", 1, { status: "PARTIAL" }); // newer, but not COMPLETED
      await seed(db, "RDS", 2, { vaultName: "other-vault" }); // newer, but in another vault
      await seed(volume, "EBS", 30);
      newest[volume] = await seed(volume, "EBS", 6);
    });
    after(() => env?.stop());

    it("copies the newest COMPLETED recovery point of each resource into the staging vault, through the staging role", async () => {
      const stagingVault = `arn:aws:backup:eu-west-1:${STAGING_ACCOUNT}:backup-vault:staging-vault`;
      const stagingRole = `arn:aws:iam::${STAGING_ACCOUNT}:role/pulumi-backup-copy-staging`;
      const copyRole = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
      const { resources, exports } = await runExample(
        "seed-staging",
        {
          "aws:region": SOURCE_REGION,
          productionResources: [db, volume],
          productionVaultName: "prod-vault",
          stagingVaultArn: stagingVault,
          stagingRoleArn: stagingRole,
          copyRoleArn: copyRole,
          stagingExternalId: "staging-external-id",
        },
        ["stagingExternalId"],
      );
      const copies = copyJobs(resources);
      assert.equal(resources.length, 2, "with the ARNs in config, only the two copies");
      assert.deepEqual(
        copies.map((c) => c.name),
        ["staging-seed-0", "staging-seed-1"],
      );
      for (const [copy, resource] of [
        [copies[0], db],
        [copies[1], volume],
      ] as const) {
        assert.equal(
          copy.inputs.recoveryPointArn,
          newest[resource],
          `the newest COMPLETED point of ${resource}`,
        );
        assert.equal(copy.inputs.sourceBackupVaultName, "prod-vault");
        assert.equal(copy.inputs.destinationBackupVaultArn, stagingVault);
        assert.equal(copy.inputs.iamRoleArn, copyRole);
        assert.equal(copy.inputs.destinationRoleArn, stagingRole);
        const externalId = copy.inputs.destinationExternalId as Record<string, unknown>;
        assert.equal(externalId[pulumi.runtime.specialSigKey], pulumi.runtime.specialSecretSig, "a secret");
        assert.equal(externalId.value, "staging-external-id");
        assert.equal(copy.inputs.onDelete, "delete");
        assert.deepEqual(copy.inputs.lifecycle, { deleteAfterDays: 14 });
      }
      const listed = exports.copies as Array<Record<string, string>>;
      assert.equal(listed[0].sourceRecoveryPointArn, newest[db]);
      assert.match(listed[0].sourceCreationDate, /^\d{4}-\d\d-\d\dT/);
    });

    it("without productionVaultName it searches every vault of the resource (the newer point in other-vault wins)", async () => {
      const { resources } = await runExample(
        "seed-staging",
        {
          "aws:region": SOURCE_REGION,
          productionResources: [db, volume],
          stagingVaultArn: `arn:aws:backup:eu-west-1:${STAGING_ACCOUNT}:backup-vault:staging-vault`,
          stagingRoleArn: `arn:aws:iam::${STAGING_ACCOUNT}:role/pulumi-backup-copy-staging`,
          copyRoleArn: `arn:aws:iam::${SOURCE_ACCOUNT}:role/copy`,
          stagingExternalId: "staging-external-id",
        },
        ["stagingExternalId"],
      );
      const [dbCopy, volumeCopy] = copyJobs(resources);
      assert.equal(dbCopy.inputs.sourceBackupVaultName, "other-vault");
      assert.notEqual(dbCopy.inputs.recoveryPointArn, newest[db]);
      assert.equal(volumeCopy.inputs.recoveryPointArn, newest[volume]);
    });
  });
});
