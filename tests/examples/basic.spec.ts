/**
 * examples/basic under `pulumi.runtime.setMocks`: copy.ts declares the CopyJob the README describes, and index.ts
 * wires the vaults and the role (created, or taken from stack config) into it. The package is loaded from its
 * installed copy, as a user's program would load it.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { settled, useMocks, type Registered } from "../../examples/demo/declare";
import { aliasPackageName, installPackage } from "../harness/installed-package";

const COPY_JOB = "pulumi-nodejs:dynamic/backup-copy:CopyJob";
const PROJECT = "backup-copy-basic";
const INDEX = path.resolve(__dirname, "../../examples/basic/index.ts");
const RP = "arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0";
const DEST = "arn:aws:backup:us-west-2:111111111111:backup-vault:dr-vault";
const ROLE = "arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole";

async function until(what: string, test: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !test();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** ARNs and names for what the mocked AWS "creates". */
function mockAws(r: Registered): Record<string, unknown> {
  if (r.type === "aws:backup/vault:Vault") {
    const region = r.name === "destination" ? "us-west-2" : "us-east-1";
    return { arn: `arn:aws:backup:${region}:111111111111:backup-vault:${r.inputs.name}` };
  }
  if (r.type === "aws:iam/role:Role")
    return { arn: `arn:aws:iam::111111111111:role/${r.name}-1234`, name: `${r.name}-1234` };
  return {};
}

/** Runs examples/basic/index.ts afresh under mocks with this stack config. */
async function runIndex(config: Record<string, string>, stack = "dev") {
  const registered = useMocks(
    PROJECT,
    stack,
    Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])),
    mockAws,
  );
  delete require.cache[INDEX];
  const program = require(INDEX) as typeof import("../../examples/basic");
  return { registered, program };
}

describe("examples/basic under mocks", function () {
  this.timeout(60_000);

  before(async () => aliasPackageName(await installPackage()));

  it("copy.ts declares one CopyJob with the example's inputs and the small serialized provider", async () => {
    const registered = useMocks(PROJECT, "dev");
    const { copyBackup, LIFECYCLE } =
      require("../../examples/basic/copy") as typeof import("../../examples/basic/copy");
    const copy = copyBackup("copy", {
      sourceVaultName: "prod-vault",
      destinationVaultArn: DEST,
      iamRoleArn: ROLE,
      recoveryPointArn: RP,
    });
    await settled(copy.urn);
    assert.equal(registered.length, 1);
    const [r] = registered;
    assert.equal(r.type, COPY_JOB);
    assert.equal(r.name, "copy");
    const { __provider, ...inputs } = r.inputs;
    assert.deepEqual(inputs, {
      recoveryPointArn: RP,
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: DEST,
      iamRoleArn: ROLE,
      lifecycle: LIFECYCLE,
      onDelete: "retain",
      tokenScope: `${PROJECT}/dev/copy`,
    });
    assert.deepEqual(LIFECYCLE, { moveToColdStorageAfterDays: 30, deleteAfterDays: 365 });
    assert.equal(typeof __provider, "string");
    assert.match(String(__provider), /require\("pulumi-backup-copy\/dist\/provider\/provider-methods\.js"\)/);
    assert.ok(String(__provider).length < 1024, `${String(__provider).length} bytes`);
  });

  it("index.ts with vaults and role from stack config declares only the CopyJob", async () => {
    const { registered } = await runIndex({
      recoveryPointArn: RP,
      sourceVaultName: "prod-vault",
      destinationVaultArn: DEST,
      iamRoleArn: ROLE,
    });
    await until("the CopyJob", () => registered.some((r) => r.type === COPY_JOB));
    assert.deepEqual(
      registered.map((r) => r.type),
      [COPY_JOB],
    );
    const copy = registered[0].inputs;
    assert.equal(copy.recoveryPointArn, RP);
    assert.equal(copy.sourceBackupVaultName, "prod-vault");
    assert.equal(copy.destinationBackupVaultArn, DEST);
    assert.equal(copy.iamRoleArn, ROLE);
  });

  it("index.ts creates the vaults and the role and copies with their names and ARNs", async () => {
    const { registered } = await runIndex({ recoveryPointArn: RP }, "prod");
    await until("the CopyJob", () => registered.some((r) => r.type === COPY_JOB));
    const byType = (t: string) => registered.filter((r) => r.type === t);
    const vaults = byType("aws:backup/vault:Vault");
    assert.deepEqual(vaults.map((v) => v.inputs.name).sort(), ["prod-dr", "prod-source"]);
    const [role] = byType("aws:iam/role:Role");
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
    assert.equal(trust.Statement[0].Principal.Service, "backup.amazonaws.com");
    assert.deepEqual(
      byType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .map((a) => a.inputs.policyArn)
        .sort(),
      [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ],
    );
    const [dr] = byType("pulumi:providers:aws");
    assert.equal(dr.inputs.region, "us-west-2");
    const [copy] = byType(COPY_JOB);
    assert.equal(copy.inputs.sourceBackupVaultName, "prod-source");
    assert.equal(
      copy.inputs.destinationBackupVaultArn,
      "arn:aws:backup:us-west-2:111111111111:backup-vault:prod-dr",
    );
    assert.equal(copy.inputs.iamRoleArn, "arn:aws:iam::111111111111:role/backup-1234");
    assert.equal(copy.inputs.tokenScope, `${PROJECT}/prod/copy`);
  });

  it("index.ts without recoveryPointArn makes the vaults and the role but no copy yet", async () => {
    const { registered, program } = await runIndex({}, "empty");
    await settled(program.role as import("@pulumi/pulumi").Output<string>);
    const count = (t: string) => registered.filter((r) => r.type === t).length;
    await until("two vaults and two policy attachments", () => {
      return (
        count("aws:backup/vault:Vault") === 2 &&
        count("aws:iam/rolePolicyAttachment:RolePolicyAttachment") === 2
      );
    });
    // The CopyJob would be declared synchronously by index.ts; the other registrations are all in.
    assert.equal(count(COPY_JOB), 0);
    assert.match(String(program.next), /pulumi config set recoveryPointArn/);
  });
});
