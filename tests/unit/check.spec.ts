import { strict as assert } from "assert";
import { check } from "../../provider/operations/check";
import { UNKNOWN } from "../../provider/inputs/unknown";
import { VALID } from "./fixtures";

describe("check", () => {
  it("accepts valid inputs and fills a deterministic token", () => {
    const a = check({ ...VALID, tokenScope: "proj/dev/copy" });
    const b = check({ ...VALID, tokenScope: "proj/dev/copy" });
    assert.deepEqual(a.failures, []);
    assert.match(String(a.inputs!.idempotencyToken), /^pbc-[0-9a-f]{40}$/);
    assert.equal(a.inputs!.idempotencyToken, b.inputs!.idempotencyToken);
  });

  it("gives other tokens to other scopes and other copies, the same token across lifecycle changes", () => {
    const base = check({ ...VALID, tokenScope: "proj/dev/copy" }).inputs!.idempotencyToken;
    assert.notEqual(check({ ...VALID, tokenScope: "proj/prod/copy" }).inputs!.idempotencyToken, base);
    assert.notEqual(
      check({ ...VALID, tokenScope: "proj/dev/copy", sourceBackupVaultName: "other" }).inputs!
        .idempotencyToken,
      base,
    );
    assert.equal(
      check({ ...VALID, tokenScope: "proj/dev/copy", lifecycle: { deleteAfterDays: 30 } }).inputs!
        .idempotencyToken,
      base,
    );
  });

  it("keeps an explicit token", () => {
    assert.equal(check({ ...VALID, idempotencyToken: "mine" }).inputs!.idempotencyToken, "mine");
  });

  it("leaves unknown values alone during preview and keeps the token unknown", () => {
    const result = check({ ...VALID, recoveryPointArn: UNKNOWN, lifecycle: { deleteAfterDays: UNKNOWN } });
    assert.deepEqual(result.failures, []);
    assert.equal(result.inputs!.idempotencyToken, UNKNOWN);
  });

  it("reports every missing required property by name", () => {
    const failures = check({})
      .failures!.map((f) => f.property)
      .sort();
    assert.deepEqual(failures, [
      "destinationBackupVaultArn",
      "iamRoleArn",
      "recoveryPointArn",
      "sourceBackupVaultName",
    ]);
  });
});
