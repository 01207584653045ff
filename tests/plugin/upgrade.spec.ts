/**
 * CopyJob end to end: the package installed as users get it (node_modules/pulumi-backup-copy), its serialized
 * provider run by the REAL dynamic-provider plugin over gRPC (tests/harness), against the AWS Backup emulator
 * with a clock running an hour per real second. Each step is what `pulumi up / refresh / destroy` would do.
 */
import { strict as assert } from "assert";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { PluginError, Stack } from "../harness";
import { ACCOUNT, GiB, startPluginWorld, TYPE, type PluginWorld } from "../support/plugin-world";

const TiB = 1024 * GiB;

describe("CopyJob lifecycle through the real plugin (installed package, emulator)", function () {
  this.timeout(60_000);

  let world: PluginWorld;
  before(
    async () =>
      (world = await startPluginWorld({
        project: "lifecycle",
        seed: 11,
        stackPrefix: "s",
        defaultSizeBytes: 10 * GiB,
      })),
  );
  after(() => world?.stop());

  const outputs = (stack: Stack, name: string) => stack.get(name, TYPE)!.outputs;
  const jobsOf = async (rp: string) =>
    (await world.control.state()).copyJobs.filter((j) => j.sourceRecoveryPointArn === rp);

  it("serializes the installed provider as a require() of the package: small, no secrets", () => {
    console.log(`      serialized provider: ${Buffer.byteLength(world.provider)} bytes`);
    assert.match(
      world.provider,
      /Object\.create\(require\("pulumi-backup-copy\/dist\/provider\/provider-methods\.js"\)\)/,
    );
    assert.ok(Buffer.byteLength(world.provider) <= 1024, `${Buffer.byteLength(world.provider)} bytes`);
    assert.ok(
      !world.provider.includes(DEFAULT_CREDENTIALS.secretAccessKey),
      "secret key in the provider text",
    );
    assert.ok(!world.provider.includes(DEFAULT_CREDENTIALS.accessKeyId), "access key in the provider text");
    assert.ok(!/@aws-sdk|BackupClient|emulator/.test(world.provider), "SDK or emulator captured");
  });

  it("up, refresh, lifecycle update, replacement (retain, then delete), drift, copy again, destroy", async () => {
    const stack = world.newStack();
    const rp1 = await world.recoveryPoint();
    const lifecycle = { deleteAfterDays: 120 };

    // up: one copy job, COMPLETED, progress on the plugin's stdout.
    const up1 = world.ok(
      await stack.up([world.decl(stack, "copy", { recoveryPointArn: rp1, lifecycle })], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up1.resources.copy.op, "create");
    const first = outputs(stack, "copy");
    const firstId = stack.get("copy", TYPE)!.id;
    assert.equal(first.state, "COMPLETED");
    assert.equal(first.copyJobId, firstId);
    assert.equal(first.__provider, world.provider);
    assert.equal((await jobsOf(rp1)).length, 1);
    assert.ok(
      up1.diagnostics.some((l) => l.includes(`Copy job ${firstId} COMPLETED`)),
      up1.diagnostics.join("\n"),
    );

    // refresh: no drift, identical outputs; the next up is a no-op.
    const refreshed = world.ok(await stack.refresh({ plugin: world.plugin }));
    assert.equal(refreshed.resources.copy.op, "same");
    assert.deepEqual(outputs(stack, "copy"), first);
    const same = world.ok(
      await stack.up([world.decl(stack, "copy", { recoveryPointArn: rp1, lifecycle })], {
        plugin: world.plugin,
      }),
    );
    assert.equal(same.resources.copy.op, "same");
    assert.equal(same.resources.copy.diff?.changes, "DIFF_NONE");
    assert.ok(!same.calls.some((c) => /^(create|update|delete) /.test(c)), same.calls.join("\n"));

    // lifecycle change: update in place, same job, UpdateRecoveryPointLifecycle called.
    const before = (await world.control.calls()).UpdateRecoveryPointLifecycle ?? 0;
    const longer = { deleteAfterDays: 365 };
    const up2 = world.ok(
      await stack.up([world.decl(stack, "copy", { recoveryPointArn: rp1, lifecycle: longer })], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up2.resources.copy.op, "update");
    assert.deepEqual(up2.resources.copy.diff?.replaces, []);
    assert.equal((await world.control.calls()).UpdateRecoveryPointLifecycle, before + 1);
    assert.equal(stack.get("copy", TYPE)!.id, firstId);
    assert.equal((await jobsOf(rp1)).length, 1);
    const updated = outputs(stack, "copy") as {
      destinationRecoveryPoint: { lifecycle: { deleteAfterDays: number } };
    };
    assert.equal(updated.destinationRecoveryPoint.lifecycle.deleteAfterDays, 365);

    // recovery point change: replacement, a new job; the old copy is retained (onDelete defaults to retain).
    const rp2 = await world.recoveryPoint();
    const oldCopy = String(first.destinationRecoveryPointArn);
    const up3 = world.ok(
      await stack.up([world.decl(stack, "copy", { recoveryPointArn: rp2, lifecycle: longer })], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up3.resources.copy.op, "replace");
    assert.ok(up3.resources.copy.diff?.replaces.includes("recoveryPointArn"));
    assert.ok(up3.steps.some((s) => s.op === "delete-replaced"));
    const secondId = stack.get("copy", TYPE)!.id;
    assert.notEqual(secondId, firstId);
    assert.equal((await jobsOf(rp2)).length, 1);
    assert.ok((await world.liveRecoveryPoints()).has(oldCopy), "retained copy was deleted");
    assert.ok(
      up3.diagnostics.some((l) => /Retained the copy/.test(l)),
      up3.diagnostics.join("\n"),
    );

    // onDelete: "delete" (an in-place update), then another replacement deletes the old copy.
    const del = { lifecycle: longer, onDelete: "delete" };
    const up4 = world.ok(
      await stack.up([world.decl(stack, "copy", { recoveryPointArn: rp2, ...del })], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up4.resources.copy.op, "update");
    const secondCopy = String(outputs(stack, "copy").destinationRecoveryPointArn);
    const rp3 = await world.recoveryPoint();
    const up5 = world.ok(
      await stack.up([world.decl(stack, "copy", { recoveryPointArn: rp3, ...del })], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up5.resources.copy.op, "replace");
    const live = await world.liveRecoveryPoints();
    assert.ok(!live.has(secondCopy), "replaced copy with onDelete delete still exists");
    assert.ok(live.has(oldCopy), "the first (retained) copy must survive");
    const thirdId = stack.get("copy", TYPE)!.id;
    const thirdCopy = String(outputs(stack, "copy").destinationRecoveryPointArn);

    // The copy is deleted outside Pulumi: refresh drops the resource; the next up copies again.
    await world.control.deleteRecoveryPointOutOfBand(thirdCopy);
    const drift = world.ok(await stack.refresh({ plugin: world.plugin }));
    assert.equal(drift.resources.copy.op, "delete");
    assert.equal(stack.get("copy", TYPE), undefined);
    const up6 = world.ok(
      await stack.up([world.decl(stack, "copy", { recoveryPointArn: rp3, ...del })], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up6.resources.copy.op, "create");
    const again = outputs(stack, "copy");
    assert.notEqual(stack.get("copy", TYPE)!.id, thirdId, up6.diagnostics.join("\n"));
    assert.equal(again.state, "COMPLETED");
    assert.ok(again.destinationRecoveryPoint, "no destination recovery point after copying again");
    assert.ok((await world.liveRecoveryPoints()).has(String(again.destinationRecoveryPointArn)));
    assert.equal((await jobsOf(rp3)).length, 2);

    // destroy: onDelete "delete" removes the copy and the stack is empty.
    const destroyed = world.ok(await stack.destroy({ plugin: world.plugin }));
    assert.equal(destroyed.resources.copy.op, "delete");
    assert.equal(stack.resources.size, 0);
    assert.ok(!(await world.liveRecoveryPoints()).has(String(again.destinationRecoveryPointArn)));
  });

  it("at the deadline: partial state with the job id; the next up resumes the same job", async () => {
    const stack = world.newStack();
    const rp = await world.recoveryPoint(50 * TiB); // ~6 emulated days, ~2.5 real minutes at this clock
    const d = world.decl(stack, "slow", { recoveryPointArn: rp, timeoutMinutes: 0.003 });
    const up1 = await stack.up([d], { plugin: world.plugin });
    assert.equal(up1.ok, false);
    assert.equal(up1.resources.slow.op, "failed");
    const error = up1.resources.slow.error as PluginError;
    assert.ok(error instanceof PluginError, String(error));
    const init = error.initFailure!;
    const [job] = await jobsOf(rp);
    assert.equal(init.id, job.copyJobId);
    assert.equal(init.properties.copyJobId, job.copyJobId);
    assert.equal(init.properties.__provider, world.provider);
    assert.ok(
      init.reasons.length > 0 && /still (CREATED|RUNNING)/.test(init.reasons[0]),
      init.reasons.join(),
    );
    const recorded = stack.get("slow", TYPE)!;
    assert.equal(recorded.id, job.copyJobId);
    assert.ok(recorded.initErrors?.length);

    // Time passes in AWS; the next up goes through Update and finds the job finished.
    await world.control.advanceClock(7 * 86400);
    const up2 = world.ok(await stack.up([d], { plugin: world.plugin }));
    assert.equal(up2.resources.slow.op, "update");
    assert.ok(up2.calls.some((c) => c.startsWith("update ")));
    assert.ok(!up2.calls.some((c) => c.startsWith("create ")));
    assert.equal(outputs(stack, "slow").state, "COMPLETED");
    assert.equal(stack.get("slow", TYPE)!.initErrors, undefined);
    assert.equal((await jobsOf(rp)).length, 1);
  });

  it("a failed job reaches the engine with the job id and AWS's StatusMessage; nothing is recorded", async () => {
    const stack = world.newStack();
    const rp = await world.recoveryPoint();
    const missingRole = `arn:aws:iam::${ACCOUNT}:role/missing`;
    const up = await stack.up([world.decl(stack, "bad", { recoveryPointArn: rp, iamRoleArn: missingRole })], {
      plugin: world.plugin,
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
    const stack = world.newStack();
    const rp = await world.recoveryPoint(10 * TiB); // ~29 real seconds at this clock: still running when up returns
    const started = Date.now();
    world.ok(
      await stack.up([world.decl(stack, "nowait", { recoveryPointArn: rp, waitForCompletion: false })], {
        plugin: world.plugin,
      }),
    );
    assert.ok(Date.now() - started < 5_000);
    assert.match(String(outputs(stack, "nowait").state), /^(CREATED|RUNNING)$/);
    assert.equal(outputs(stack, "nowait").destinationRecoveryPoint, undefined);
    await world.control.advanceClock(2 * 86400);
    const refresh = world.ok(await stack.refresh({ plugin: world.plugin }));
    assert.equal(refresh.resources.nowait.op, "update");
    assert.equal(outputs(stack, "nowait").state, "COMPLETED");
    assert.ok(outputs(stack, "nowait").destinationRecoveryPoint);
    assert.equal((await jobsOf(rp)).length, 1);
  });

  it("a package upgrade (other provider text, same inputs) is no change", async () => {
    const stack = world.newStack();
    const rp = await world.recoveryPoint();
    world.ok(
      await stack.up([world.decl(stack, "upgrade", { recoveryPointArn: rp })], { plugin: world.plugin }),
    );
    const upgraded = `${world.provider}\n// pulumi-backup-copy 0.2.0\n`;
    const up = world.ok(
      await stack.up([world.decl(stack, "upgrade", { recoveryPointArn: rp }, upgraded)], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up.resources.upgrade.op, "same");
    assert.equal(up.resources.upgrade.diff?.changes, "DIFF_NONE");
    assert.equal(stack.get("upgrade", TYPE)!.inputs.__provider, upgraded);
    assert.equal((await jobsOf(rp)).length, 1);
  });

  it("outputs survive the protobuf encoding: JSON values, ISO dates, nothing empty or undefined", async () => {
    const stack = world.newStack();
    const rp = await world.recoveryPoint();
    const lifecycle = { moveToColdStorageAfterDays: 30, deleteAfterDays: 150 };
    world.ok(
      await stack.up([world.decl(stack, "json", { recoveryPointArn: rp, lifecycle })], {
        plugin: world.plugin,
      }),
    );
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
    assert.equal(world.ok(await stack.refresh({ plugin: world.plugin })).resources.json.op, "same");
  });

  it("a plugin killed mid-wait: a new plugin process from the saved state reuses the same job", async () => {
    const stack = world.newStack();
    const saved = JSON.stringify(stack);
    const rp = await world.recoveryPoint(400 * GiB); // ~1.1 real seconds of copying
    const d = world.decl(stack, "crash", { recoveryPointArn: rp });
    const doomed = await world.startPlugin();
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
    const fresh = await world.startPlugin();
    const up = world.ok(await restored.up([d], { plugin: fresh }));
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
