/**
 * Every property of CopyJob, once. A row says how the property is validated, what a change of it does
 * (replace, update in place, nothing), whether it takes part in the default idempotency token, whether it is a
 * secret, and whether the CopyJob resource declares it as an output. rules.ts (check), diff.ts, inputsOf
 * (context.ts), token.ts, the CopyJob resource and the types in types.ts all read this table, and the compiler
 * holds the table and types.ts together (see PropertyTable): a property cannot be half-added.
 */
import type { CopyJobInputs, CopyJobOutputs } from "../types";
import { backupVaultArnProblem, recoveryPointArnProblem, REGION_PATTERN, roleArnProblem } from "./arn";
import {
  boolean,
  lifecycleDays,
  object,
  oneOf,
  pattern,
  positiveNumber,
  Rule,
  string,
  VAULT_NAME_RULE,
} from "./value-rules";

/**
 * The default token hashes these properties in this order (`order`). A `scope` part keeps two resources
 * copying the same point apart but does not say which copy it is: a new scope alone (a renamed stack or
 * resource) keeps the token it already has. An `identifies` part names the copy: a change means a new copy.
 */
export interface TokenPart {
  order: number;
  role: "scope" | "identifies";
}

export interface InputProperty {
  kind: "input";
  rule: Rule;
  /** Rules of a nested object's members. */
  members?: Record<string, Rule>;
  required?: true;
  /**
   * What a change of the declared value does. "replace": a new copy job. "update": in place. "none": nothing.
   * A replacing property left out of the new inputs does not replace: copyJobId is also an output of every
   * copy, and region defaults to the recovery point's own (which must equal any explicit one).
   */
  change: "replace" | "update" | "none";
  token?: TokenPart;
  /** Stored as a Pulumi secret in inputs and outputs. */
  secret?: true;
  /** Declared as an output of the CopyJob resource, so it is registered even when the program leaves it out. */
  output: boolean;
  /** Set by the CopyJob resource itself, never by the program. */
  internal?: true;
}

/** Set by the provider from AWS's answers (DescribeCopyJob, DescribeRecoveryPoint) or its own bookkeeping. */
export interface OutputProperty {
  kind: "output";
  output: boolean;
}

/** Exactly the keys of CopyJobOutputs (which extends CopyJobInputs): an input row for each input. */
export type PropertyTable = {
  [K in keyof Required<CopyJobOutputs>]: K extends keyof CopyJobInputs ? InputProperty : OutputProperty;
};

const LIFECYCLE_MEMBERS = {
  moveToColdStorageAfterDays: lifecycleDays,
  deleteAfterDays: lifecycleDays,
  optInToArchiveForSupportedResources: boolean,
};
const POLLING_MEMBERS = { minDelaySeconds: positiveNumber(3600), maxDelaySeconds: positiveNumber(3600) };
const fromAws = { kind: "output", output: true } as const;

export const PROPERTIES = {
  recoveryPointArn: {
    kind: "input",
    rule: string(recoveryPointArnProblem),
    required: true,
    change: "replace",
    token: { order: 2, role: "identifies" },
    output: true,
  },
  sourceBackupVaultName: {
    kind: "input",
    rule: string(VAULT_NAME_RULE),
    required: true,
    change: "replace",
    token: { order: 3, role: "identifies" },
    output: true,
  },
  destinationBackupVaultArn: {
    kind: "input",
    rule: string(backupVaultArnProblem),
    required: true,
    change: "replace",
    token: { order: 4, role: "identifies" },
    output: true,
  },
  iamRoleArn: {
    kind: "input",
    rule: string(roleArnProblem),
    required: true,
    change: "replace",
    token: { order: 5, role: "identifies" },
    output: true,
  },
  lifecycle: {
    kind: "input",
    rule: object(LIFECYCLE_MEMBERS),
    members: LIFECYCLE_MEMBERS,
    change: "update",
    output: true,
  },
  idempotencyToken: {
    kind: "input",
    rule: string(pattern(/^[\x20-\x7e]{1,255}$/, "must be 1-255 printable ASCII characters")),
    change: "replace",
    output: true,
  },
  onDelete: { kind: "input", rule: oneOf("retain", "delete"), change: "update", output: true },
  waitForCompletion: { kind: "input", rule: boolean, change: "update", output: false },
  // A week: long enough for the largest copies, short enough that a forgotten wait ends.
  timeoutMinutes: { kind: "input", rule: positiveNumber(10080), change: "update", output: false },
  polling: {
    kind: "input",
    rule: object(POLLING_MEMBERS),
    members: POLLING_MEMBERS,
    change: "update",
    output: false,
  },
  region: {
    kind: "input",
    rule: string(pattern(REGION_PATTERN, "must be a region name such as us-east-1")),
    change: "replace",
    token: { order: 1, role: "identifies" },
    output: false,
  },
  destinationRoleArn: { kind: "input", rule: string(roleArnProblem), change: "update", output: false },
  destinationExternalId: {
    kind: "input",
    rule: string(
      pattern(/^[\w+=,.@:/-]{2,1224}$/, "must be 2-1224 characters of [\\w+=,.@:/-] (STS's ExternalId rule)"),
    ),
    change: "update",
    secret: true,
    output: false,
  },
  copyJobId: {
    kind: "input",
    rule: string(
      pattern(/^[A-Za-z0-9:_-]{1,128}$/, "must be a copy job id (letters, digits, '-', '_' or ':')"),
    ),
    change: "replace",
    output: true,
  },
  tokenScope: {
    kind: "input",
    rule: string(),
    change: "none",
    token: { order: 0, role: "scope" },
    output: false,
    internal: true,
  },
  state: fromAws,
  statusMessage: fromAws,
  accountId: fromAws,
  sourceBackupVaultArn: fromAws,
  sourceRecoveryPointArn: fromAws,
  destinationRecoveryPointArn: fromAws,
  destinationRecoveryPoint: fromAws,
  destinationRecoveryPointLifecycle: fromAws,
  destinationVaultType: fromAws,
  destinationVaultLockState: fromAws,
  destinationEncryptionKeyArn: fromAws,
  resourceArn: fromAws,
  resourceType: fromAws,
  resourceName: fromAws,
  creationDate: fromAws,
  completionDate: fromAws,
  backupSizeInBytes: fromAws,
  createdBy: fromAws,
  createdByBackupJobId: fromAws,
  parentJobId: fromAws,
  isParent: fromAws,
  compositeMemberIdentifier: fromAws,
  numberOfChildJobs: fromAws,
  childJobsInState: fromAws,
  messageCategory: fromAws,
  sourceRegion: fromAws,
  tokenAttempt: fromAws,
  /** Bookkeeping of read (the job was adopted through copyJobId), not part of the resource's surface. */
  adopted: { kind: "output", output: false },
} as const satisfies PropertyTable;

type Table = typeof PROPERTIES;
export type PropertyName = keyof Table;
type InputName = { [K in PropertyName]: Table[K]["kind"] extends "input" ? K : never }[PropertyName];
/** Properties the CopyJob resource sets itself (tokenScope): not part of CopyJobArgs. */
export type InternalInput = {
  [K in InputName]: Table[K] extends { internal: true } ? K : never;
}[InputName];
/** Properties the CopyJob resource declares as outputs. */
export type DeclaredOutput = {
  [K in PropertyName]: Table[K]["output"] extends true ? K : never;
}[PropertyName];

const names = Object.keys(PROPERTIES) as PropertyName[];
const inputRow = (name: PropertyName): InputProperty | undefined => {
  const row: InputProperty | OutputProperty = PROPERTIES[name];
  return row.kind === "input" ? row : undefined;
};
const inputsWhere = (test: (row: InputProperty) => boolean): string[] =>
  names.filter((name) => {
    const row = inputRow(name);
    return row !== undefined && test(row);
  });

export const INPUT_NAMES: readonly string[] = inputsWhere(() => true);
export const REQUIRED_INPUTS: readonly string[] = inputsWhere((row) => row.required === true);
export const REPLACING_INPUTS: readonly string[] = inputsWhere((row) => row.change === "replace");
export const UPDATING_INPUTS: readonly string[] = inputsWhere((row) => row.change === "update");
export const SECRET_INPUTS: readonly string[] = inputsWhere((row) => row.secret === true);
/** What the program may set: every input but the internal ones. */
export const USER_INPUTS: readonly string[] = inputsWhere((row) => !row.internal);
export const DECLARED_OUTPUTS: readonly string[] = names.filter((name) => PROPERTIES[name].output);
/** The default token's parts, in hash order. */
export const TOKEN_PARTS: readonly { name: string; role: TokenPart["role"] }[] = names
  .flatMap((name) => {
    const token = inputRow(name)?.token;
    return token ? [{ name, role: token.role, order: token.order }] : [];
  })
  .sort((a, b) => a.order - b.order)
  .map(({ name, role }) => ({ name, role }));

export function inputProperty(name: string): InputProperty | undefined {
  return Object.prototype.hasOwnProperty.call(PROPERTIES, name) ? inputRow(name as PropertyName) : undefined;
}
