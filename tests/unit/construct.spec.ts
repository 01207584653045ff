/**
 * Issue 12 item 5: `new CopyJob` validates the values it already knows with check's own rules and words, so a
 * program's unit tests under `pulumi.runtime.setMocks` (where the engine never calls check) see bad input.
 * Each case here throws before the resource is registered, so no engine or mock is involved.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CopyJob } from "../../provider/copy-job";
import { throwOnKnownBadInputs } from "../../provider/inputs/known-inputs";
import { check } from "../../provider/operations/check";
import type { CopyJobArgs } from "../../provider/types";
import { BAD_INPUTS } from "./bad-inputs.spec";
import { VALID } from "./fixtures";

const construct = (args: Record<string, unknown>) => () =>
  new CopyJob("copy", args as unknown as CopyJobArgs);

describe("CopyJob constructor validation", () => {
  it("refuses the issue's four examples, naming the property, the value and the rule", () => {
    assert.throws(
      construct({ ...VALID, destinationBackupVaultArn: "dr-vault" }),
      /CopyJob 'copy' has invalid inputs:\n {2}- property destinationBackupVaultArn with value 'dr-vault' has a problem: must be an ARN/,
    );
    assert.throws(
      construct({ ...VALID, lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 100 } }),
      // A nested member's reason quotes its value itself (the engine would print `{<nil>}` for it).
      /property lifecycle\.deleteAfterDays has a problem: lifecycle\.deleteAfterDays: 100 must be at least moveToColdStorageAfterDays \+ 90 \(120\)/,
    );
    assert.throws(
      construct({ ...VALID, onDelete: "destroy" }),
      /property onDelete with value 'destroy' has a problem: must be one of "retain", "delete", not 'destroy'/,
    );
    assert.throws(
      construct({ ...VALID, recoveryPointArm: VALID.recoveryPointArn }),
      /property recoveryPointArm with value '.*' has a problem: is not a property of CopyJob/,
    );
    assert.throws(
      construct({ ...VALID, recoveryPointArn: undefined }),
      /property recoveryPointArn has a problem: is required/,
    );
  });

  it("throws a RunError, so `pulumi up` prints the message alone, not a stack trace (issue 21)", () => {
    assert.throws(construct({ ...VALID, onDelete: "destroy" }), (error: unknown) => {
      // The language host prints a RunError's message and hides its stack; any other error gets its stack.
      assert.ok(pulumi.RunError.isInstance(error), "not a RunError");
      // Still an Error: programs' tests that use assert.throws or `instanceof Error` keep working.
      assert.ok(error instanceof Error);
      assert.match(error.message, /^CopyJob 'copy' has invalid inputs:\n {2}- property onDelete/);
      return true;
    });
  });

  it("names the value of a nested member once, in its reason", () => {
    assert.throws(
      construct({ ...VALID, lifecycle: { deleteAfterDays: 0 } }),
      /\n {2}- property lifecycle\.deleteAfterDays has a problem: lifecycle\.deleteAfterDays: 0 must be -1 \(keep indefinitely\) or between 1 and 36500 days$/,
    );
  });

  it("refuses an explicit region that contradicts the recovery point's", () => {
    assert.throws(
      construct({ ...VALID, region: "eu-west-1" }),
      /property region with value 'eu-west-1' has a problem: must be the region of recoveryPointArn \(us-east-1\)/,
    );
  });

  it("says what check says, for every case of the bad-input table (one implementation)", () => {
    for (const [what, change] of BAD_INPUTS) {
      const failures = check({ ...VALID, ...change }).failures!;
      assert.ok(failures.length > 0, what);
      assert.throws(construct({ ...VALID, ...change }), (error: Error) => {
        for (const f of failures)
          assert.ok(
            error.message.includes(`property ${f.property}`) &&
              error.message.includes(`has a problem: ${f.reason}`),
            `${what}: ${error.message}`,
          );
        return true;
      });
    }
  });

  it("never shows a secret's value", () => {
    const failures = check({ ...VALID, destinationExternalId: "x" }).failures!;
    assert.equal(failures.length, 1);
    assert.doesNotMatch(failures[0].reason, /'x'/);
    assert.throws(construct({ ...VALID, destinationExternalId: "x" }), (error: Error) => {
      assert.match(
        error.message,
        /property destinationExternalId with a secret value has a problem: must be 2-1224/,
      );
      assert.doesNotMatch(error.message, /'x'/);
      return true;
    });
  });

  it("leaves values that are not known yet (Outputs, promises) to check", () => {
    const later = {
      ...VALID,
      destinationBackupVaultArn: pulumi.output("dr-vault"),
      onDelete: Promise.resolve("destroy"),
    };
    assert.doesNotThrow(() => throwOnKnownBadInputs("copy", later));
    assert.doesNotThrow(() =>
      throwOnKnownBadInputs("copy", {
        ...VALID,
        lifecycle: { moveToColdStorageAfterDays: pulumi.output(30), deleteAfterDays: 100 },
      }),
    );
    // A known member beside an unknown one is still checked.
    assert.throws(
      () => throwOnKnownBadInputs("copy", { ...VALID, lifecycle: pulumi.output({}), onDelete: "destroy" }),
      /property onDelete/,
    );
    assert.doesNotThrow(() =>
      throwOnKnownBadInputs("copy", { ...VALID, recoveryPointArn: pulumi.output(VALID.recoveryPointArn) }),
    );
  });
});
