/**
 * The native plugin's pieces that need no process: the engine's values (secrets, unknowns), URNs and the token
 * scope, the engine address among the plugin's arguments, provider config, the schema against the property
 * table, cancel through the operation's Deadline, and the package manifest's executable.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { PROPERTIES, SECRET_INPUTS } from "../../provider/inputs/properties";
import { UNKNOWN } from "../../provider/inputs/unknown";
import { check } from "../../provider/operations/check";
import { configFromRequest } from "../../provider/plugin/config";
import { engineAddressOf } from "../../provider/plugin/main";
import { DESCRIPTIONS, packageSchema } from "../../provider/plugin/schema";
import { parseUrn, tokenScopeOf } from "../../provider/plugin/urn";
import { decodeProps, encodeProps, isSecretValue, secretValue } from "../../provider/plugin/values";
import { Deadline } from "../../provider/wait/deadline";
import { pollUntil, WaitCancelled } from "../../provider/wait/poll";
import { TrackedJobs } from "../../provider/wait/tracked-jobs";

const REPO = path.resolve(__dirname, "../..");

describe("native plugin: values, URNs, config, schema", () => {
  it("unwraps secrets on the way in and names them; wraps them (and every secret input) on the way out", () => {
    const struct = structproto.Struct.fromJavaScript({
      a: "plain",
      b: secretValue("hidden") as structproto.JavaScriptValue,
      c: { inner: secretValue(1) } as structproto.JavaScriptValue,
      d: UNKNOWN,
    });
    const { props, secrets } = decodeProps(struct);
    assert.deepEqual(props, { a: "plain", b: "hidden", c: { inner: 1 }, d: UNKNOWN });
    assert.deepEqual([...secrets].sort(), ["b", "c"]);
    const out = encodeProps(
      { ...props, destinationExternalId: "ext", gone: undefined },
      secrets,
    ).toJavaScript();
    assert.ok(isSecretValue(out.b) && isSecretValue(out.c));
    assert.ok(isSecretValue(out.destinationExternalId), "a secret input is always returned secret");
    assert.equal(out.a, "plain");
    assert.equal(out.d, UNKNOWN);
    assert.ok(!("gone" in out));
  });

  it("takes the token's scope from the URN as the dynamic CopyJob writes it: project/stack/name", () => {
    const urn = "urn:pulumi:prod::backups::my:comp$backup-copy:index:CopyJob::nightly";
    assert.deepEqual(parseUrn(urn), {
      stack: "prod",
      project: "backups",
      type: "backup-copy:index:CopyJob",
      name: "nightly",
    });
    assert.equal(tokenScopeOf(urn), "backups/prod/nightly");
    // So the same resource gets the same default token through either front.
    const inputs = {
      recoveryPointArn: "arn:aws:backup:us-east-1:111111111111:recovery-point:abc",
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: "arn:aws:backup:us-west-2:111111111111:backup-vault:dr",
      iamRoleArn: "arn:aws:iam::111111111111:role/r",
    };
    const a = check({ ...inputs, tokenScope: tokenScopeOf(urn) }).inputs;
    const b = check({ ...inputs, tokenScope: "backups/prod/nightly" }).inputs;
    assert.equal(a.idempotencyToken, b.idempotencyToken);
  });

  it("finds the engine's address among the flags the engine may add", () => {
    assert.equal(engineAddressOf(["127.0.0.1:1234"]), "127.0.0.1:1234");
    assert.equal(
      engineAddressOf(["-v=9", "--logtostderr", "--tracing", "file:/x", "127.0.0.1:5"]),
      "127.0.0.1:5",
    );
    assert.equal(engineAddressOf([]), undefined);
  });

  it("reads backup-copy:region and backup-copy:profile from Configure's args, or the older variables", () => {
    const req = new provproto.ConfigureRequest().setArgs(
      structproto.Struct.fromJavaScript({ region: "eu-west-1", profile: "dr" }),
    );
    assert.deepEqual(configFromRequest(req), { region: "eu-west-1", profile: "dr" });
    const old = new provproto.ConfigureRequest();
    old.getVariablesMap().set("backup-copy:config:region", "ap-south-1");
    assert.deepEqual(configFromRequest(old), { region: "ap-south-1", profile: undefined });
  });

  it("schema: every property of the table is typed and described; secrets are marked", () => {
    for (const name of Object.keys(PROPERTIES))
      assert.ok(DESCRIPTIONS[name as keyof typeof DESCRIPTIONS], name);
    const schema = packageSchema() as {
      resources: Record<
        string,
        { inputProperties: Record<string, { secret?: boolean }>; properties: object }
      >;
    };
    const resource = schema.resources["backup-copy:index:CopyJob"];
    for (const name of SECRET_INPUTS) assert.equal(resource.inputProperties[name].secret, true, name);
    assert.ok(!("tokenScope" in resource.inputProperties), "tokenScope is the front's, not the user's");
    assert.ok(!("adopted" in resource.properties));
  });
});

describe("native plugin: cancel through the operation's deadline", () => {
  it("a cancelled deadline has passed, with no time left", () => {
    const controller = new AbortController();
    const deadline = Deadline.after(60_000, Date.now(), controller.signal);
    assert.equal(deadline.passed(), false);
    controller.abort();
    assert.equal(deadline.cancelled, true);
    assert.equal(deadline.passed(), true);
    assert.equal(deadline.remainingMs(), 0);
  });

  it("a poll sleeping between looks ends with WaitCancelled when the operation is cancelled", async () => {
    const controller = new AbortController();
    const deadline = Deadline.after(3_600_000, Date.now(), controller.signal);
    let looks = 0;
    const polling = pollUntil(
      async () => {
        looks++;
        if (looks === 1) setImmediate(() => controller.abort());
        return { done: false };
      },
      { deadline, minDelayMs: 600_000, maxDelayMs: 600_000 },
    );
    await assert.rejects(polling, (e: unknown) => e instanceof WaitCancelled);
    assert.equal(looks, 1);
  });

  it("a waiter of the shared poller's registry is let go at the cancel, seen or not", async () => {
    const jobs = new TrackedJobs(() => undefined);
    const controller = new AbortController();
    const waiting = jobs.wait("job-1", {
      deadline: Deadline.after(3_600_000, Date.now(), controller.signal),
      minDelayMs: 1000,
      maxDelayMs: 1000,
    });
    controller.abort();
    await assert.rejects(waiting, (e: unknown) => e instanceof WaitCancelled);
    assert.equal(jobs.get("job-1"), undefined, "the job is no longer tracked for it");
  });
});

describe("native plugin: the package's executable", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    bin: Record<string, string>;
    files: string[];
  };

  it("is declared as a bin, shipped in files, and `npm run -s plugin` prints its folder", () => {
    assert.equal(manifest.bin["pulumi-resource-backup-copy"], "bin/pulumi-resource-backup-copy");
    assert.ok(manifest.files.includes("bin/pulumi-resource-backup-copy"));
    const exe = path.join(REPO, "bin", "pulumi-resource-backup-copy");
    assert.ok(fs.statSync(exe).mode & 0o111, "executable");
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const printed = execFileSync(npm, ["run", "-s", "plugin"], { cwd: REPO, encoding: "utf8" }).trim();
    assert.equal(printed, path.join(REPO, "bin"));
    assert.ok(fs.existsSync(path.join(printed, "pulumi-resource-backup-copy")));
  });
});
