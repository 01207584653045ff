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

describe("check: what the failures say (issue 21)", () => {
  const failuresOf = (more: Record<string, unknown>) => check({ ...VALID, ...more }).failures!;

  it("a nested member's failure quotes the member's value (the engine prints `{<nil>}` for it)", () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        { lifecycle: { deleteAfterDays: 0 } },
        "lifecycle.deleteAfterDays",
        "lifecycle.deleteAfterDays: 0 must be",
      ],
      [
        { lifecycle: { deleteAfterDays: 1.5 } },
        "lifecycle.deleteAfterDays",
        "lifecycle.deleteAfterDays: 1.5 must",
      ],
      [
        { lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 100 } },
        "lifecycle.deleteAfterDays",
        "lifecycle.deleteAfterDays: 100 must be at least",
      ],
      [
        { lifecycle: { optInToArchiveForSupportedResources: "yes" } },
        "lifecycle.optInToArchiveForSupportedResources",
        "lifecycle.optInToArchiveForSupportedResources: 'yes' must be true or false",
      ],
      [
        { polling: { maxDelaySeconds: -1 } },
        "polling.maxDelaySeconds",
        "polling.maxDelaySeconds: -1 must be",
      ],
      [
        { polling: { minDelaySeconds: 10, maxDelaySeconds: 5 } },
        "polling.minDelaySeconds",
        "polling.minDelaySeconds: 10 must not exceed polling.maxDelaySeconds (5)",
      ],
    ];
    for (const [more, property, start] of cases) {
      const [failure, ...rest] = failuresOf(more);
      assert.deepEqual(rest, [], JSON.stringify(more));
      assert.equal(failure.property, property);
      assert.ok(failure.reason.startsWith(start), `${JSON.stringify(more)}: ${failure.reason}`);
      // The value leads, so the rule's own ", not VALUE" tail is not repeated.
      assert.doesNotMatch(failure.reason, /, not [^,]*$/, failure.reason);
    }
  });

  it("a top-level failure still ends with the value (the engine prints it before the reason too)", () => {
    assert.deepEqual(failuresOf({ timeoutMinutes: 0 }), [
      { property: "timeoutMinutes", reason: "must be greater than 0, not 0" },
    ]);
  });

  it("a malformed region is reported once, not also as another region than the recovery point's", () => {
    assert.deepEqual(
      failuresOf({ region: "US East" }).map((f) => f.reason),
      ["must be a region name such as us-east-1, not 'US East'"],
    );
  });

  it("suggests nothing for a name far from every property", () => {
    const [failure] = failuresOf({ vaultName: "x" });
    assert.doesNotMatch(failure.reason, /did you mean/);
    const [caseOnly] = failuresOf({ IamRoleArn: VALID.iamRoleArn });
    assert.match(caseOnly.reason, /; did you mean iamRoleArn\?$/);
  });

  describe("which account each role is in", () => {
    const SNAPSHOT = "arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0";
    const OTHER = "arn:aws:iam::222222222222:role/x";
    const OTHER_VAULT = "arn:aws:backup:eu-west-1:222222222222:backup-vault:staging";

    it("accepts the documented layout: copy role beside the recovery point, destination role beside the vault", () => {
      assert.deepEqual(
        failuresOf({
          destinationBackupVaultArn: OTHER_VAULT,
          destinationRoleArn: OTHER,
          destinationExternalId: "ext-id-1234",
        }),
        [],
      );
      // A copy within one account may still read the copy through a role of that account.
      assert.deepEqual(failuresOf({ destinationRoleArn: "arn:aws:iam::111111111111:role/reader" }), []);
    });

    it("does not compare an EC2 snapshot's ARN, which names no account", () => {
      assert.deepEqual(failuresOf({ recoveryPointArn: SNAPSHOT, iamRoleArn: OTHER }), []);
    });

    it("compares only values that pass their own rule, and leaves unknown ones to the next check", () => {
      assert.deepEqual(
        failuresOf({ destinationBackupVaultArn: "dr-vault", destinationRoleArn: OTHER }).map(
          (f) => f.property,
        ),
        ["destinationBackupVaultArn"],
      );
      assert.deepEqual(failuresOf({ destinationRoleArn: UNKNOWN, destinationExternalId: "ext-id-1234" }), []);
      assert.deepEqual(failuresOf({ iamRoleArn: UNKNOWN }), []);
      assert.deepEqual(failuresOf({ destinationExternalId: UNKNOWN }), []);
    });

    it("an external id without its role never quotes the id", () => {
      const [failure] = failuresOf({ destinationExternalId: "ext-id-secret-1234" });
      assert.equal(failure.property, "destinationExternalId");
      assert.doesNotMatch(failure.reason, /ext-id-secret-1234/);
    });
  });
});
