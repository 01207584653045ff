/**
 * CopyJob end to end: the package installed as users get it (node_modules/pulumi-backup-copy), its serialized
 * provider run by the REAL dynamic-provider plugin over gRPC (tests/harness), against the AWS Backup emulator
 * with a clock running an hour per real second. Each step is what `pulumi up / refresh / destroy` would do.
 */
import { strict as assert } from "assert";
import { DEFAULT_CREDENTIALS, startEmulator, type RunningEmulator } from "../../emulator";
import {
  DynamicProviderPlugin,
  PluginError,
  serializeProvider,
  Stack,
  type OperationSummary,
  type Props,
  type ResourceDecl,
} from "../harness";
import { installPackage, type InstalledPackage } from "../harness/installed-package";

const TYPE = "pulumi-nodejs:dynamic/backup-copy:CopyJob";
const SOURCE_REGION = "us-east-1";
const DEST_REGION = "us-west-2";
const ACCOUNT = "111111111111";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
const GiB = 1024 ** 3;
const TiB = 1024 * GiB;
const FAST_POLLING = { minDelaySeconds: 0.005, maxDelaySeconds: 0.03 };

describe("CopyJob lifecycle through the real plugin (installed package, emulator)", function () {
  this.timeout(60_000);

  let pkg: InstalledPackage;
  let emulator: RunningEmulator;
  let provider: string;
  let plugin: DynamicProviderPlugin;
  let destinationVaultArn: string;
  const extraPlugins: DynamicProviderPlugin[] = [];
  let rpCount = 0;
  let stackCount = 0;

  const control = () => emulator.control;
  const startPlugin = () =>
    DynamicProviderPlugin.start({ cwd: pkg.root, env: emulator.env, project: "lifecycle" });

  async function recoveryPoint(sizeBytes = 10 * GiB): Promise<string> {
    rpCount++;
    const { recoveryPointArn } = await control().seedRecoveryPoint({
      region: SOURCE_REGION,
      vaultName: "prod-vault",
      resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${ACCOUNT}:volume/vol-${String(rpCount).padStart(8, "0")}`,
      resourceType: "EBS",
      backupSizeInBytes: sizeBytes,
    });
    return recoveryPointArn;
  }

  function newStack(): Stack {
    stackCount++;
    return new Stack({
      project: "lifecycle",
      stack: `s${stackCount}`,
      config: { "aws:region": SOURCE_REGION },
    });
  }

  /** What `new CopyJob(name, args)` sends: the args plus tokenScope (the engine adds __provider). */
  function decl(stack: Stack, name: string, args: Props, serialized = provider): ResourceDecl {
    return {
      name,
      type: TYPE,
      provider: serialized,
      props: {
        sourceBackupVaultName: "prod-vault",
        destinationBackupVaultArn: destinationVaultArn,
        iamRoleArn: ROLE_ARN,
        polling: FAST_POLLING,
        ...args,
        tokenScope: `${stack.project}/${stack.stack}/${name}`,
      },
    };
  }

  const outputs = (stack: Stack, name: string) => stack.get(name, TYPE)!.outputs;
  const jobsOf = async (rp: string) =>
    (await control().state()).copyJobs.filter((j) => j.sourceRecoveryPointArn === rp);
  const liveRecoveryPoints = async () =>
    new Set(
      (await control().state()).recoveryPoints.map(
        (r) => (r as { recoveryPointArn: string }).recoveryPointArn,
      ),
    );

  function ok(summary: OperationSummary): OperationSummary {
    assert.ok(summary.ok, `operation failed: ${summary.errors.map((e) => e.message).join("\n")}`);
    return summary;
  }

  before(async () => {
    pkg = await installPackage();
    const { CopyJobProvider } = pkg.load();
    provider = await serializeProvider(new CopyJobProvider());
    emulator = await startEmulator({ clockScale: 3600, quiet: true, seed: 11 });
    await control().seedVault({ region: SOURCE_REGION, name: "prod-vault" });
    ({ backupVaultArn: destinationVaultArn } = await control().seedVault({
      region: DEST_REGION,
      name: "dr-vault",
    }));
    await control().seedRole({ arn: ROLE_ARN });
    plugin = await startPlugin();
  });

  after(async () => {
    await plugin?.stop();
    for (const p of extraPlugins) await p.stop();
    await emulator?.stop();
  });

  it("serializes the installed provider as a require() of the package: small, no secrets", () => {
    console.log(`      serialized provider: ${Buffer.byteLength(provider)} bytes`);
    assert.match(
      provider,
      /Object\.create\(require\("pulumi-backup-copy\/dist\/provider\/provider-methods\.js"\)\)/,
    );
    assert.ok(Buffer.byteLength(provider) <= 1024, `${Buffer.byteLength(provider)} bytes`);
    assert.ok(!provider.includes(DEFAULT_CREDENTIALS.secretAccessKey), "secret key in the provider text");
    assert.ok(!provider.includes(DEFAULT_CREDENTIALS.accessKeyId), "access key in the provider text");
    assert.ok(!/@aws-sdk|BackupClient|emulator/.test(provider), "SDK or emulator captured");
  });

  it("up, refresh, lifecycle update, replacement (retain, then delete), drift, copy again, destroy", async () => {
    const stack = newStack();
    const rp1 = await recoveryPoint();
    const lifecycle = { deleteAfterDays: 120 };

    // up: one copy job, COMPLETED, progress on the plugin's stdout.
    const up1 = ok(await stack.up([decl(stack, "copy", { recoveryPointArn: rp1, lifecycle })], { plugin }));
    assert.equal(up1.resources.copy.op, "create");
    const first = outputs(stack, "copy");
    const firstId = stack.get("copy", TYPE)!.id;
    assert.equal(first.state, "COMPLETED");
    assert.equal(first.copyJobId, firstId);
    assert.equal(first.__provider, provider);
    assert.equal((await jobsOf(rp1)).length, 1);
    assert.ok(
      up1.diagnostics.some((l) => l.includes(`Copy job ${firstId} COMPLETED`)),
      up1.diagnostics.join("\n"),
    );

    // refresh: no drift, identical outputs; the next up is a no-op.
    const refreshed = ok(await stack.refresh({ plugin }));
    assert.equal(refreshed.resources.copy.op, "same");
    assert.deepEqual(outputs(stack, "copy"), first);
    const same = ok(await stack.up([decl(stack, "copy", { recoveryPointArn: rp1, lifecycle })], { plugin }));
    assert.equal(same.resources.copy.op, "same");
    assert.equal(same.resources.copy.diff?.changes, "DIFF_NONE");
    assert.ok(!same.calls.some((c) => /^(create|update|delete) /.test(c)), same.calls.join("\n"));

    // lifecycle change: update in place, same job, UpdateRecoveryPointLifecycle called.
    const before = (await control().calls()).UpdateRecoveryPointLifecycle ?? 0;
    const longer = { deleteAfterDays: 365 };
    const up2 = ok(
      await stack.up([decl(stack, "copy", { recoveryPointArn: rp1, lifecycle: longer })], { plugin }),
    );
    assert.equal(up2.resources.copy.op, "update");
    assert.deepEqual(up2.resources.copy.diff?.replaces, []);
    assert.equal((await control().calls()).UpdateRecoveryPointLifecycle, before + 1);
    assert.equal(stack.get("copy", TYPE)!.id, firstId);
    assert.equal((await jobsOf(rp1)).length, 1);
    const updated = outputs(stack, "copy") as {
      destinationRecoveryPoint: { lifecycle: { deleteAfterDays: number } };
    };
    assert.equal(updated.destinationRecoveryPoint.lifecycle.deleteAfterDays, 365);

    // recovery point change: replacement, a new job; the old copy is retained (onDelete defaults to retain).
    const rp2 = await recoveryPoint();
    const oldCopy = String(first.destinationRecoveryPointArn);
    const up3 = ok(
      await stack.up([decl(stack, "copy", { recoveryPointArn: rp2, lifecycle: longer })], { plugin }),
    );
    assert.equal(up3.resources.copy.op, "replace");
    assert.ok(up3.resources.copy.diff?.replaces.includes("recoveryPointArn"));
    assert.ok(up3.steps.some((s) => s.op === "delete-replaced"));
    const secondId = stack.get("copy", TYPE)!.id;
    assert.notEqual(secondId, firstId);
    assert.equal((await jobsOf(rp2)).length, 1);
    assert.ok((await liveRecoveryPoints()).has(oldCopy), "retained copy was deleted");
    assert.ok(
      up3.diagnostics.some((l) => /Retained the copy/.test(l)),
      up3.diagnostics.join("\n"),
    );

    // onDelete: "delete" (an in-place update), then another replacement deletes the old copy.
    const del = { lifecycle: longer, onDelete: "delete" };
    const up4 = ok(await stack.up([decl(stack, "copy", { recoveryPointArn: rp2, ...del })], { plugin }));
    assert.equal(up4.resources.copy.op, "update");
    const secondCopy = String(outputs(stack, "copy").destinationRecoveryPointArn);
    const rp3 = await recoveryPoint();
    const up5 = ok(await stack.up([decl(stack, "copy", { recoveryPointArn: rp3, ...del })], { plugin }));
    assert.equal(up5.resources.copy.op, "replace");
    const live = await liveRecoveryPoints();
    assert.ok(!live.has(secondCopy), "replaced copy with onDelete delete still exists");
    assert.ok(live.has(oldCopy), "the first (retained) copy must survive");
    const thirdId = stack.get("copy", TYPE)!.id;
    const thirdCopy = String(outputs(stack, "copy").destinationRecoveryPointArn);

    // The copy is deleted outside Pulumi: refresh drops the resource; the next up copies again.
    await control().deleteRecoveryPointOutOfBand(thirdCopy);
    const drift = ok(await stack.refresh({ plugin }));
    assert.equal(drift.resources.copy.op, "delete");
    assert.equal(stack.get("copy", TYPE), undefined);
    const up6 = ok(await stack.up([decl(stack, "copy", { recoveryPointArn: rp3, ...del })], { plugin }));
    assert.equal(up6.resources.copy.op, "create");
    const again = outputs(stack, "copy");
    assert.notEqual(stack.get("copy", TYPE)!.id, thirdId, up6.diagnostics.join("\n"));
    assert.equal(again.state, "COMPLETED");
    assert.ok(again.destinationRecoveryPoint, "no destination recovery point after copying again");
    assert.ok((await liveRecoveryPoints()).has(String(again.destinationRecoveryPointArn)));
    assert.equal((await jobsOf(rp3)).length, 2);

    // destroy: onDelete "delete" removes the copy and the stack is empty.
    const destroyed = ok(await stack.destroy({ plugin }));
    assert.equal(destroyed.resources.copy.op, "delete");
    assert.equal(stack.resources.size, 0);
    assert.ok(!(await liveRecoveryPoints()).has(String(again.destinationRecoveryPointArn)));
  });

  it("at the deadline: partial state with the job id; the next up resumes the same job", async () => {
    const stack = newStack();
    const rp = await recoveryPoint(50 * TiB); // ~6 emulated days, ~2.5 real minutes at this clock
    const d = decl(stack, "slow", { recoveryPointArn: rp, timeoutMinutes: 0.003 });
    const up1 = await stack.up([d], { plugin });
    assert.equal(up1.ok, false);
    assert.equal(up1.resources.slow.op, "failed");
    const error = up1.resources.slow.error as PluginError;
    assert.ok(error instanceof PluginError, String(error));
    const init = error.initFailure!;
    const [job] = await jobsOf(rp);
    assert.equal(init.id, job.copyJobId);
    assert.equal(init.properties.copyJobId, job.copyJobId);
    assert.equal(init.properties.__provider, provider);
    assert.ok(
      init.reasons.length > 0 && /still (CREATED|RUNNING)/.test(init.reasons[0]),
      init.reasons.join(),
    );
    const recorded = stack.get("slow", TYPE)!;
    assert.equal(recorded.id, job.copyJobId);
    assert.ok(recorded.initErrors?.length);

    // Time passes in AWS; the next up goes through Update and finds the job finished.
    await control().advanceClock(7 * 86400);
    const up2 = ok(await stack.up([d], { plugin }));
    assert.equal(up2.resources.slow.op, "update");
    assert.ok(up2.calls.some((c) => c.startsWith("update ")));
    assert.ok(!up2.calls.some((c) => c.startsWith("create ")));
    assert.equal(outputs(stack, "slow").state, "COMPLETED");
    assert.equal(stack.get("slow", TYPE)!.initErrors, undefined);
    assert.equal((await jobsOf(rp)).length, 1);
  });

  it("a failed job reaches the engine with the job id and AWS's StatusMessage; nothing is recorded", async () => {
    const stack = newStack();
    const rp = await recoveryPoint();
    const missingRole = `arn:aws:iam::${ACCOUNT}:role/missing`;
    const up = await stack.up([decl(stack, "bad", { recoveryPointArn: rp, iamRoleArn: missingRole })], {
      plugin,
    });
    assert.equal(up.ok, false);
    const error = up.resources.bad.error as PluginError;
    assert.ok(error instanceof PluginError, String(error));
    assert.equal(error.initFailure, undefined);
    const [job] = await jobsOf(rp);
    assert.equal(job.state, "FAILED");
    assert.ok(error.details.includes(job.copyJobId), error.details);
    assert.ok(error.details.includes(String(job.statusMessage)), error.details);
    assert.match(error.details, /could not assume IAM role/);
    assert.equal(stack.resources.size, 0);
  });

  it("waitForCompletion: false returns at once; a later refresh shows COMPLETED", async () => {
    const stack = newStack();
    const rp = await recoveryPoint(10 * TiB); // ~29 real seconds at this clock: still running when up returns
    const started = Date.now();
    ok(
      await stack.up([decl(stack, "nowait", { recoveryPointArn: rp, waitForCompletion: false })], { plugin }),
    );
    assert.ok(Date.now() - started < 5_000);
    assert.match(String(outputs(stack, "nowait").state), /^(CREATED|RUNNING)$/);
    assert.equal(outputs(stack, "nowait").destinationRecoveryPoint, undefined);
    await control().advanceClock(2 * 86400);
    const refresh = ok(await stack.refresh({ plugin }));
    assert.equal(refresh.resources.nowait.op, "update");
    assert.equal(outputs(stack, "nowait").state, "COMPLETED");
    assert.ok(outputs(stack, "nowait").destinationRecoveryPoint);
    assert.equal((await jobsOf(rp)).length, 1);
  });

  it("a package upgrade (other provider text, same inputs) is no change", async () => {
    const stack = newStack();
    const rp = await recoveryPoint();
    ok(await stack.up([decl(stack, "upgrade", { recoveryPointArn: rp })], { plugin }));
    const upgraded = `${provider}\n// pulumi-backup-copy 0.2.0\n`;
    const up = ok(await stack.up([decl(stack, "upgrade", { recoveryPointArn: rp }, upgraded)], { plugin }));
    assert.equal(up.resources.upgrade.op, "same");
    assert.equal(up.resources.upgrade.diff?.changes, "DIFF_NONE");
    assert.equal(stack.get("upgrade", TYPE)!.inputs.__provider, upgraded);
    assert.equal((await jobsOf(rp)).length, 1);
  });

  it("outputs survive the protobuf encoding: JSON values, ISO dates, nothing empty or undefined", async () => {
    const stack = newStack();
    const rp = await recoveryPoint();
    const lifecycle = { moveToColdStorageAfterDays: 30, deleteAfterDays: 150 };
    ok(await stack.up([decl(stack, "json", { recoveryPointArn: rp, lifecycle })], { plugin }));
    const outs = outputs(stack, "json");
    const problems: string[] = [];
    const visit = (v: unknown, at: string) => {
      if (v === undefined || v === null) problems.push(`${at} is ${v}`);
      else if (typeof v === "object") {
        if (Object.keys(v).length === 0) problems.push(`${at} is an empty object (a Date?)`);
        for (const [k, x] of Object.entries(v)) visit(x, `${at}.${k}`);
      }
    };
    visit(outs, "outputs");
    assert.deepEqual(problems, []);
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
    const dest = outs.destinationRecoveryPoint as Record<string, unknown> & {
      calculatedLifecycle: Record<string, unknown>;
      lifecycle: unknown;
    };
    for (const [what, v] of Object.entries({
      creationDate: outs.creationDate,
      completionDate: outs.completionDate,
      "destinationRecoveryPoint.creationDate": dest.creationDate,
      "calculatedLifecycle.deleteAt": dest.calculatedLifecycle.deleteAt,
    })) {
      assert.match(String(v), iso, what);
    }
    assert.deepEqual(dest.lifecycle, lifecycle);
    assert.equal(typeof outs.backupSizeInBytes, "number");
    // The engine stores the outputs; a refresh reads them back unchanged.
    assert.equal(ok(await stack.refresh({ plugin })).resources.json.op, "same");
  });

  it("a plugin killed mid-wait: a new plugin process from the saved state reuses the same job", async () => {
    const stack = newStack();
    const saved = JSON.stringify(stack);
    const rp = await recoveryPoint(400 * GiB); // ~1.1 real seconds of copying
    const d = decl(stack, "crash", { recoveryPointArn: rp });
    const doomed = await startPlugin();
    extraPlugins.push(doomed);
    const pending = stack.up([d], { plugin: doomed });
    // Wait until the plugin has started the job and is polling it, then crash it.
    for (let i = 0; i < 200 && !doomed.diagnostics.some((l) => /: (CREATED|RUNNING)/.test(l)); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const [running] = await jobsOf(rp);
    assert.ok(running, "no job started before the crash");
    assert.match(running.state, /^(CREATED|RUNNING)$/);
    await doomed.kill("SIGKILL");
    const crashed = await pending;
    assert.equal(crashed.ok, false);

    const restored = Stack.fromJSON(saved);
    assert.equal(restored.resources.size, 0);
    const fresh = await startPlugin();
    extraPlugins.push(fresh);
    const up = ok(await restored.up([d], { plugin: fresh }));
    assert.equal(up.resources.crash.op, "create");
    assert.equal(restored.get("crash", TYPE)!.id, running.copyJobId);
    assert.equal(outputs(restored, "crash").state, "COMPLETED");
    assert.equal((await jobsOf(rp)).length, 1);
    assert.ok(
      up.diagnostics.some((l) => /Resuming copy job/.test(l)),
      up.diagnostics.join("\n"),
    );
  });
});
