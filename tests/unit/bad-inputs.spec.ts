/**
 * The bad-input table: each invalid input gives a check failure that names the property and the rule.
 * (The emulator-side half, that none of these reaches AWS, is in tests/provider/bad-input.spec.ts.)
 */
import { strict as assert } from "assert";
import { check } from "../../provider/operations/check";
import { VALID } from "./fixtures";

export const BAD_INPUTS: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ["recovery point not an ARN", { recoveryPointArn: "snap-123" }, "recoveryPointArn", /must be an ARN/],
  ["recovery point empty", { recoveryPointArn: "" }, "recoveryPointArn", /must not be empty/],
  [
    "recovery point wrong partition",
    { recoveryPointArn: "arn:aws-xx:backup:us-east-1:111111111111:recovery-point:abc" },
    "recoveryPointArn",
    /partition/,
  ],
  [
    "recovery point wrong service",
    { recoveryPointArn: "arn:aws:s3:us-east-1:111111111111:recovery-point:abc" },
    "recoveryPointArn",
    /service 's3'/,
  ],
  [
    "recovery point bad region",
    { recoveryPointArn: "arn:aws:backup:mars:111111111111:recovery-point:abc" },
    "recoveryPointArn",
    /region 'mars'/,
  ],
  [
    "recovery point bad account",
    { recoveryPointArn: "arn:aws:backup:us-east-1:1234:recovery-point:abc" },
    "recoveryPointArn",
    /12 digits/,
  ],
  [
    "recovery point wrong resource type",
    { recoveryPointArn: "arn:aws:backup:us-east-1:111111111111:backup-vault:abc" },
    "recoveryPointArn",
    /not a backup recovery point/,
  ],
  [
    "ec2 recovery point not a snapshot",
    { recoveryPointArn: "arn:aws:ec2:us-east-1::volume/vol-123" },
    "recoveryPointArn",
    /not a ec2 recovery point/,
  ],
  [
    "recovery point a number",
    { recoveryPointArn: 42 },
    "recoveryPointArn",
    /must be a string, not number 42/,
  ],
  ["vault name empty", { sourceBackupVaultName: "" }, "sourceBackupVaultName", /must not be empty/],
  ["vault name one character", { sourceBackupVaultName: "a" }, "sourceBackupVaultName", /2-50 characters/],
  [
    "vault name illegal characters",
    { sourceBackupVaultName: "my vault!" },
    "sourceBackupVaultName",
    /2-50 characters/,
  ],
  [
    "vault name too long",
    { sourceBackupVaultName: "v".repeat(51) },
    "sourceBackupVaultName",
    /2-50 characters/,
  ],
  [
    "vault name an object",
    { sourceBackupVaultName: { name: "x" } },
    "sourceBackupVaultName",
    /must be a string, not an object/,
  ],
  [
    "destination not an ARN",
    { destinationBackupVaultArn: "dr-vault" },
    "destinationBackupVaultArn",
    /must be an ARN .*not a vault name: pass arn:aws:backup:REGION:ACCOUNT:backup-vault:dr-vault$/,
  ],
  [
    "destination wrong service",
    { destinationBackupVaultArn: "arn:aws:s3:us-west-2:111111111111:backup-vault:dr" },
    "destinationBackupVaultArn",
    /service 's3'/,
  ],
  [
    "destination wrong resource type",
    { destinationBackupVaultArn: "arn:aws:backup:us-west-2:111111111111:recovery-point:x" },
    "destinationBackupVaultArn",
    /backup-vault:NAME/,
  ],
  [
    "destination no region",
    { destinationBackupVaultArn: "arn:aws:backup::111111111111:backup-vault:dr" },
    "destinationBackupVaultArn",
    /region ''/,
  ],
  [
    "destination bad vault name",
    { destinationBackupVaultArn: "arn:aws:backup:us-west-2:111111111111:backup-vault:d r" },
    "destinationBackupVaultArn",
    /backup-vault:NAME/,
  ],
  [
    "destination wrong partition",
    { destinationBackupVaultArn: "arn:azure:backup:us-west-2:111111111111:backup-vault:dr" },
    "destinationBackupVaultArn",
    /partition/,
  ],
  ["role not an ARN", { iamRoleArn: "MyRole" }, "iamRoleArn", /must be an ARN/],
  ["role wrong service", { iamRoleArn: "arn:aws:sts::111111111111:role/x" }, "iamRoleArn", /service 'sts'/],
  [
    "role with a region",
    { iamRoleArn: "arn:aws:iam:us-east-1:111111111111:role/x" },
    "iamRoleArn",
    /empty region/,
  ],
  ["role is a user", { iamRoleArn: "arn:aws:iam::111111111111:user/x" }, "iamRoleArn", /role\/NAME/],
  ["role bad account", { iamRoleArn: "arn:aws:iam::abc:role/x" }, "iamRoleArn", /12 digits/],
  ["lifecycle not an object", { lifecycle: 30 }, "lifecycle", /must be an object/],
  [
    "lifecycle delete 0",
    { lifecycle: { deleteAfterDays: 0 } },
    "lifecycle.deleteAfterDays",
    /-1 \(keep indefinitely\) or between 1 and 36500/,
  ],
  [
    "lifecycle delete too large",
    { lifecycle: { deleteAfterDays: 36501 } },
    "lifecycle.deleteAfterDays",
    /36500/,
  ],
  [
    "lifecycle cold negative",
    { lifecycle: { moveToColdStorageAfterDays: -5 } },
    "lifecycle.moveToColdStorageAfterDays",
    /-1 \(keep/,
  ],
  [
    "lifecycle fractional days",
    { lifecycle: { deleteAfterDays: 1.5 } },
    "lifecycle.deleteAfterDays",
    /whole number/,
  ],
  [
    "lifecycle breaks the 90-day rule",
    { lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 100 } },
    "lifecycle.deleteAfterDays",
    /at least moveToColdStorageAfterDays \+ 90 \(120\)/,
  ],
  [
    "lifecycle unknown key",
    { lifecycle: { deleteAfter: 10 } },
    "lifecycle.deleteAfter",
    /not a property of lifecycle/,
  ],
  [
    "lifecycle archive not boolean",
    { lifecycle: { optInToArchiveForSupportedResources: "yes" } },
    "lifecycle.optInToArchiveForSupportedResources",
    /true or false/,
  ],
  ["onDelete unknown", { onDelete: "destroy" }, "onDelete", /"retain", "delete"/],
  ["waitForCompletion a string", { waitForCompletion: "false" }, "waitForCompletion", /true or false/],
  ["timeout zero", { timeoutMinutes: 0 }, "timeoutMinutes", /greater than 0/],
  ["timeout negative", { timeoutMinutes: -10 }, "timeoutMinutes", /greater than 0/],
  ["timeout too long", { timeoutMinutes: 100000 }, "timeoutMinutes", /at most 10080/],
  ["timeout a string", { timeoutMinutes: "60" }, "timeoutMinutes", /must be a number/],
  ["polling min zero", { polling: { minDelaySeconds: 0 } }, "polling.minDelaySeconds", /greater than 0/],
  ["polling max negative", { polling: { maxDelaySeconds: -1 } }, "polling.maxDelaySeconds", /greater than 0/],
  [
    "polling min above max",
    { polling: { minDelaySeconds: 10, maxDelaySeconds: 5 } },
    "polling.minDelaySeconds",
    /must not exceed/,
  ],
  ["polling unknown key", { polling: { delay: 1 } }, "polling.delay", /not a property of polling/],
  ["region malformed", { region: "US East" }, "region", /region name/],
  [
    "region contradicts the recovery point's",
    { region: "us-west-2" },
    "region",
    /must be the region of recoveryPointArn \(us-east-1\), not 'us-west-2'/,
  ],
  [
    "destination role malformed",
    { destinationRoleArn: "arn:aws:iam::111111111111:group/x" },
    "destinationRoleArn",
    /role\/NAME/,
  ],
  ["external id too short", { destinationExternalId: "x" }, "destinationExternalId", /2-1224/],
  ["copyJobId illegal", { copyJobId: "job id with spaces" }, "copyJobId", /copy job id/],
  ["token too long", { idempotencyToken: "t".repeat(256) }, "idempotencyToken", /1-255/],
  ["unknown property", { vaultName: "x" }, "vaultName", /not a property of CopyJob \(known: [^)]*\)$/],
  [
    "misspelt property",
    { lifeCycle: {} },
    "lifeCycle",
    /not a property of CopyJob.*; did you mean lifecycle\?$/,
  ],
  [
    "property a letter off",
    { recoveryPointArm: "x" },
    "recoveryPointArm",
    /; did you mean recoveryPointArn\?$/,
  ],
  [
    "lifecycle member misspelt",
    { lifecycle: { deleteAfterDay: 10 } },
    "lifecycle.deleteAfterDay",
    /^lifecycle\.deleteAfterDay is not a property of lifecycle .*; did you mean deleteAfterDays\?$/,
  ],
  [
    "vault ARN given as the source vault name",
    { sourceBackupVaultName: "arn:aws:backup:us-east-1:111111111111:backup-vault:prod-vault" },
    "sourceBackupVaultName",
    /is a backup vault ARN, but this property takes the vault's name: pass the name 'prod-vault'/,
  ],
  [
    "external id without a destination role",
    { destinationExternalId: "ext-id-1234" },
    "destinationExternalId",
    /is set but destinationRoleArn is not: .* set destinationRoleArn .* or remove destinationExternalId/,
  ],
  [
    "copy role in another account than the recovery point's",
    { iamRoleArn: "arn:aws:iam::222222222222:role/copy" },
    "iamRoleArn",
    /is in account 222222222222, but recoveryPointArn is in account 111111111111: .*use a role in account 111111111111/,
  ],
  [
    "destination role in another account than the vault's",
    { destinationRoleArn: "arn:aws:iam::222222222222:role/dr" },
    "destinationRoleArn",
    /is in account 222222222222, but destinationBackupVaultArn is in account 111111111111: .*use a role in account 111111111111/,
  ],
  ["required property null", { iamRoleArn: null }, "iamRoleArn", /^is required$/],
];

describe("check: bad input table", () => {
  it(`has at least 40 cases (${BAD_INPUTS.length})`, () => assert.ok(BAD_INPUTS.length >= 40));
  for (const [what, change, property, rule] of BAD_INPUTS) {
    // Each case is one mistake: it gives exactly one failure (issue 21: no second failure for the same
    // property, nor a failure of another property that follows from it).
    it(`${what} → ${property}, once`, () => {
      const failures = check({ ...VALID, ...change }).failures!;
      assert.deepEqual(
        failures.map((f) => f.property),
        [property],
        JSON.stringify(failures),
      );
      assert.match(failures[0].reason, rule);
    });
  }
});
