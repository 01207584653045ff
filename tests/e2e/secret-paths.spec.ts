/**
 * Issue 21, defect 5: two paths by which destinationExternalId could leave secret storage. Read (refresh)
 * returns it among the inputs as a plain value, and a create that hits its deadline hands the engine its
 * outputs, the external id among them, inside the partial-state error. Through the real engine, after each
 * path, `pulumi stack export` as a user runs it (no --show-secrets) holds the external id in the inputs and the
 * outputs only as the engine's secret envelope with ciphertext, and its plain text nowhere: not in the export,
 * not in what the CLI printed. The engine re-marks it secret by name (additionalSecretOutputs, and secret
 * inputs stay secret), so neither path leaks.
 */
import { strict as assert } from "assert";
import { PARTNER_ROLE_ARN, seedPartner } from "../support/seed";
import { assertCiphertext, TYPE, type E2eStack, type E2eWorld, type Run, withE2eWorld } from "./support";

const EXTERNAL_ID = "e2e-secret-paths-ext-4b7e1d";
const TiB = 1024 ** 4;

describe("e2e: the external id stays secret through refresh and a timed-out create", function () {
  this.timeout(180_000);
  let world: E2eWorld;
  let partnerVaultArn: string;
  withE2eWorld({ seed: 122 }, (w) => (world = w));
  before(async () => {
    partnerVaultArn = await seedPartner(world.control, EXTERNAL_ID);
  });

  /** `pulumi stack export` as a user runs it: the external id only as ciphertext, in inputs and outputs. */
  async function exportedSecretOnly(s: E2eStack, when: string): Promise<Record<string, unknown>> {
    const text = await s.cli(["stack", "export"]);
    assert.ok(!text.includes(EXTERNAL_ID), `${when}: the external id is in the export in plain text`);
    const resources = (JSON.parse(text) as { deployment: { resources: Array<Record<string, unknown>> } })
      .deployment.resources;
    const resource = resources.find((r) => r.type === TYPE) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    assert.ok(resource, `${when}: no CopyJob in the export`);
    for (const [where, props] of [
      ["inputs", resource.inputs],
      ["outputs", resource.outputs],
    ] as const) {
      assertCiphertext(props.destinationExternalId, `${when}: ${where}.destinationExternalId`);
    }
    return resource as unknown as Record<string, unknown>;
  }

  const printed = (run: Run) => [run.output, ...run.diagnostics].join("\n");

  it("a timed-out create, a refresh and the resumed up: ciphertext only in the export", async () => {
    const rp = await world.recoveryPoint(20 * TiB); // ~58 emulated hours: far beyond a 1.2 s deadline
    const args = {
      recoveryPointArn: rp,
      destinationBackupVaultArn: partnerVaultArn,
      destinationRoleArn: PARTNER_ROLE_ARN,
      destinationExternalId: EXTERNAL_ID,
      timeoutMinutes: 0.02,
    };
    const s = await world.stack({ stackName: "secret-paths", program: world.program({ dr: { args } }) });

    const error = await s.up().then(
      () => assert.fail("up should fail at the deadline"),
      (e: Error & { run: Run }) => e,
    );
    assert.match(error.message, /still (CREATED|RUNNING)/);
    assert.ok(!error.message.includes(EXTERNAL_ID), "the up's error quotes the external id");
    assert.ok(!printed(error.run).includes(EXTERNAL_ID), "the up printed the external id");
    const partial = await exportedSecretOnly(s, "after the timed-out create");
    assert.ok((partial.initErrors as string[] | undefined)?.length, "recorded as a partial create");

    await world.control.advanceClock(3 * 86400); // AWS finishes the copy meanwhile
    const refresh = await s.refresh();
    assert.ok(!printed(refresh).includes(EXTERNAL_ID), "the refresh printed the external id");
    const refreshed = await exportedSecretOnly(s, "after refresh");
    assert.equal((refreshed.outputs as Record<string, unknown>).state, "COMPLETED");

    const up = await s.up();
    assert.ok(!printed(up).includes(EXTERNAL_ID), "the resumed up printed the external id");
    await exportedSecretOnly(s, "after the resumed up");
    assert.equal((await world.jobsOf(rp)).length, 1);
    assert.ok((await world.control.calls()).AssumeRole, "the destination role was never assumed");
  });
});
