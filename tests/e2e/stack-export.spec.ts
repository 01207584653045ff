/**
 * What the real engine stores, read back with `pulumi stack export`: the serialized provider is a small
 * `require` of the installed package, `destinationExternalId` exists only as ciphertext (the engine's secret
 * envelope), and no access key, secret key or session token appears anywhere: not in the export, not in what
 * the CLI printed. The copy is cross-account, so the provider really assumes the destination role and holds
 * temporary keys and a session token while it works.
 */
import { strict as assert } from "assert";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { PARTNER_ROLE_ARN, seedPartner } from "../support/seed";
import { assertCiphertext, TYPE, type E2eWorld, withE2eWorld } from "./support";

const EXTERNAL_ID = "e2e-external-id-7d41c9a05e";

describe("e2e: pulumi stack export (real engine state)", function () {
  this.timeout(120_000);
  let world: E2eWorld;
  let partnerVaultArn: string;
  withE2eWorld({ seed: 113 }, (w) => (world = w));
  before(async () => {
    partnerVaultArn = await seedPartner(world.control, EXTERNAL_ID);
  });

  it("a small require() provider, the external id only as ciphertext, no key or token anywhere, plain JSON outputs", async () => {
    const rp = await world.recoveryPoint();
    const lifecycle = { moveToColdStorageAfterDays: 30, deleteAfterDays: 150 };
    const args = {
      recoveryPointArn: rp,
      destinationBackupVaultArn: partnerVaultArn,
      destinationRoleArn: PARTNER_ROLE_ARN,
      destinationExternalId: EXTERNAL_ID,
      lifecycle,
    };
    const s = await world.stack({ stackName: "exported", program: world.program({ dr: { args } }) });
    const up = await s.up();
    assert.equal(up.ops.dr, "create");
    assert.ok((await world.control.calls()).AssumeRole! > 0, "the destination role was never assumed");

    // `pulumi stack export` as a user runs it (the Automation API's exportStack() adds --show-secrets).
    const text = await s.cli(["stack", "export"]);
    const exported = JSON.parse(text) as { deployment: unknown };
    const resource = (exported.deployment as { resources: Array<Record<string, unknown>> }).resources.find(
      (r) => r.type === TYPE,
    ) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    assert.ok(resource, text.slice(0, 2000));

    // The serialized provider, stored in inputs and outputs: a require of the installed package.
    for (const where of [resource.inputs, resource.outputs]) {
      const provider = String(where.__provider);
      assert.match(
        provider,
        /Object\.create\(require\("pulumi-backup-copy\/dist\/provider\/provider-methods\.js"\)\)/,
      );
      assert.ok(Buffer.byteLength(provider) < 1024, `${Buffer.byteLength(provider)} bytes`);
    }

    // The external id: the engine's secret envelope with ciphertext, in inputs and outputs; nowhere in clear.
    assertCiphertext(resource.inputs.destinationExternalId, "inputs.destinationExternalId");
    assertCiphertext(resource.outputs.destinationExternalId, "outputs.destinationExternalId");
    const needles: Array<[string, RegExp]> = [
      ["external id", new RegExp(EXTERNAL_ID)],
      ["access key id", new RegExp(DEFAULT_CREDENTIALS.accessKeyId)],
      ["secret key", new RegExp(DEFAULT_CREDENTIALS.secretAccessKey.replace(/[+/]/g, "\\$&"))],
      ["temporary key (ASIA…)", /ASIA[A-Z0-9]{16}/],
      ["session token", /FwoGZXIvYXdzE/],
    ];
    const texts: Array<[string, string]> = [
      ["the export", text],
      ["the up's output", up.output],
      ["the up's diagnostics", up.diagnostics.join("\n")],
    ];
    const hits = texts.flatMap(([where, t]) =>
      needles.filter(([, re]) => re.test(t)).map(([what]) => `${what} in ${where}`),
    );
    assert.deepEqual(hits, []);

    // Outputs came through the engine as plain JSON: no null, no empty object (a Date would be {}), ISO dates.
    const problems: string[] = [];
    const visit = (v: unknown, at: string) => {
      if (v === null || v === undefined) problems.push(`${at} is ${v}`);
      else if (typeof v === "object") {
        if (Object.keys(v).length === 0) problems.push(`${at} is an empty object`);
        for (const [k, x] of Object.entries(v)) visit(x, `${at}.${k}`);
      }
    };
    visit(resource.outputs, "outputs");
    assert.deepEqual(problems, []);
    const dest = resource.outputs.destinationRecoveryPoint as {
      lifecycle: unknown;
      calculatedLifecycle: Record<string, unknown>;
    };
    assert.deepEqual(dest.lifecycle, lifecycle);
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
    for (const v of [
      resource.outputs.creationDate,
      resource.outputs.completionDate,
      dest.calculatedLifecycle.deleteAt,
    ])
      assert.match(String(v), iso);
  });
});
