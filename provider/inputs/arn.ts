/** ARN parsing and the shapes each ARN input must have. */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export const PARTITIONS = [
  "aws",
  "aws-cn",
  "aws-us-gov",
  "aws-iso",
  "aws-iso-b",
  "aws-iso-e",
  "aws-iso-f",
  "aws-eusc",
];
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_PATTERN = /^\d{12}$/;

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition, service, region, accountId] = parts;
  return { partition, service, region, accountId, resource: parts.slice(5).join(":") };
}

/** Returns the rule the ARN breaks, or undefined when it is well formed. */
type ArnRule = (arn: Arn) => string | undefined;

function checkArn(text: string, what: string, rules: ArnRule[]): string | undefined {
  const arn = parseArn(text);
  if (!arn) return `must be an ARN of the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (${what})`;
  if (!PARTITIONS.includes(arn.partition)) {
    return `has unknown partition '${arn.partition}' (expected one of ${PARTITIONS.join(", ")})`;
  }
  for (const rule of rules) {
    const broken = rule(arn);
    if (broken) return broken;
  }
  return undefined;
}

const service =
  (...names: string[]): ArnRule =>
  (arn) =>
    names.includes(arn.service)
      ? undefined
      : `has service '${arn.service}' but must be ${names.map((n) => `'${n}'`).join(" or ")}`;
const regional: ArnRule = (arn) =>
  REGION_PATTERN.test(arn.region) ? undefined : `has region '${arn.region}', which is not a region name`;
const global: ArnRule = (arn) =>
  arn.region === "" ? undefined : `must have an empty region field (IAM is global), not '${arn.region}'`;
const account: ArnRule = (arn) =>
  ACCOUNT_PATTERN.test(arn.accountId) ? undefined : `has account '${arn.accountId}', which is not 12 digits`;
const accountOrEmpty: ArnRule = (arn) => (arn.accountId === "" ? undefined : account(arn));
const resource =
  (pattern: RegExp, expected: string): ArnRule =>
  (arn) =>
    pattern.test(arn.resource) ? undefined : `has resource '${arn.resource}' but must be ${expected}`;

/**
 * Recovery point ARNs take the form of the resource type's own snapshot/backup ARN, or AWS Backup's
 * recovery-point ARN for types Backup manages itself (EFS, S3, VMware, ...).
 */
const RECOVERY_POINT_RESOURCES: Record<string, RegExp> = {
  backup: /^recovery-point:[A-Za-z0-9._-]+$/,
  ec2: /^(snapshot\/snap-[0-9a-f]+|image\/ami-[0-9a-f]+)$/,
  rds: /^(cluster-)?snapshot:[A-Za-z0-9:._-]+$/,
  dynamodb: /^table\/[A-Za-z0-9._-]+\/backup\/[A-Za-z0-9._-]+$/,
  fsx: /^backup\/backup-[0-9a-f]+$/,
  redshift: /^snapshot:[A-Za-z0-9._/-]+$/,
  storagegateway: /^gateway\/.+$/,
};

export function recoveryPointArnProblem(text: string): string | undefined {
  return checkArn(text, "a recovery point", [
    service(...Object.keys(RECOVERY_POINT_RESOURCES)),
    regional,
    (arn) => (arn.service === "ec2" ? accountOrEmpty(arn) : account(arn)),
    (arn) =>
      RECOVERY_POINT_RESOURCES[arn.service].test(arn.resource)
        ? undefined
        : `has resource '${arn.resource}', which is not a ${arn.service} recovery point`,
  ]);
}

export function backupVaultArnProblem(text: string): string | undefined {
  // A vault's name is the usual mistake here (sourceBackupVaultName beside it takes one).
  if (!text.startsWith("arn:") && /^[a-zA-Z0-9_-]{2,50}$/.test(text)) {
    return `must be an ARN of the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (a backup vault), not a vault name: pass arn:aws:backup:REGION:ACCOUNT:backup-vault:${text}`;
  }
  return checkArn(text, "a backup vault", [
    service("backup"),
    regional,
    account,
    resource(/^backup-vault:[a-zA-Z0-9_-]{2,50}$/, "backup-vault:NAME (2-50 letters, digits, '-' or '_')"),
  ]);
}

export function roleArnProblem(text: string): string | undefined {
  return checkArn(text, "an IAM role", [
    service("iam"),
    global,
    account,
    resource(/^role\/([\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/, "role/NAME or role/PATH/NAME"),
  ]);
}

export function vaultNameFromArn(vaultArn: string): string {
  return parseArn(vaultArn)!.resource.slice("backup-vault:".length);
}
