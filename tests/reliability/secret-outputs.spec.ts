/**
 * The program side of the secrets decision (docs/reliability.md): outputs echo the inputs because read and
 * delete receive only outputs, and delete needs destinationExternalId to assume destinationRoleArn. So the
 * CopyJob resource must hand the engine the external id as a secret input and list it in
 * additionalSecretOutputs, which makes the engine store it encrypted in inputs and outputs. Checked on the
 * RegisterResource request itself, under pulumi.runtime.setMocks.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";

/** Pulumi's marker for a secret value on the wire (sdk/nodejs/runtime/rpc.ts specialSecretSig). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const EXTERNAL_ID = "mock-ext-id-93a1f0c2";

describe("reliability: destinationExternalId is a secret to the engine", () => {
  it("is sent as a secret input and listed in additionalSecretOutputs; the output is secret", async () => {
    const requests: Array<{ secretOutputs: string[]; externalId: string }> = [];
    await pulumi.runtime.setMocks(
      { newResource: (a) => ({ id: "job-1", state: a.inputs }), call: (a) => a.inputs },
      "reliability",
      "mocks",
      false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource(req: RegisterRequest, cb: unknown): unknown;
    };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      const fields = req.getObject()?.getFieldsMap();
      requests.push({
        secretOutputs: req.getAdditionalsecretoutputsList(),
        externalId: JSON.stringify(fields?.get("destinationExternalId")?.toJavaScript()),
      });
      return original(req, cb);
    };
    const { CopyJob } = await import("../../provider/copy-job");
    const job = new CopyJob("dr", {
      recoveryPointArn:
        "arn:aws:backup:us-east-1:111111111111:recovery-point:1a2b3c4d-0000-4000-8000-000000000001",
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: "arn:aws:backup:us-west-2:222222222222:backup-vault:partner-vault",
      iamRoleArn: "arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole",
      destinationRoleArn: "arn:aws:iam::222222222222:role/pulumi-backup-copy-dr",
      destinationExternalId: EXTERNAL_ID,
    });
    const out = (job as unknown as { destinationExternalId: pulumi.Output<string> }).destinationExternalId;
    assert.equal(await pulumi.isSecret(out), true);
    await new Promise<void>((resolve) => job.urn.apply(() => resolve()));
    assert.equal(requests.length, 1);
    assert.ok(requests[0].secretOutputs.includes("destinationExternalId"), JSON.stringify(requests[0]));
    assert.ok(requests[0].externalId.includes(SECRET_SIG), `not sent as a secret: ${requests[0].externalId}`);
  });
});

interface RegisterRequest {
  getAdditionalsecretoutputsList(): string[];
  getObject(): { getFieldsMap(): { get(k: string): { toJavaScript(): unknown } | undefined } } | undefined;
}
