/**
 * The schema's secrets reach the engine: `destinationExternalId`, written in clear in the Pulumi.yaml program
 * (the harshest case: a config secret would arrive secret anyway), is stored only as ciphertext. `pulumi stack
 * export` as a user runs it shows the engine's secret envelope, and neither it nor anything the CLI printed holds
 * the external id, an access key, a secret key, a temporary key or a session token.
 */
import { strict as assert } from "assert";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { PARTNER_ROLE_ARN, seedPartner } from "../support/seed";
import { assertCiphertext } from "../e2e/support";
import { NATIVE_TYPE, type YamlWorld, withYamlWorld } from "./support";

const EXTERNAL_ID = "yaml-external-id-5c2e81f09b";

describe("yaml: pulumi stack export of a native CopyJob", function () {
  this.timeout(180_000);
  let world: YamlWorld;
  let partnerVaultArn: string;
  withYamlWorld({ seed: 223 }, (w) => (world = w));
  before(async () => {
    partnerVaultArn = await seedPartner(world.control, EXTERNAL_ID);
  });

  it("the external id only as ciphertext, in inputs and outputs; no key or token anywhere", async () => {
    const rp = await world.recoveryPoint();
    const p = await world.project("exported", {
      resources: {
        dr: {
          type: NATIVE_TYPE,
          properties: world.copyProperties(rp, {
            destinationBackupVaultArn: partnerVaultArn,
            destinationRoleArn: PARTNER_ROLE_ARN,
            destinationExternalId: EXTERNAL_ID,
          }),
        },
      },
    });
    const up = await p.up();
    assert.equal(up.ops.dr, "create", up.output);
    assert.ok((await world.control.calls()).AssumeRole! > 0, "the destination role was never assumed");

    const { text, deployment } = await p.exportStack();
    const resource = deployment.resources?.find((r) => r.type === NATIVE_TYPE);
    assert.ok(resource, text.slice(0, 2000));
    const secrets = [resource.inputs, resource.outputs].filter(
      (where) => where?.destinationExternalId !== undefined,
    );
    assert.ok(secrets.length > 0, "destinationExternalId is in neither inputs nor outputs");
    assert.ok(
      resource.inputs?.destinationExternalId !== undefined,
      "destinationExternalId missing from inputs",
    );
    for (const where of secrets) assertCiphertext(where!.destinationExternalId, "destinationExternalId");
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
      ["the up's events", JSON.stringify(up.events)],
    ];
    const hits = texts.flatMap(([where, t]) =>
      needles.filter(([, re]) => re.test(t)).map(([what]) => `${what} in ${where}`),
    );
    assert.deepEqual(hits, []);
  });
});
