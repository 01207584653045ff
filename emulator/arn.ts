/** ARN shapes the emulator reads and writes. Parsers return undefined on a malformed ARN. */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

const ACCOUNT_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const VAULT_NAME_RE = /^[a-zA-Z0-9\-_]{2,50}$/;

export function parseArn(value: string): Arn | undefined {
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || !parts[1] || !parts[2]) return undefined;
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(":");
  if (!resource) return undefined;
  if (region && !REGION_RE.test(region)) return undefined;
  if (account && !ACCOUNT_RE.test(account)) return undefined;
  return { partition, service, region, account, resource };
}

export const isAccountId = (s: string) => ACCOUNT_RE.test(s);
export const isRegion = (s: string) => REGION_RE.test(s);

export const vaultArn = (region: string, account: string, name: string) =>
  `arn:aws:backup:${region}:${account}:backup-vault:${name}`;

export function parseVaultArn(value: string): { region: string; account: string; name: string } | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== "backup" || !arn.region || !arn.account) return undefined;
  const m = /^backup-vault:(.+)$/.exec(arn.resource);
  if (!m || !VAULT_NAME_RE.test(m[1])) return undefined;
  return { region: arn.region, account: arn.account, name: m[1] };
}

export function parseRoleArn(value: string): { account: string; name: string } | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== "iam" || arn.region !== "" || !arn.account) return undefined;
  const m = /^role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(arn.resource);
  return m ? { account: arn.account, name: m[1] } : undefined;
}

/**
 * A recovery point ARN is either AWS Backup's own (`arn:aws:backup:R:A:recovery-point:ID`) or the native
 * snapshot/image ARN of the service (`arn:aws:ec2:R::snapshot/snap-…`, which has no account and a '/').
 */
export function isRecoveryPointArn(value: string): boolean {
  const arn = parseArn(value);
  if (!arn || !arn.region) return false;
  if (arn.service === "backup") return /^recovery-point:[A-Za-z0-9-]+$/.test(arn.resource) && !!arn.account;
  return true;
}

/** Resource type names as AWS Backup reports them, derived from the protected resource's ARN. */
export function resourceTypeOf(resourceArn: string): string {
  const arn = parseArn(resourceArn);
  if (!arn) return "Unknown";
  switch (arn.service) {
    case "ec2":
      return arn.resource.startsWith("instance/") ? "EC2" : "EBS";
    case "rds":
      return arn.resource.startsWith("cluster:") ? "Aurora" : "RDS";
    case "dynamodb":
      return "DynamoDB";
    case "elasticfilesystem":
      return "EFS";
    case "s3":
      return "S3";
    case "fsx":
      return "FSx";
    case "storagegateway":
      return "Storage Gateway";
    case "cloudformation":
      return "CloudFormation";
    case "redshift":
      return "Redshift";
    default:
      return arn.service;
  }
}

/** The last meaningful component of a resource ARN, used as ResourceName. */
export function resourceNameOf(resourceArn: string): string | undefined {
  const arn = parseArn(resourceArn);
  if (!arn) return undefined;
  const parts = arn.resource.split(/[/:]/);
  return parts[parts.length - 1] || undefined;
}
