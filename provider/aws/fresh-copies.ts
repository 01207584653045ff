/**
 * The destination recovery points of copies that have just completed, described together. When the shared
 * poller sees many copies end in one tick, their creates all ask for their destination recovery point at once;
 * one ListRecoveryPointsByBackupVault of the vault then answers them all, instead of one DescribeRecoveryPoint
 * each. The list is used only when it is cheaper: when the vault's last listing took fewer pages than there are
 * points asked for. A point the list does not show (not visible yet, or the list refused) is described alone,
 * so the answer is the same as DescribeRecoveryPoint's, with one exception: ListRecoveryPointsByBackupVault does
 * not return StorageClass, so it is derived as AWS applies it, COLD once CalculatedLifecycle.MoveToColdStorageAt
 * has passed (by the server's clock), else WARM.
 */
import {
  BackupClient,
  DescribeRecoveryPointCommandOutput,
  paginateListRecoveryPointsByBackupVault,
  RecoveryPointByBackupVault,
} from "@aws-sdk/client-backup";
import { findRecoveryPoint } from "./find";
import { serverDateOf } from "./server-date";

type RecoveryPoint = Omit<DescribeRecoveryPointCommandOutput, "$metadata">;

interface Request {
  recoveryPointArn: string;
  resolve: (rp: RecoveryPoint | undefined) => void;
  reject: (error: unknown) => void;
}

interface VaultQueue {
  client: BackupClient;
  vaultName: string;
  requests: Request[];
  scheduled: boolean;
  /** Pages the vault's last listing took: the cost of answering a batch by listing. */
  lastPages: number;
}

/** Requests arriving within this window share one listing (the creates resumed by one poller tick). */
const GATHER_MS = 5;

/** The batching queues, one per (client target, vault); owned by the runtime (provider/runtime.ts). */
export class FreshCopies {
  private readonly queues = new Map<string, VaultQueue>();

  constructor(private readonly keyOf: (client: BackupClient) => string) {}

  describe(
    client: BackupClient,
    vaultName: string,
    recoveryPointArn: string,
  ): Promise<RecoveryPoint | undefined> {
    const key = `${this.keyOf(client)}|${vaultName}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { client, vaultName, requests: [], scheduled: false, lastPages: 1 };
      this.queues.set(key, queue);
    }
    const q = queue;
    q.client = client;
    return new Promise((resolve, reject) => {
      q.requests.push({ recoveryPointArn, resolve, reject });
      if (q.scheduled) return;
      q.scheduled = true;
      setTimeout(() => void flush(q), GATHER_MS).unref?.();
    });
  }

  clear(): void {
    this.queues.clear();
  }
}

async function flush(queue: VaultQueue): Promise<void> {
  queue.scheduled = false;
  const requests = queue.requests.splice(0);
  const listed =
    requests.length > 1 && queue.lastPages < requests.length
      ? await listVault(queue, new Set(requests.map((r) => r.recoveryPointArn)))
      : undefined;
  await Promise.all(
    requests.map(async (request) => {
      const rp = listed?.get(request.recoveryPointArn);
      if (rp) return request.resolve(rp);
      try {
        request.resolve(await findRecoveryPoint(queue.client, queue.vaultName, request.recoveryPointArn));
      } catch (error) {
        request.reject(error);
      }
    }),
  );
}

/**
 * The wanted points of the vault by ARN, or undefined when AWS refuses the list (the describes then answer).
 * Only the wanted ones are kept: the rest of a page is garbage at once, not held until every request resolves.
 */
async function listVault(
  queue: VaultQueue,
  wanted: Set<string>,
): Promise<Map<string, RecoveryPoint> | undefined> {
  const points = new Map<string, RecoveryPoint>();
  let pages = 0;
  try {
    const pager = paginateListRecoveryPointsByBackupVault(
      { client: queue.client, pageSize: 1000 },
      { BackupVaultName: queue.vaultName, MaxResults: 1000 },
    );
    for await (const page of pager) {
      pages++;
      const now = serverDateOf(page) ?? Date.now();
      for (const rp of page.RecoveryPoints ?? []) {
        if (rp.RecoveryPointArn && wanted.has(rp.RecoveryPointArn))
          points.set(rp.RecoveryPointArn, asDescribed(rp, now));
      }
    }
  } catch {
    return undefined;
  }
  queue.lastPages = Math.max(1, pages);
  return points;
}

function asDescribed(rp: RecoveryPointByBackupVault, serverNow: number): RecoveryPoint {
  const coldAt = rp.CalculatedLifecycle?.MoveToColdStorageAt?.getTime();
  return { ...rp, StorageClass: coldAt !== undefined && coldAt <= serverNow ? "COLD" : "WARM" };
}
