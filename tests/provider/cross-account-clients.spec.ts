/**
 * Issue 21, defect 4: a stack's cross-account copies share one destination client and one assumed-role
 * session. Five creates into a partner account's vault through one role make one AssumeRole call and two
 * clients (source and destination), their destination describes are answered together, and the session is
 * named after the stack, not a resource.
 */
import { strict as assert } from "assert";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { stackSessionName } from "../../provider/operations/context";
import { capturingLogs, checked, Emulated, startEmulated } from "../support/emulated";
import { FAST_POLLING, GiB, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "../support/constants";
import { PARTNER_ACCOUNT, PARTNER_ROLE_ARN, seedPartner } from "../support/seed";

const PARTNER_REGION = "eu-west-1";
const EXTERNAL_ID = "ext-id-clients-5a1e";

describe("provider: cross-account copies share clients and AssumeRole", () => {
  let env: Emulated;
  let vaultArn: string;
  let n = 0;

  before(async () => {
    env = await startEmulated({ seed: 21 });
    const control = env.emulator.control;
    await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
    await control.seedRole({ arn: ROLE_ARN });
    vaultArn = await seedPartner(control, EXTERNAL_ID, PARTNER_REGION);
  });
  after(() => env?.stop());

  async function crossAccountInputs(stack = "dev"): Promise<Record<string, unknown>> {
    const i = ++n;
    const { recoveryPointArn } = await env.emulator.control.seedRecoveryPoint({
      region: SOURCE_REGION,
      vaultName: "prod-vault",
      resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-${String(i).padStart(8, "0")}`,
      resourceType: "EBS",
      backupSizeInBytes: 5 * GiB,
    });
    return checked(env.provider, {
      recoveryPointArn,
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: vaultArn,
      iamRoleArn: ROLE_ARN,
      destinationRoleArn: PARTNER_ROLE_ARN,
      destinationExternalId: EXTERNAL_ID,
      polling: FAST_POLLING,
      tokenScope: `shop/${stack}/copy-${i}`,
      __provider: "serialized-provider-text",
    });
  }

  it("5 creates: 1 AssumeRole, 2 clients, destination describes batched", async () => {
    env.runtime.clear();
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => crossAccountInputs()));
    await env.emulator.control.resetCalls();
    const run = await capturingLogs(() => Promise.all(all.map((news) => env.provider.create(news))));
    assert.ifError(run.error);
    for (const { outs } of run.result!) assert.equal(outs.state, "COMPLETED");
    const calls = await env.emulator.control.calls();
    assert.equal(calls.AssumeRole, 1, JSON.stringify(calls));
    assert.equal(env.runtime.clients.size, 2, "one source client and one destination client");
    // The copies end together: the shared client's batch answers them with listings, not 5 describes.
    assert.ok((calls.DescribeRecoveryPoint ?? 0) < 5, JSON.stringify(calls));
  });

  it("the session is named after the stack; another external id or role gets a client of its own", async () => {
    env.runtime.clear();
    const news = await crossAccountInputs("prod");
    const run = await capturingLogs(() => env.provider.create(news));
    assert.ifError(run.error);
    assert.equal(env.runtime.clients.size, 2);
    const destination = env.runtime.backupClient({
      region: PARTNER_REGION,
      roleArn: PARTNER_ROLE_ARN,
      externalId: EXTERNAL_ID,
      sessionName: "ignored-for-the-key",
    });
    assert.equal(
      env.runtime.clients.size,
      2,
      "the same target is the same client, whatever the session name",
    );
    const sts = new STSClient({ region: PARTNER_REGION, credentials: destination.config.credentials });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    assert.equal(me.Arn, `arn:aws:sts::${PARTNER_ACCOUNT}:assumed-role/pulumi-backup-copy-dr/pbc-shop-prod`);
    env.runtime.backupClient({ region: PARTNER_REGION, roleArn: PARTNER_ROLE_ARN, externalId: "other-id" });
    env.runtime.backupClient({
      region: PARTNER_REGION,
      roleArn: `${PARTNER_ROLE_ARN}-2`,
      externalId: EXTERNAL_ID,
    });
    env.runtime.backupClient({ region: "eu-central-1", roleArn: PARTNER_ROLE_ARN, externalId: EXTERNAL_ID });
    assert.equal(env.runtime.clients.size, 5);
  });

  it("stackSessionName: one name per stack within STS's rule", () => {
    assert.equal(stackSessionName("shop/dev/copy-1"), "pbc-shop-dev");
    assert.equal(stackSessionName("shop/dev/parent/copy-1"), "pbc-shop-dev");
    assert.equal(stackSessionName(undefined), undefined);
    const long = stackSessionName(`${"p".repeat(50)}/st@ck:with spaces/${"x".repeat(80)}`)!;
    assert.match(long, /^[\w+=,.@-]{2,64}$/);
    assert.ok(long.startsWith("pbc-ppp"));
  });
});
