import { allowCopyFromAccounts, parseAccessPolicy } from "./access-policy";
import {
  isAccountId,
  isRegion,
  parseArn,
  parseRoleArn,
  resourceNameOf,
  resourceTypeOf,
  VAULT_NAME_RE,
  vaultArn,
} from "./arn";
import { isVisible, settle, statusAt, storageClassAt } from "./engine";
import { FaultSpec } from "./faults";
import { RecoveryPoint, Settings, vaultKey } from "./store";
import { DEFAULT_ACCOUNT, DEFAULT_REGION, resetWorld, World } from "./world";

/**
 * The control API under /_emulator/: JSON in and out, no auth, no faults. Tests use it to seed what AWS
 * Backup cannot create through its own API (roles, organisations, recovery points of any age) and to
 * steer time and failures.
 */

export class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

function obj(body: unknown): Json {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new ControlError("body must be a JSON object");
  return body as Json;
}

function str(b: Json, name: string, required: true): string;
function str(b: Json, name: string, required?: false): string | undefined;
function str(b: Json, name: string, required = false): string | undefined {
  const v = b[name];
  if (v === undefined || v === null) {
    if (required) throw new ControlError(`${name} is required`);
    return undefined;
  }
  if (typeof v !== "string") throw new ControlError(`${name} must be a string`);
  return v;
}

function num(b: Json, name: string, min = 0): number | undefined {
  const v = b[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min)
    throw new ControlError(`${name} must be a number >= ${min}`);
  return v;
}

function strings(b: Json, name: string): string[] | undefined {
  const v = b[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new ControlError(`${name} must be an array of strings`);
  return v as string[];
}

function accountAndRegion(b: Json): { accountId: string; region: string } {
  const accountId = str(b, "accountId") ?? DEFAULT_ACCOUNT;
  const region = str(b, "region") ?? DEFAULT_REGION;
  if (!isAccountId(accountId)) throw new ControlError(`accountId must be 12 digits, got ${accountId}`);
  if (!isRegion(region)) throw new ControlError(`region is not a region name: ${region}`);
  return { accountId, region };
}

export function handleControl(world: World, method: string, path: string, rawBody: unknown): unknown {
  const { store, clock } = world;
  settle(store, clock.now());
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  const body = method === "GET" || method === "DELETE" ? {} : obj(rawBody ?? {});
  const now = clock.now();
  switch (route) {
    case "POST /_emulator/reset":
      resetWorld(world);
      return {};
    case "POST /_emulator/credentials": {
      const accessKeyId = str(body, "accessKeyId", true);
      const { accountId } = accountAndRegion(body);
      store.credentials.set(accessKeyId, {
        accessKeyId,
        secretAccessKey: str(body, "secretAccessKey") ?? "emulator-secret",
        accountId,
        allowedActions: strings(body, "allowedActions"),
        principalArn: str(body, "principalArn") ?? `arn:aws:iam::${accountId}:user/${accessKeyId}`,
      });
      return {};
    }
    case "POST /_emulator/vaults": {
      const { accountId, region } = accountAndRegion(body);
      const name = str(body, "name", true);
      if (!VAULT_NAME_RE.test(name)) throw new ControlError(`invalid vault name ${name}`);
      const lockBody = body.lock === undefined ? undefined : obj(body.lock);
      const key = vaultKey(accountId, region, name);
      const existing = store.vaults.get(key);
      // Seeding is an upsert: re-seeding a vault updates its lock and policy and keeps its recovery points.
      const vault = existing ?? {
        accountId,
        region,
        name,
        arn: vaultArn(region, accountId, name),
        creationDate: now,
        encryptionKeyArn: store.kmsKeyArn(region, accountId),
      };
      if (lockBody)
        vault.lock = {
          minRetentionDays: num(lockBody, "minRetentionDays", 1),
          maxRetentionDays: num(lockBody, "maxRetentionDays", 1),
        };
      // Either a whole policy document or the accounts AWS's example policy lets copy in.
      const allowed = strings(body, "accessPolicyAllowsAccounts");
      const policy = str(body, "accessPolicy");
      if (policy !== undefined) {
        const parsed = parseAccessPolicy(policy);
        if (typeof parsed === "string") throw new ControlError(`accessPolicy: ${parsed}`);
        vault.accessPolicy = policy;
      } else if (allowed) vault.accessPolicy = allowCopyFromAccounts(allowed);
      store.vaults.set(key, vault);
      return { backupVaultArn: vault.arn };
    }
    case "POST /_emulator/roles": {
      const arn = str(body, "arn", true);
      const parsed = parseRoleArn(arn);
      if (!parsed) throw new ControlError(`not an IAM role ARN: ${arn}`);
      const assumable = body.assumableByBackup;
      store.roles.set(arn, {
        arn,
        accountId: parsed.account,
        name: parsed.name,
        assumableByBackup: assumable === undefined ? true : assumable === true,
        trustedAccounts: strings(body, "trustedAccounts") ?? [parsed.account],
        externalId: str(body, "externalId"),
      });
      return {};
    }
    case "POST /_emulator/recovery-points":
      return { recoveryPointArn: seedRecoveryPoint(world, body, now) };
    case "PUT /_emulator/organization": {
      const accounts = strings(body, "accounts") ?? [];
      const id = str(body, "id") ?? "o-emulator00";
      if (!/^o-[a-z0-9]{10,32}$/.test(id))
        throw new ControlError(`id must look like o-xxxxxxxxxx, got ${id}`);
      const managementAccountId = str(body, "managementAccountId") ?? accounts[0] ?? DEFAULT_ACCOUNT;
      if (!accounts.includes(managementAccountId)) accounts.unshift(managementAccountId);
      store.organization = {
        id,
        accounts,
        managementAccountId,
        crossAccountBackupEnabled: body.crossAccountBackupEnabled === true,
        otherSettings: {},
        settingsUpdatedAt: now,
      };
      return {};
    }
    case "PUT /_emulator/iam": {
      if (typeof body.enforce !== "boolean") throw new ControlError("enforce must be true or false");
      store.enforceIam = body.enforce;
      return {};
    }
    case "PUT /_emulator/settings": {
      const next: Partial<Settings> = {};
      const keys: Array<[keyof Settings, number]> = [
        ["throughputBytesPerSecond", 1],
        ["createdPhaseSeconds", 0],
        ["maxConcurrentCopiesPerDestinationRegion", 0],
        ["tokenTtlHours", 0],
        ["jobHistoryDays", 0],
        ["deletingSeconds", 0],
        ["backupSizeInBytes", 0],
        ["throughputSpread", 0],
      ];
      for (const [key, min] of keys) {
        const v = num(body, key, min);
        if (v !== undefined) next[key] = v;
      }
      Object.assign(store.settings, next);
      return {};
    }
    case "PUT /_emulator/clock": {
      const scale = num(body, "scale");
      if (scale !== undefined) clock.setScale(scale);
      return {};
    }
    case "POST /_emulator/clock/advance": {
      const seconds = num(body, "seconds");
      if (seconds === undefined) throw new ControlError("seconds is required");
      clock.advance(seconds);
      settle(store, clock.now());
      return { now: new Date(clock.now()).toISOString() };
    }
    case "GET /_emulator/now":
      return { now: new Date(now).toISOString() };
    case "PUT /_emulator/faults":
      try {
        world.faults.set(body as FaultSpec);
      } catch (e) {
        throw new ControlError((e as Error).message);
      }
      return {};
    case "GET /_emulator/calls":
      return { ...store.calls };
    case "DELETE /_emulator/calls":
      store.calls = {};
      return {};
    case "POST /_emulator/recovery-points/delete": {
      const rp = findRp(world, str(body, "recoveryPointArn", true));
      // Out of band: no DELETING phase, as if removed in the console long ago.
      rp.deleteRequestedAt = Math.min(rp.deleteRequestedAt ?? now, now);
      rp.goneAt = now;
      settle(store, now);
      return {};
    }
    case "POST /_emulator/recovery-points/legal-hold": {
      const rp = findRp(world, str(body, "recoveryPointArn", true));
      const on = body.on === true;
      if (rp.legalHold && !on) rp.legalHoldReleasedAt = now;
      rp.legalHold = on;
      return {};
    }
    case "POST /_emulator/copy-jobs/fail": {
      const id = str(body, "copyJobId", true);
      const job = store.copyJobs.get(id);
      if (!job) throw new ControlError(`no copy job ${id}`, 404);
      if (!store.activeCopyJobs.has(id))
        throw new ControlError(`copy job ${id} is already ${job.state}`, 409);
      job.forcedFailure = str(body, "statusMessage") ?? "Copy job failed.";
      settle(store, now);
      return {};
    }
    case "GET /_emulator/state":
      return stateView(world, now);
    default:
      throw new ControlError(`unknown control route ${route}`, 404);
  }
}

function findRp(world: World, arn: string): RecoveryPoint {
  const rp = world.store.recoveryPoints.get(arn);
  if (!rp || !isVisible(rp, world.clock.now(), world.store.settings))
    throw new ControlError(`no recovery point ${arn}`, 404);
  return rp;
}

function defaultResourceArn(world: World, type: string, region: string, account: string): string {
  const id = world.store.ids.hex(17);
  switch (type) {
    case "EBS":
      return `arn:aws:ec2:${region}:${account}:volume/vol-${id}`;
    case "EC2":
      return `arn:aws:ec2:${region}:${account}:instance/i-${id}`;
    case "RDS":
      return `arn:aws:rds:${region}:${account}:db:db-${id}`;
    case "Aurora":
      return `arn:aws:rds:${region}:${account}:cluster:cluster-${id}`;
    case "DynamoDB":
      return `arn:aws:dynamodb:${region}:${account}:table/table-${id}`;
    case "EFS":
      return `arn:aws:elasticfilesystem:${region}:${account}:file-system/fs-${id}`;
    case "S3":
      return `arn:aws:s3:::bucket-${id}`;
    case "CloudFormation":
      return `arn:aws:cloudformation:${region}:${account}:stack/stack-${id}/${world.store.ids.uuid().toLowerCase()}`;
    default:
      return `arn:aws:${type.toLowerCase().replace(/[^a-z0-9-]/g, "")}:${region}:${account}:resource/${id}`;
  }
}

function seedRecoveryPoint(world: World, body: Json, now: number): string {
  const { store } = world;
  const { accountId, region } = accountAndRegion(body);
  const vaultName = str(body, "vaultName", true);
  const vault = store.vault(accountId, region, vaultName);
  if (!vault)
    throw new ControlError(`vault ${vaultName} is not seeded in ${accountId}/${region}; seed it first`);
  const givenArn = str(body, "resourceArn");
  if (givenArn !== undefined && !parseArn(givenArn)) throw new ControlError(`not an ARN: ${givenArn}`);
  const resourceType = str(body, "resourceType") ?? (givenArn ? resourceTypeOf(givenArn) : "EBS");
  const resourceArn = givenArn ?? defaultResourceArn(world, resourceType, region, accountId);
  const createdRaw = str(body, "creationDate");
  const creationDate = createdRaw === undefined ? now : Date.parse(createdRaw);
  if (!Number.isFinite(creationDate))
    throw new ControlError(`creationDate is not an ISO date: ${createdRaw}`);
  const status = str(body, "status") ?? "COMPLETED";
  if (!["COMPLETED", "PARTIAL", "DELETING", "EXPIRED"].includes(status))
    throw new ControlError(`invalid status ${status}`);
  const storageClass = str(body, "storageClass") ?? "WARM";
  if (!["WARM", "COLD"].includes(storageClass))
    throw new ControlError(`invalid storageClass ${storageClass}`);
  const lifecycle = body.lifecycle === undefined ? undefined : obj(body.lifecycle);
  const size = num(body, "backupSizeInBytes") ?? 1024 * 1024 * 1024;
  const children = num(body, "compositeChildren") ?? 0;
  const make = (arn: string, extra: Partial<RecoveryPoint>): RecoveryPoint => ({
    arn,
    accountId,
    region,
    vaultName,
    resourceArn,
    resourceType,
    resourceName: resourceNameOf(resourceArn),
    backupSizeInBytes: size,
    creationDate,
    completionDate: creationDate,
    availableAt: Math.min(now, creationDate),
    status: status === "DELETING" ? "COMPLETED" : (status as RecoveryPoint["status"]),
    isContinuous: body.isContinuous === true,
    seededCold: storageClass === "COLD",
    lifecycle: lifecycle
      ? {
          MoveToColdStorageAfterDays: num(lifecycle, "MoveToColdStorageAfterDays", -1),
          DeleteAfterDays: num(lifecycle, "DeleteAfterDays", -1),
        }
      : undefined,
    legalHold: body.legalHold === true,
    iamRoleArn: `arn:aws:iam::${accountId}:role/service-role/AWSBackupDefaultServiceRole`,
    encryptionKeyArn: vault.encryptionKeyArn,
    isParent: false,
    ...extra,
  });
  const arn =
    children > 0
      ? store.newRecoveryPointArn("composite", region, accountId)
      : store.newRecoveryPointArn(resourceType, region, accountId);
  const parent = make(arn, { isParent: children > 0 });
  // A seeded DELETING point is one whose deletion was requested just now.
  if (status === "DELETING") {
    parent.deleteRequestedAt = now;
    parent.goneAt = now + store.settings.deletingSeconds * 1000;
  }
  store.recoveryPoints.set(arn, parent);
  for (let i = 1; i <= children; i++) {
    const childArn = store.newRecoveryPointArn("composite", region, accountId);
    store.recoveryPoints.set(
      childArn,
      make(childArn, {
        resourceArn: `${resourceArn}/member-${i}`,
        resourceName: `member-${i}`,
        backupSizeInBytes: Math.floor(size / children),
        parentRecoveryPointArn: arn,
        compositeMemberIdentifier: `Member${i}`,
      }),
    );
  }
  return arn;
}

function stateView(world: World, now: number) {
  const { store } = world;
  return {
    now: new Date(now).toISOString(),
    enforceIam: store.enforceIam,
    vaults: [...store.vaults.values()].map((v) => ({
      accountId: v.accountId,
      region: v.region,
      name: v.name,
      backupVaultArn: v.arn,
      lock: v.lock,
      accessPolicy: v.accessPolicy,
    })),
    recoveryPoints: [...store.recoveryPoints.values()]
      .filter((rp) => isVisible(rp, now, store.settings))
      .map((rp) => ({
        recoveryPointArn: rp.arn,
        accountId: rp.accountId,
        region: rp.region,
        vaultName: rp.vaultName,
        resourceArn: rp.resourceArn,
        resourceType: rp.resourceType,
        status: statusAt(rp, now),
        storageClass: storageClassAt(rp, now),
        creationDate: new Date(rp.creationDate).toISOString(),
        lifecycle: rp.lifecycle,
        legalHold: rp.legalHold,
        sourceBackupVaultArn: rp.sourceBackupVaultArn,
        copyJobId: rp.copyJobId,
        parentRecoveryPointArn: rp.parentRecoveryPointArn,
      })),
    copyJobs: [...store.copyJobs.values()].map((j) => ({
      copyJobId: j.copyJobId,
      accountId: j.accountId,
      region: j.region,
      state: j.state,
      statusMessage: j.statusMessage,
      sourceRecoveryPointArn: j.sourceRecoveryPointArn,
      destinationBackupVaultArn: j.destinationBackupVaultArn,
      destinationRecoveryPointArn: j.destinationRecoveryPointArn,
      idempotencyToken: j.idempotencyToken,
      parentJobId: j.parentJobId,
      isParent: j.isParent,
      creationDate: new Date(j.creationDate).toISOString(),
      completionDate: j.completionDate === undefined ? undefined : new Date(j.completionDate).toISOString(),
    })),
    backupJobs: [...store.backupJobs.values()].map((j) => ({
      backupJobId: j.backupJobId,
      state: j.state,
      backupVaultName: j.backupVaultName,
      resourceArn: j.resourceArn,
      recoveryPointArn: j.recoveryPointArn,
    })),
  };
}
