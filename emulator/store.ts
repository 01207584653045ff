import { Prng } from "./random";

/** Everything the emulator knows. Times are emulated epoch milliseconds. */

export interface Lifecycle {
  MoveToColdStorageAfterDays?: number;
  DeleteAfterDays?: number;
  OptInToArchiveForSupportedResources?: boolean;
}

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  principalArn: string;
  /** When set, every other action is refused with AccessDenied. */
  allowedActions?: string[];
  /** Temporary (ASIA…) keys from AssumeRole must come with their session token. */
  sessionToken?: string;
  expiresAt?: number;
}

export interface VaultLock {
  minRetentionDays?: number;
  maxRetentionDays?: number;
  /** Compliance mode: the configuration becomes immutable at this time. Absent = governance mode. */
  lockDate?: number;
}

export interface Vault {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  creationDate: number;
  encryptionKeyArn: string;
  creatorRequestId?: string;
  lock?: VaultLock;
  /** The vault access policy document (JSON text), as PutBackupVaultAccessPolicy stored it. */
  accessPolicy?: string;
}

export type RecoveryPointStatus = "COMPLETED" | "PARTIAL" | "DELETING" | "EXPIRED";

export interface RecoveryPoint {
  arn: string;
  accountId: string;
  region: string;
  vaultName: string;
  resourceArn: string;
  resourceType: string;
  resourceName?: string;
  backupSizeInBytes: number;
  creationDate: number;
  completionDate: number;
  /** Copies appear when their job completes; seeded points at once. */
  availableAt: number;
  status: RecoveryPointStatus;
  isContinuous: boolean;
  /** Seeded straight into cold storage, whatever the lifecycle says. */
  seededCold: boolean;
  lifecycle?: Lifecycle;
  legalHold: boolean;
  /** Lifecycle expiry is suspended under legal hold and resumes no earlier than the release. */
  legalHoldReleasedAt?: number;
  deleteRequestedAt?: number;
  goneAt?: number;
  iamRoleArn?: string;
  encryptionKeyArn: string;
  sourceBackupVaultArn?: string;
  copyJobId?: string;
  backupJobId?: string;
  parentRecoveryPointArn?: string;
  isParent: boolean;
  compositeMemberIdentifier?: string;
}

export type JobState = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "PARTIAL";
export const ACTIVE_STATES: readonly string[] = ["CREATED", "RUNNING"];

/** What copy and backup jobs share: who runs them, on what, and their timeline on the emulated clock. */
interface Job {
  accountId: string;
  region: string;
  resourceArn: string;
  resourceType: string;
  resourceName?: string;
  iamRoleArn: string;
  lifecycle?: Lifecycle;
  backupSizeInBytes: number;
  creationDate: number;
  runningAt?: number;
  completeAt?: number;
  completionDate?: number;
  state: JobState;
  statusMessage?: string;
  messageCategory?: string;
  idempotencyToken?: string;
}

export interface CopyJob extends Job {
  copyJobId: string;
  sourceBackupVaultArn: string;
  sourceRecoveryPointArn: string;
  destinationBackupVaultArn: string;
  destinationRecoveryPointArn?: string;
  parentJobId?: string;
  isParent: boolean;
  childJobIds: string[];
  compositeMemberIdentifier?: string;
  /** Set by the control API: the job fails at its next settle. */
  forcedFailure?: string;
}

export interface BackupJob extends Job {
  backupJobId: string;
  backupVaultName: string;
  backupVaultArn: string;
  recoveryPointArn?: string;
}

export interface Role {
  arn: string;
  accountId: string;
  name: string;
  assumableByBackup: boolean;
  trustedAccounts: string[];
  externalId?: string;
}

export interface Organization {
  /** `o-…`, what `aws:PrincipalOrgID` conditions compare with. */
  id: string;
  accounts: string[];
  /** Only it may UpdateGlobalSettings (AWS: the Organizations management account). */
  managementAccountId: string;
  /** DescribeGlobalSettings' isCrossAccountBackupEnabled. */
  crossAccountBackupEnabled: boolean;
  /** The other global settings (isMpaEnabled, isDelegatedAdministratorEnabled): stored and echoed only. */
  otherSettings: Record<string, string>;
  settingsUpdatedAt: number;
}

export interface Settings {
  throughputBytesPerSecond: number;
  createdPhaseSeconds: number;
  maxConcurrentCopiesPerDestinationRegion: number;
  tokenTtlHours: number;
  jobHistoryDays: number;
  /** How long a deleted recovery point stays visible as DELETING. */
  deletingSeconds: number;
  /** Size given to recovery points made by StartBackupJob (there are no real resources to measure). */
  backupSizeInBytes: number;
  /**
   * Spread of each copy's own speed: its RUNNING time is size / throughput × e^(spread·z), z a standard normal
   * drawn from the job id (so the same job always takes the same time). 0 (the default) keeps it exact.
   */
  throughputSpread: number;
}

export interface TokenRecord {
  jobId: string;
  fingerprint: string;
  createdAt: number;
}

export const DEFAULT_THROUGHPUT = 100 * 1024 * 1024;

export function defaultSettings(throughput = DEFAULT_THROUGHPUT): Settings {
  return {
    throughputBytesPerSecond: throughput,
    createdPhaseSeconds: 2,
    maxConcurrentCopiesPerDestinationRegion: 100,
    tokenTtlHours: 24,
    jobHistoryDays: 30,
    deletingSeconds: 10,
    backupSizeInBytes: 1024 * 1024 * 1024,
    throughputSpread: 0,
  };
}

export const vaultKey = (accountId: string, region: string, name: string) => `${accountId}|${region}|${name}`;

export class Store {
  credentials = new Map<string, Credential>();
  vaults = new Map<string, Vault>();
  recoveryPoints = new Map<string, RecoveryPoint>();
  copyJobs = new Map<string, CopyJob>();
  backupJobs = new Map<string, BackupJob>();
  /** Jobs not yet terminal: the only ones a settle pass has to look at. */
  activeCopyJobs = new Set<string>();
  activeBackupJobs = new Set<string>();
  roles = new Map<string, Role>();
  organization?: Organization;
  copyTokens = new Map<string, TokenRecord>();
  backupTokens = new Map<string, TokenRecord>();
  settings: Settings;
  /** Strict mode: only registered keys and seeded roles (see World.initialEnforceIam). */
  enforceIam = false;
  calls: Record<string, number> = {};

  constructor(
    readonly ids: Prng,
    private readonly initialThroughput = DEFAULT_THROUGHPUT,
  ) {
    this.settings = defaultSettings(initialThroughput);
  }

  reset(): void {
    this.credentials.clear();
    this.vaults.clear();
    this.recoveryPoints.clear();
    this.copyJobs.clear();
    this.backupJobs.clear();
    this.activeCopyJobs.clear();
    this.activeBackupJobs.clear();
    this.roles.clear();
    this.organization = undefined;
    this.copyTokens.clear();
    this.backupTokens.clear();
    this.settings = defaultSettings(this.initialThroughput);
    this.calls = {};
  }

  count(name: string): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }

  vault(accountId: string, region: string, name: string): Vault | undefined {
    return this.vaults.get(vaultKey(accountId, region, name));
  }

  kmsKeyArn(region: string, accountId: string): string {
    return `arn:aws:kms:${region}:${accountId}:key/${this.ids.uuid().toLowerCase()}`;
  }

  /** EBS and EC2 recovery points are native EC2 snapshots/images; the rest use AWS Backup's own ARN. */
  newRecoveryPointArn(resourceType: string, region: string, accountId: string): string {
    if (resourceType === "EBS") return `arn:aws:ec2:${region}::snapshot/snap-${this.ids.hex(17)}`;
    if (resourceType === "EC2") return `arn:aws:ec2:${region}::image/ami-${this.ids.hex(17)}`;
    return `arn:aws:backup:${region}:${accountId}:recovery-point:${this.ids.uuid()}`;
  }
}
