/**
 * Least privilege: the whole provider lifecycle (getLatestRecoveryPoint, check, create, read, lifecycle update,
 * delete with onDelete "delete", a token-conflict adoption, a delete refused by a vault lock, a destinationRoleArn
 * copy) passes with exactly the actions docs/iam.md lists, and each action, taken away alone, makes some step
 * fail with an AccessDenied that names it.
 */
import { strict as assert } from "assert";
import { readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { getLatestRecoveryPoint } from "../../provider/latest-recovery-point";
import {
  checked,
  COPY_ROLE_ARN,
  Emulated,
  FAST_POLLING,
  ebsVolume,
  GiB,
  SOURCE_ACCOUNT,
  SOURCE_REGION,
  startEmulated,
} from "./helpers";

/** Source account: the credentials Pulumi runs with. */
export const SOURCE_ACTIONS = [
  "backup:StartCopyJob",
  "backup:DescribeCopyJob",
  "backup:ListCopyJobs",
  "iam:PassRole",
  "backup:ListRecoveryPointsByBackupVault",
  "backup:ListRecoveryPointsByResource",
  "backup:DescribeRecoveryPoint",
  "sts:AssumeRole",
];
/** Destination account: destinationRoleArn (or the caller, for a copy within one account). */
export const DESTINATION_ACTIONS = [
  "backup:DescribeRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DeleteRecoveryPoint",
  "backup:DescribeBackupVault",
];
const ALL = [...new Set([...SOURCE_ACTIONS, ...DESTINATION_ACTIONS])];

/** Every SDK command the provider sends, and the IAM action it needs. */
const ACTION_OF_COMMAND: Record<string, string> = {
  StartCopyJob: "backup:StartCopyJob",
  DescribeCopyJob: "backup:DescribeCopyJob",
  ListCopyJobs: "backup:ListCopyJobs",
  DescribeRecoveryPoint: "backup:DescribeRecoveryPoint",
  UpdateRecoveryPointLifecycle: "backup:UpdateRecoveryPointLifecycle",
  DeleteRecoveryPoint: "backup:DeleteRecoveryPoint",
  DescribeBackupVault: "backup:DescribeBackupVault",
  ListRecoveryPointsByBackupVault: "backup:ListRecoveryPointsByBackupVault",
  ListRecoveryPointsByResource: "backup:ListRecoveryPointsByResource",
};

const DEST_REGION = "us-west-2";
const WRITER_ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/dr-vault-writer`;
const KEY = { accessKeyId: "AKIALEASTPRIVILEGE01", secretAccessKey: "least-privilege-secret" };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("seeding: least privilege", function () {
  let env: Emulated;
  let destinationVaultArn: string;
  let lockedVaultArn: string;
  let n = 0;
  let keyN = 0;

  before(async () => {
    // Strict IAM, as the emulator was before issue 14: only registered keys, only seeded roles.
    env = await startEmulated({ enforceIam: true });
    const control = env.emulator.control;
    await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
    ({ backupVaultArn: destinationVaultArn } = await control.seedVault({
      region: DEST_REGION,
      name: "dr-vault",
    }));
    ({ backupVaultArn: lockedVaultArn } = await control.seedVault({
      region: DEST_REGION,
      name: "locked-vault",
      lock: { minRetentionDays: 7 },
    }));
    await control.seedRole({ arn: COPY_ROLE_ARN });
    await control.seedRole({
      arn: WRITER_ROLE_ARN,
      assumableByBackup: false,
      trustedAccounts: [SOURCE_ACCOUNT],
    });
  });
  after(() => env?.stop());

  /** A fresh key allowed exactly `actions`; every client made from now on uses it. */
  async function allow(actions: string[]) {
    const accessKeyId = `${KEY.accessKeyId}${String(++keyN).padStart(3, "0")}`;
    await env.emulator.control.registerCredentials({
      accessKeyId,
      secretAccessKey: KEY.secretAccessKey,
      accountId: SOURCE_ACCOUNT,
      allowedActions: actions,
    });
    env.useKeys(accessKeyId, KEY.secretAccessKey);
  }

  async function recoveryPoint(): Promise<{ rp: string; resource: string }> {
    const resource = ebsVolume(1000 + ++n);
    const { recoveryPointArn } = await env.emulator.control.seedRecoveryPoint({
      region: SOURCE_REGION,
      vaultName: "prod-vault",
      resourceArn: resource,
      resourceType: "EBS",
      backupSizeInBytes: 2 * GiB,
    });
    return { rp: recoveryPointArn, resource };
  }

  function inputs(rp: string, more: Record<string, unknown> = {}) {
    return {
      recoveryPointArn: rp,
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: destinationVaultArn,
      iamRoleArn: COPY_ROLE_ARN,
      onDelete: "delete",
      lifecycle: { deleteAfterDays: 35 },
      polling: FAST_POLLING,
      tokenScope: `least/privilege/${n}`,
      __provider: "serialized-provider-text",
      ...more,
    };
  }

  /** Every step the provider takes in AWS. Throws the first step's error, prefixed with the step. */
  async function lifecycle(): Promise<void> {
    const p = env.provider;
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (error) {
        const e = error as Error;
        e.message = `[${name}] ${e.message}`;
        throw e;
      }
    };
    const quiet = console.log;
    console.log = () => undefined;
    try {
      const { rp, resource } = await recoveryPoint();
      const byVault = await step("getLatestRecoveryPoint by vault", () =>
        getLatestRecoveryPoint({
          backupVaultName: "prod-vault",
          resourceArn: resource,
          region: SOURCE_REGION,
        }),
      );
      assert.equal(byVault.recoveryPointArn, rp);
      const byResource = await step("getLatestRecoveryPoint by resource", () =>
        getLatestRecoveryPoint({ resourceArn: resource, region: SOURCE_REGION }),
      );
      assert.equal(byResource.resourceType, "EBS");

      const news = await checked(p, inputs(rp));
      const { id, outs } = await step("create", () => p.create(news));
      assert.equal(outs.state, "COMPLETED");
      const read = await step("read", () => p.read(id, { ...outs }));
      assert.equal(read.id, id);
      const changed = { ...news, lifecycle: { deleteAfterDays: 60 } };
      const updated = await step("update lifecycle", () => p.update(id, outs, changed));
      assert.equal(updated.outs!.destinationRecoveryPoint.lifecycle.deleteAfterDays, 60);
      await step("delete", () => p.delete(id, updated.outs!));

      // An interrupted create, run again after the lifecycle changed: the token was used with other parameters.
      const second = await recoveryPoint();
      const first = await checked(p, inputs(second.rp));
      await step("create, not waiting", () => p.create({ ...first, waitForCompletion: false }));
      const adopted = await step("create after a token conflict", () =>
        p.create({ ...first, lifecycle: { deleteAfterDays: 40 } }),
      );
      assert.equal(adopted.outs.destinationRecoveryPoint.lifecycle.deleteAfterDays, 40);

      // A vault lock refuses the delete: the lifecycle is shortened to the earliest expiry instead.
      const third = await recoveryPoint();
      const locked = await checked(p, inputs(third.rp, { destinationBackupVaultArn: lockedVaultArn }));
      const inLocked = await step("create in a locked vault", () => p.create(locked));
      await step("delete from a locked vault", () => p.delete(inLocked.id, inLocked.outs));

      // Destination-side calls through destinationRoleArn.
      const fourth = await recoveryPoint();
      const viaRole = await checked(
        p,
        inputs(fourth.rp, { destinationRoleArn: WRITER_ROLE_ARN, onDelete: "retain" }),
      );
      const roled = await step("create with destinationRoleArn", () => p.create(viaRole));
      assert.equal(roled.outs.destinationRecoveryPoint.status, "COMPLETED");
    } finally {
      console.log = quiet;
    }
  }

  it("every SDK command in provider/ needs an action of the documented list", () => {
    const text = sourceFiles(join(__dirname, "../../provider"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const commands = new Set<string>();
    for (const m of text.matchAll(/new (\w+)Command\(|paginate(\w+)\(/g)) commands.add(m[1] ?? m[2]);
    assert.ok(commands.size >= 9, [...commands].join(", "));
    for (const command of commands) {
      const action = ACTION_OF_COMMAND[command];
      assert.ok(action, `provider/ sends ${command}: add its IAM action to docs/iam.md and this spec`);
      assert.ok(ALL.includes(action), `${action} is missing from the least-privilege list`);
    }
    const doc = readFileSync(join(__dirname, "../../docs/iam.md"), "utf8");
    for (const action of ALL) assert.ok(doc.includes(`"${action}"`), `docs/iam.md does not list ${action}`);
  });

  it("the whole lifecycle passes with exactly the documented actions", async () => {
    await allow(ALL);
    await lifecycle();
  });

  for (const action of ALL) {
    it(`without ${action} alone, a step fails with an AccessDenied naming it`, async () => {
      await allow(ALL.filter((a) => a !== action));
      let error: Error | undefined;
      try {
        await lifecycle();
      } catch (e) {
        error = e as Error;
      }
      assert.ok(error, `the lifecycle passed without ${action}: it is not needed`);
      assert.match(error.message, /AccessDenied|not authorized/, error.message);
      assert.ok(error.message.includes(action), `the error does not name ${action}: ${error.message}`);
    });
  }
});
