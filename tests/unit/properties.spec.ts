/**
 * The property table (provider/inputs/properties.ts) is the one place a property is defined. The type-level
 * checks below fail `npm run typecheck` when types.ts, the CopyJob resource and the table disagree; the
 * runtime checks pin what the table feeds (the token's hash, diff's lists, check's known properties).
 */
import { strict as assert } from "assert";
import type * as pulumi from "@pulumi/pulumi";
import type { CopyJob } from "../../provider/copy-job";
import {
  DECLARED_OUTPUTS,
  INPUT_NAMES,
  PROPERTIES,
  REQUIRED_INPUTS,
  TOKEN_PARTS,
  USER_INPUTS,
  type DeclaredOutput,
  type InternalInput,
  type PropertyName,
} from "../../provider/inputs/properties";
import { deterministicToken, tokenForAttempt } from "../../provider/inputs/token";
import { check } from "../../provider/operations/check";
import { diff } from "../../provider/operations/diff";
import type { CopyJobArgs, CopyJobInputs, CopyJobOutputs } from "../../provider/types";
import { VALID } from "./fixtures";

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type Table = typeof PROPERTIES;
type InputRowName = { [K in PropertyName]: Table[K]["kind"] extends "input" ? K : never }[PropertyName];
type RequiredRowName = { [K in PropertyName]: Table[K] extends { required: true } ? K : never }[PropertyName];
type RequiredKey<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type ResourceOutput = Exclude<keyof CopyJob, keyof pulumi.dynamic.Resource>;

// A row for every property of CopyJobOutputs and no other (inputs included, since the outputs extend them)...
export type TableIsOutputs = Assert<Equal<PropertyName, keyof CopyJobOutputs>>;
// ...input rows for exactly CopyJobInputs, required rows for exactly its non-optional members...
export type InputRowsAreInputs = Assert<Equal<InputRowName, keyof CopyJobInputs>>;
export type RequiredRowsAreRequired = Assert<Equal<RequiredRowName, RequiredKey<CopyJobInputs>>>;
// ...the program's arguments are the inputs less the internal ones...
export type ArgsAreUserInputs = Assert<Equal<keyof CopyJobArgs, Exclude<keyof CopyJobInputs, InternalInput>>>;
// ...and the resource declares exactly the outputs the table says it registers.
export type DeclaredAreRegistered = Assert<Equal<ResourceOutput, DeclaredOutput>>;

describe("property table", () => {
  it("feeds the runtime lists the same properties the types name", () => {
    const inputs: Record<keyof CopyJobInputs, true> = {
      recoveryPointArn: true,
      sourceBackupVaultName: true,
      destinationBackupVaultArn: true,
      iamRoleArn: true,
      lifecycle: true,
      idempotencyToken: true,
      onDelete: true,
      waitForCompletion: true,
      timeoutMinutes: true,
      polling: true,
      region: true,
      destinationRoleArn: true,
      destinationExternalId: true,
      copyJobId: true,
      tokenScope: true,
    };
    assert.deepEqual([...INPUT_NAMES].sort(), Object.keys(inputs).sort());
    assert.deepEqual(
      [...USER_INPUTS].sort(),
      Object.keys(inputs)
        .filter((k) => k !== "tokenScope")
        .sort(),
    );
    assert.deepEqual([...REQUIRED_INPUTS].sort(), [
      "destinationBackupVaultArn",
      "iamRoleArn",
      "recoveryPointArn",
      "sourceBackupVaultName",
    ]);
    assert.ok(DECLARED_OUTPUTS.includes("idempotencyToken") && DECLARED_OUTPUTS.includes("state"));
    assert.ok(!DECLARED_OUTPUTS.includes("adopted") && !DECLARED_OUTPUTS.includes("tokenScope"));
  });

  it("keeps the released token: same parts, same order, same hash", () => {
    assert.deepEqual(
      TOKEN_PARTS.map((p) => p.name),
      [
        "tokenScope",
        "region",
        "recoveryPointArn",
        "sourceBackupVaultName",
        "destinationBackupVaultArn",
        "iamRoleArn",
      ],
    );
    // Computed by the released version (0.1.0): an interrupted create must find its job after an upgrade.
    assert.equal(
      deterministicToken({ ...VALID, tokenScope: "proj/dev/copy" }),
      "pbc-144b008f31ea0742128139e0a62adf1b3ece0b73",
    );
    assert.equal(
      deterministicToken({ ...VALID, tokenScope: "proj/dev/copy", region: "us-east-1" }),
      "pbc-ab4cab49140ad991e98cd4cde2b2e998a769feb0",
    );
  });

  it("keeps the released token sequence: attempt 0 is the base token, then base-1, base-2, …", () => {
    assert.equal(tokenForAttempt("pbc-x", 0), "pbc-x");
    assert.equal(tokenForAttempt("pbc-x", 1), "pbc-x-1");
    assert.equal(tokenForAttempt("pbc-x", 12), "pbc-x-12");
  });

  it("makes every property that identifies the copy replace it, and the scope change nothing", () => {
    for (const { name, role } of TOKEN_PARTS) {
      const row = PROPERTIES[name as PropertyName];
      assert.equal(row.kind, "input", name);
      if (row.kind !== "input") continue;
      assert.equal(row.change, role === "scope" ? "none" : "replace", name);
    }
    const olds = { ...VALID, tokenScope: "p/s/a", idempotencyToken: "t", copyJobId: "j", state: "COMPLETED" };
    assert.equal(diff(olds, { ...olds, tokenScope: "p/renamed/b" }).changes, false);
  });

  it("names only the program's properties as the known ones in check's error", () => {
    const [failure] = check({ ...VALID, recoveryPointArm: "x" }).failures!;
    assert.equal(failure.property, "recoveryPointArm");
    assert.match(failure.reason, /is not a property of CopyJob \(known: recoveryPointArn, /);
    assert.doesNotMatch(failure.reason, /tokenScope/);
  });
});
