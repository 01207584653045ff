/**
 * What examples/drift/README.md tells: a copy deleted outside Pulumi leaves the stack on refresh (read returns
 * an empty id), and the next up (create) makes a new copy even though AWS still hands back the old job for the
 * same idempotency token; a lifecycle changed outside Pulumi shows in the outputs and update puts it back.
 */
import { strict as assert } from "assert";
import {
  capturingLogs,
  checked,
  COPY_ROLE_ARN,
  ebsVolume,
  Emulated,
  FAST_POLLING,
  GiB,
  SOURCE_REGION,
  startEmulated,
} from "./helpers";

describe("seeding: drift, as examples/drift describes it", function () {
  let env: Emulated;
  let vaultArn: string;
  let n = 0;

  before(async () => {
    env = await startEmulated();
    const control = env.emulator.control;
    await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
    ({ backupVaultArn: vaultArn } = await control.seedVault({ region: SOURCE_REGION, name: "drift-vault" }));
    await control.seedRole({ arn: COPY_ROLE_ARN });
  });
  after(() => env?.stop());

  async function created() {
    n++;
    const { recoveryPointArn } = await env.emulator.control.seedRecoveryPoint({
      region: SOURCE_REGION,
      vaultName: "prod-vault",
      resourceArn: ebsVolume(500 + n),
      resourceType: "EBS",
      backupSizeInBytes: GiB,
    });
    const news = await checked(env.provider, {
      recoveryPointArn,
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: vaultArn,
      iamRoleArn: COPY_ROLE_ARN,
      lifecycle: { deleteAfterDays: 30 },
      onDelete: "delete",
      polling: FAST_POLLING,
      tokenScope: `drift/dev/drifting-copy-${n}`,
      __provider: "serialized-provider-text",
    });
    const { id, outs } = await env.provider.create(news);
    return { news, id, outs };
  }

  it("deleted outside Pulumi: refresh drops it, up copies again (a new job, a new copy)", async () => {
    const { news, id, outs } = await created();
    await env.emulator.control.deleteRecoveryPointOutOfBand(outs.destinationRecoveryPointArn);
    const refresh = await capturingLogs(() => env.provider.read(id, { ...outs }));
    assert.equal(refresh.result!.id, "", "refresh removes the copy from the stack");
    assert.ok(
      refresh.lines.some((l) => /is gone; removing the copy from the stack/.test(l)),
      refresh.lines.join("\n"),
    );

    const up = await capturingLogs(() => env.provider.create(news));
    assert.ifError(up.error);
    const again = up.result!;
    assert.equal(again.outs.state, "COMPLETED");
    assert.notEqual(again.outs.destinationRecoveryPointArn, outs.destinationRecoveryPointArn);
    assert.equal(again.outs.destinationRecoveryPoint?.status, "COMPLETED", "the copy is back");
    assert.equal(again.outs.tokenAttempt, 1, "the next token of the sequence started the new job");
    assert.ok(
      up.lines.some((l) => /is gone; starting a new copy/.test(l)),
      up.lines.join("\n"),
    );
  });

  it("lifecycle changed outside Pulumi: refresh shows it, diff asks for an update, update restores it", async () => {
    const { news, id, outs } = await created();
    const { UpdateRecoveryPointLifecycleCommand, BackupClient } = await import("@aws-sdk/client-backup");
    const client = new BackupClient({ region: SOURCE_REGION });
    await client.send(
      new UpdateRecoveryPointLifecycleCommand({
        BackupVaultName: "drift-vault",
        RecoveryPointArn: outs.destinationRecoveryPointArn,
        Lifecycle: { DeleteAfterDays: 5 },
      }),
    );
    client.destroy();
    const refreshed = await env.provider.read(id, { ...outs });
    assert.equal(refreshed.props!.destinationRecoveryPoint.lifecycle.deleteAfterDays, 5);
    const diff = await env.provider.diff(id, refreshed.props!, news);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
    const updated = await env.provider.update(id, refreshed.props!, news);
    assert.equal(updated.outs!.destinationRecoveryPoint.lifecycle.deleteAfterDays, 30);
  });
});
