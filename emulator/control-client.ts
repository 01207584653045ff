import type { FaultSpec } from "./faults";

export type { FaultSpec } from "./faults";

export interface SeedCredentials {
  accessKeyId: string;
  secretAccessKey?: string;
  accountId: string;
  allowedActions?: string[];
  principalArn?: string;
}

export interface SeedVault {
  accountId?: string;
  region?: string;
  name: string;
  lock?: { minRetentionDays?: number; maxRetentionDays?: number };
  /** Writes AWS's example access policy letting these accounts copy into the vault (backup:CopyIntoBackupVault). */
  accessPolicyAllowsAccounts?: string[];
  /** A whole access policy document (JSON text); wins over accessPolicyAllowsAccounts. */
  accessPolicy?: string;
}

export interface SeedOrganization {
  accounts: string[];
  /** isCrossAccountBackupEnabled in DescribeGlobalSettings (AWS's default: false). */
  crossAccountBackupEnabled: boolean;
  /** Default o-emulator00. */
  id?: string;
  /** Default the first of `accounts`: the one account allowed to UpdateGlobalSettings. */
  managementAccountId?: string;
}

export interface SeedRole {
  arn: string;
  assumableByBackup?: boolean;
  trustedAccounts?: string[];
  externalId?: string;
}

export interface SeedRecoveryPoint {
  accountId?: string;
  region?: string;
  vaultName: string;
  resourceArn?: string;
  resourceType?: string;
  backupSizeInBytes?: number;
  creationDate?: string;
  status?: "COMPLETED" | "PARTIAL" | "DELETING" | "EXPIRED";
  isContinuous?: boolean;
  storageClass?: "WARM" | "COLD";
  lifecycle?: { MoveToColdStorageAfterDays?: number; DeleteAfterDays?: number };
  legalHold?: boolean;
  compositeChildren?: number;
}

export interface EmulatorSettings {
  throughputBytesPerSecond?: number;
  createdPhaseSeconds?: number;
  maxConcurrentCopiesPerDestinationRegion?: number;
  tokenTtlHours?: number;
  jobHistoryDays?: number;
  /** Emulated seconds a deleted recovery point stays DELETING (default 10). */
  deletingSeconds?: number;
  /** Size of recovery points made by StartBackupJob (default 1 GiB). */
  backupSizeInBytes?: number;
  /** Each copy's speed factor is e^(spread·z), z standard normal from its job id (default 0: exact). */
  throughputSpread?: number;
}

export interface CopyJobState {
  copyJobId: string;
  state: string;
  sourceRecoveryPointArn: string;
  destinationBackupVaultArn: string;
  idempotencyToken?: string;
  parentJobId?: string;
  [key: string]: unknown;
}

export interface EmulatorState {
  enforceIam: boolean;
  vaults: unknown[];
  recoveryPoints: unknown[];
  copyJobs: CopyJobState[];
  backupJobs: unknown[];
}

/** Typed client for the emulator's /_emulator/ control API (plain JSON over HTTP, no auth). */
export class EmulatorControl {
  private readonly base: string;

  constructor(endpoint: string) {
    this.base = endpoint.replace(/\/+$/, "") + "/_emulator";
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : {};
    if (!res.ok)
      throw new Error(`emulator control ${method} ${path} failed (${res.status}): ${parsed.error ?? text}`);
    return parsed as T;
  }

  async reset(): Promise<void> {
    await this.call("POST", "/reset", {});
  }

  async registerCredentials(c: SeedCredentials): Promise<void> {
    await this.call("POST", "/credentials", c);
  }

  seedVault(v: SeedVault): Promise<{ backupVaultArn: string }> {
    return this.call("POST", "/vaults", v);
  }

  async seedRole(r: SeedRole): Promise<void> {
    await this.call("POST", "/roles", r);
  }

  seedRecoveryPoint(rp: SeedRecoveryPoint): Promise<{ recoveryPointArn: string }> {
    return this.call("POST", "/recovery-points", rp);
  }

  async setOrganization(o: SeedOrganization): Promise<void> {
    await this.call("PUT", "/organization", o);
  }

  /** Strict IAM on (only registered keys, seeded roles) or off; reset() returns to the startEmulator option. */
  async setEnforceIam(enforce: boolean): Promise<void> {
    await this.call("PUT", "/iam", { enforce });
  }

  async setSettings(s: EmulatorSettings): Promise<void> {
    await this.call("PUT", "/settings", s);
  }

  async setClock(c: { scale?: number }): Promise<void> {
    await this.call("PUT", "/clock", c);
  }

  async advanceClock(seconds: number): Promise<void> {
    await this.call("POST", "/clock/advance", { seconds });
  }

  async now(): Promise<string> {
    return (await this.call<{ now: string }>("GET", "/now")).now;
  }

  async setFaults(f: FaultSpec): Promise<void> {
    await this.call("PUT", "/faults", f);
  }

  calls(): Promise<Record<string, number>> {
    return this.call("GET", "/calls");
  }

  async resetCalls(): Promise<void> {
    await this.call("DELETE", "/calls");
  }

  async deleteRecoveryPointOutOfBand(recoveryPointArn: string): Promise<void> {
    await this.call("POST", "/recovery-points/delete", { recoveryPointArn });
  }

  async setLegalHold(recoveryPointArn: string, on: boolean): Promise<void> {
    await this.call("POST", "/recovery-points/legal-hold", { recoveryPointArn, on });
  }

  async failCopyJob(copyJobId: string, statusMessage: string): Promise<void> {
    await this.call("POST", "/copy-jobs/fail", { copyJobId, statusMessage });
  }

  state(): Promise<EmulatorState> {
    return this.call("GET", "/state");
  }
}
