/**
 * The native plugin (bin/pulumi-resource-backup-copy of the installed package) driven over gRPC the way the
 * engine drives it: schema, create and wait, refresh drift, an in-place update, customTimeouts, Cancel and
 * SIGINT, import by id, and preview, against the AWS Backup emulator.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import { PluginError, UNKNOWN } from "../harness";
import { REQUIRED_INPUTS, SECRET_INPUTS, USER_INPUTS } from "../../provider/inputs/properties";
import { SECRET_SIG, SIG_KEY } from "../../provider/plugin/values";
import { PARTNER_ACCOUNT, PARTNER_ROLE_ARN, seedPartner } from "../support/seed";
import { startNativeWorld, TYPE, until, type NativeWorld } from "./world";

type Props = Record<string, unknown>;
const isSecret = (v: unknown) => !!v && typeof v === "object" && (v as Props)[SIG_KEY] === SECRET_SIG;
/** At an hour of emulated time per real second and 100 MiB/s, a copy of this size runs ~`s` real seconds. */
const sizeForSeconds = (s: number) => Math.round(s * 3600 * 100 * 1024 * 1024);

describe("native plugin over gRPC", function () {
  this.timeout(120_000);
  let world: NativeWorld;

  before(async () => {
    world = await startNativeWorld();
  });
  after(async () => {
    await world?.stop();
  });

  const checked = async (name: string, inputs: Props, olds: Props = {}) => {
    const result = await world.plugin.check(world.urn(name), olds, inputs);
    assert.deepEqual(result.failures, []);
    return result.inputs;
  };

  it("serves a schema with the property table's inputs, required inputs and secrets", async () => {
    const schema = await world.plugin.getSchema();
    assert.equal(schema.name, "backup-copy");
    const resource = (schema.resources as Record<string, Props>)[TYPE];
    const inputs = resource.inputProperties as Record<string, Props>;
    assert.deepEqual(Object.keys(inputs).sort(), USER_INPUTS.filter((n) => n !== "tokenScope").sort());
    assert.deepEqual(resource.requiredInputs, [...REQUIRED_INPUTS]);
    for (const name of SECRET_INPUTS) assert.equal(inputs[name].secret, true, name);
    for (const [name, p] of Object.entries(inputs)) assert.ok(p.description, `${name} has a description`);
    assert.ok((resource.properties as Props).state, "outputs include state");
  });

  it("check: a bad input fails naming the property, before any AWS call", async () => {
    const before = await world.calls("StartCopyJob");
    const result = await world.plugin.check(world.urn("bad"), {}, world.inputs("not-an-arn"));
    assert.equal(result.failures[0]?.property, "recoveryPointArn");
    assert.match(result.failures[0]!.reason, /must be an ARN/);
    assert.equal(await world.calls("StartCopyJob"), before);
  });

  it("preview answers create and update from the inputs, with no AWS call", async () => {
    const rp = await world.recoveryPoint();
    const calls = JSON.stringify(await world.emulator.control.calls());
    const inputs = await checked("preview", world.inputs(rp));
    const created = await world.plugin.create(world.urn("preview"), inputs, undefined, true);
    assert.equal(created.id, "");
    assert.equal(created.properties.copyJobId, UNKNOWN);
    assert.equal(created.properties.recoveryPointArn, rp);
    const olds = { ...inputs, copyJobId: "job-1", state: "COMPLETED" };
    const updated = await world.plugin.update(
      world.urn("preview"),
      "job-1",
      olds,
      inputs,
      {},
      undefined,
      true,
    );
    assert.equal(updated.properties.copyJobId, "job-1");
    assert.equal(JSON.stringify(await world.emulator.control.calls()), calls, "no AWS call");
  });

  it("create waits for the copy, logs progress against the URN, keeps the external id secret", async () => {
    const rp = await world.recoveryPoint();
    const urn = world.urn("waits");
    const inputs = await checked("waits", world.inputs(rp, { destinationExternalId: "ext-id-123" }));
    assert.ok(isSecret(inputs.destinationExternalId), "check returns the external id as a secret");
    const { id, properties } = await world.plugin.create(urn, inputs);
    assert.equal(properties.state, "COMPLETED");
    assert.equal(properties.copyJobId, id);
    assert.match(String(properties.destinationRecoveryPointArn), /^arn:aws:ec2:us-west-2/);
    assert.ok(isSecret(properties.destinationExternalId), "outputs keep the external id secret");
    await world.plugin.settle(100);
    const lines = world.plugin.diagnosticEvents.filter((d) => d.source === "log" && d.urn === urn);
    assert.ok(
      lines.some((d) => d.text.includes(`Copy job ${id} COMPLETED`)),
      JSON.stringify(world.plugin.diagnosticEvents),
    );
    assert.ok(
      !world.plugin.diagnostics.some((t) => t.includes("ext-id-123")),
      "the external id is never logged",
    );
  });

  it("refresh sees drift: a copy deleted outside leaves the stack", async () => {
    const rp = await world.recoveryPoint();
    const urn = world.urn("drift");
    const inputs = await checked("drift", world.inputs(rp, { lifecycle: { deleteAfterDays: 100 } }));
    const { id, properties } = await world.plugin.create(urn, inputs);
    const copy = String(properties.destinationRecoveryPointArn);
    await world.emulator.control.deleteRecoveryPointOutOfBand(copy);
    const read = await world.plugin.read(urn, id, properties, inputs);
    assert.equal(read.id, "", "a deleted copy leaves the stack");
  });

  it("an update changes the lifecycle in place: no second copy", async () => {
    const rp = await world.recoveryPoint();
    const urn = world.urn("lifecycle");
    const inputs = await checked("lifecycle", world.inputs(rp, { lifecycle: { deleteAfterDays: 100 } }));
    const { id, properties } = await world.plugin.create(urn, inputs);
    const starts = await world.calls("StartCopyJob");
    const news = await checked(
      "lifecycle",
      world.inputs(rp, { lifecycle: { deleteAfterDays: 200 } }),
      inputs,
    );
    assert.equal(news.idempotencyToken, inputs.idempotencyToken);
    const diff = await world.plugin.diff(urn, id, properties, news, inputs);
    assert.equal(diff.changes, "DIFF_SOME");
    assert.deepEqual(diff.replaces, []);
    assert.deepEqual(diff.diffs, ["lifecycle"]);
    const updated = await world.plugin.update(urn, id, properties, news, inputs);
    const rpOut = updated.properties.destinationRecoveryPoint as { lifecycle?: { deleteAfterDays?: number } };
    assert.equal(rpOut.lifecycle?.deleteAfterDays, 200);
    assert.equal(await world.calls("StartCopyJob"), starts);
  });

  it("delete keeps the copy by default with no AWS call; onDelete delete removes it", async () => {
    for (const onDelete of ["retain", "delete"] as const) {
      const rp = await world.recoveryPoint();
      const urn = world.urn(`delete-${onDelete}`);
      const inputs = await checked(`delete-${onDelete}`, world.inputs(rp, { onDelete }));
      const { id, properties } = await world.plugin.create(urn, inputs);
      const copy = String(properties.destinationRecoveryPointArn);
      await world.emulator.control.resetCalls();
      await world.plugin.delete(urn, id, properties, inputs);
      const calls = await world.emulator.control.calls();
      const exists = (await world.emulator.control.state()).recoveryPoints.some(
        (r) => (r as { recoveryPointArn: string }).recoveryPointArn === copy,
      );
      if (onDelete === "retain") {
        assert.ok(exists, "the copy stays");
        assert.equal(calls.DeleteRecoveryPoint ?? 0, 0);
      } else {
        assert.ok(!exists, "the copy is gone");
        assert.equal(calls.DeleteRecoveryPoint, 1);
      }
    }
  });

  it("customTimeouts end a create as a partial with the job's id; the next update resumes the same job", async () => {
    const rp = await world.recoveryPoint(sizeForSeconds(6));
    const urn = world.urn("timeout");
    const inputs = await checked("timeout", world.inputs(rp));
    const starts = await world.calls("StartCopyJob");
    const error = await world.plugin.create(urn, inputs, 1).then(
      () => assert.fail("the create should time out"),
      (e: unknown) => e as PluginError,
    );
    assert.ok(error instanceof PluginError, String(error));
    assert.ok(error.initFailure, `a partial: ${error.details}`);
    const { id, properties } = error.initFailure;
    assert.ok(id);
    assert.match(error.details, /customTimeouts/);
    assert.notEqual(properties.state, "COMPLETED");
    assert.equal(await world.jobState(id), "RUNNING", "the job keeps running");
    const diff = await world.plugin.diff(urn, id, properties, inputs, inputs);
    assert.equal(diff.changes, "DIFF_SOME", "the next up resumes through update");
    const resumed = await world.plugin.update(urn, id, properties, inputs, inputs);
    assert.equal(resumed.properties.state, "COMPLETED");
    assert.equal(resumed.properties.copyJobId, id);
    assert.equal(await world.calls("StartCopyJob"), starts + 1, "one StartCopyJob in all");
  });

  for (const how of ["the engine's Cancel", "SIGINT"] as const) {
    it(`${how} ends a waiting create promptly as a resumable partial; the job keeps running`, async () => {
      const plugin = await world.startPlugin();
      const name = how === "SIGINT" ? "sigint" : "cancel";
      const rp = await world.recoveryPoint(sizeForSeconds(60));
      const urn = world.urn(name);
      const inputs = (await plugin.check(urn, {}, world.inputs(rp))).inputs;
      const starts = await world.calls("StartCopyJob");
      const creating = plugin.create(urn, inputs).then(
        () => assert.fail("the create should be cancelled"),
        (e: unknown) => e as PluginError,
      );
      await until(async () => (await world.calls("StartCopyJob")) > starts, 30_000, "StartCopyJob");
      await until(
        async () =>
          (await world.emulator.control.state()).copyJobs.some((j) => j.sourceRecoveryPointArn === rp),
        30_000,
        "the job",
      );
      if (how === "SIGINT") plugin.signal("SIGINT");
      else await plugin.cancel();
      const error = await creating;
      assert.ok(error.initFailure, `a partial: ${error.details}`);
      assert.match(error.details, /cancelled/);
      const id = error.initFailure.id;
      assert.equal(await world.jobState(id), "RUNNING", "the job keeps running");
      // The plugin still answers (the engine reads the partial's state, then closes it).
      assert.equal((await plugin.check(urn, inputs, inputs)).failures.length, 0);
      // A later `up` (another plugin process) resumes the same job through update.
      const next = await world.startPlugin();
      const short = { ...inputs };
      await world.emulator.control.setClock({ scale: 3600 * 60 });
      try {
        const resumed = await next.update(urn, id, error.initFailure.properties, short, inputs);
        assert.equal(resumed.properties.state, "COMPLETED");
        assert.equal(resumed.properties.copyJobId, id);
      } finally {
        await world.emulator.control.setClock({ scale: 3600 });
      }
      assert.equal(await world.calls("StartCopyJob"), starts + 1, "one StartCopyJob in all");
    });
  }

  it("import: read with the id alone rebuilds the inputs of a job started outside; no copy starts", async () => {
    const rp = await world.recoveryPoint();
    const jobId = await world.startCopyOutside(rp, { DeleteAfterDays: 120 });
    await until(async () => (await world.jobState(jobId)) === "COMPLETED", 30_000, "the outside copy");
    const starts = await world.calls("StartCopyJob");
    const urn = world.urn("imported");
    const read = await world.plugin.read(urn, jobId, {});
    assert.equal(read.id, jobId);
    assert.deepEqual(read.inputs, {
      copyJobId: jobId,
      destinationBackupVaultArn: world.destinationVaultArn,
      iamRoleArn: world.inputs(rp).iamRoleArn,
      lifecycle: { deleteAfterDays: 120 },
      recoveryPointArn: rp,
      sourceBackupVaultName: "prod-vault",
    });
    // What the engine does next: check the read inputs, then diff them against the read state: no change.
    const inputs = await checked("imported", read.inputs!, read.inputs!);
    const diff = await world.plugin.diff(urn, jobId, read.properties, inputs, read.inputs);
    assert.equal(diff.changes, "DIFF_NONE", JSON.stringify(diff));
    assert.equal(await world.calls("StartCopyJob"), starts, "import starts no copy");
    // The program `pulumi import` prints has copyJobId: creating it again adopts the job, starts nothing.
    const adopted = await world.plugin.create(world.urn("imported-again"), inputs);
    assert.equal(adopted.id, jobId);
    assert.equal(await world.calls("StartCopyJob"), starts);
  });

  it("import of a cross-account job says how to adopt it with the destination's role; that adoption starts no copy", async () => {
    const partnerVault = await seedPartner(world.emulator.control, "partner-ext-id");
    const rp = await world.recoveryPoint();
    const jobId = await world.startCopyOutside(rp, undefined, partnerVault);
    await until(async () => (await world.jobState(jobId)) === "COMPLETED", 30_000, "the outside copy");
    const starts = await world.calls("StartCopyJob");
    await assert.rejects(
      world.plugin.read(world.urn("partner"), jobId, {}),
      (e: PluginError) =>
        new RegExp(`copies into account ${PARTNER_ACCOUNT}`).test(e.details) &&
        /destinationRoleArn/.test(e.details),
    );
    const inputs = await checked(
      "partner",
      world.inputs(rp, {
        destinationBackupVaultArn: partnerVault,
        destinationRoleArn: PARTNER_ROLE_ARN,
        destinationExternalId: "partner-ext-id",
        copyJobId: jobId,
      }),
    );
    const adopted = await world.plugin.create(world.urn("partner"), inputs);
    assert.equal(adopted.id, jobId);
    assert.equal(adopted.properties.state, "COMPLETED");
    assert.equal(await world.calls("StartCopyJob"), starts, "adoption starts no copy");
  });

  it("import of a job that is not in AWS's history says it may have aged out", async () => {
    await assert.rejects(
      world.plugin.read(world.urn("old"), "11111111-2222-3333-4444-555555555555", {}),
      (e: PluginError) => /aged out/.test(e.details) && /us-east-1/.test(e.details),
    );
  });

  it("exits once the engine that started it is gone (no orphan serving nobody)", async () => {
    // A parent shell stands for the engine: killed outright, it cannot end its plugin.
    const shell = spawn("sh", ["-c", `"${world.pkg.pluginExecutable}" 127.0.0.1:1 & echo $!; wait`], {
      env: { ...process.env, ...world.emulator.env },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let printed = "";
    shell.stdout!.on("data", (d: Buffer) => (printed += String(d)));
    // Its pid (from the shell), then its port (up and serving).
    await until(() => printed.split("\n").filter(Boolean).length >= 2, 20_000, "the plugin's port");
    const pid = Number(printed.split("\n")[0]);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      } catch {
        return false;
      }
    };
    assert.ok(alive());
    shell.kill("SIGKILL");
    await until(() => !alive(), 15_000, "the orphaned plugin to exit");
  });

  it("a resource type it does not serve is refused", async () => {
    await assert.rejects(
      world.plugin.check("urn:pulumi:dev::native::backup-copy:index:Other::x", {}, {}),
      /unknown resource type backup-copy:index:Other/,
    );
  });
});
