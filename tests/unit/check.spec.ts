import { strict as assert } from "assert";
import { check } from "../../provider/operations/check";
import { diff } from "../../provider/operations/diff";
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

  describe("a resource that has a token keeps it (issue 12 item 1)", () => {
    const first = check({ ...VALID, tokenScope: "proj/dev/copy" }).inputs!;

    for (const [what, scope] of [
      ["pulumi stack rename", "proj/prod/copy"],
      ["a new project name", "other-proj/dev/copy"],
      ["a resource renamed with aliases", "proj/dev/renamed"],
    ]) {
      it(`across ${what}: the same token, so diff neither replaces nor updates`, () => {
        const next = check({ ...VALID, tokenScope: scope }, first);
        assert.deepEqual(next.failures, []);
        assert.equal(next.inputs!.idempotencyToken, first.idempotencyToken);
        const olds = { ...first, copyJobId: "job-1", state: "COMPLETED" };
        assert.deepEqual(diff(olds, next.inputs!), {
          changes: false,
          replaces: [],
          deleteBeforeReplace: false,
        });
      });
    }

    it("across a lifecycle change with a new scope", () => {
      const next = check(
        { ...VALID, tokenScope: "proj/prod/copy", lifecycle: { deleteAfterDays: 30 } },
        first,
      );
      assert.equal(next.inputs!.idempotencyToken, first.idempotencyToken);
    });

    for (const [key, value] of [
      ["recoveryPointArn", "arn:aws:backup:us-east-1:111111111111:recovery-point:other"],
      ["sourceBackupVaultName", "other"],
      ["destinationBackupVaultArn", "arn:aws:backup:us-west-2:111111111111:backup-vault:other"],
      ["iamRoleArn", "arn:aws:iam::111111111111:role/other"],
      ["region", "us-east-1"],
    ]) {
      it(`but not when ${key} changes: another copy, another token`, () => {
        const next = check({ ...VALID, tokenScope: "proj/dev/copy", [key]: value }, first);
        assert.notEqual(next.inputs!.idempotencyToken, first.idempotencyToken);
        assert.equal(
          next.inputs!.idempotencyToken,
          check({ ...VALID, tokenScope: "proj/dev/copy", [key]: value }).inputs!.idempotencyToken,
        );
      });
    }

    it("while two resources copying the same point get two tokens", () => {
      const other = check({ ...VALID, tokenScope: "proj/dev/second" }, {}).inputs!;
      assert.notEqual(other.idempotencyToken, first.idempotencyToken);
    });

    it("and an unknown identifying value still leaves the token unknown", () => {
      const next = check({ ...VALID, tokenScope: "proj/prod/copy", recoveryPointArn: UNKNOWN }, first);
      assert.equal(next.inputs!.idempotencyToken, UNKNOWN);
    });
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
