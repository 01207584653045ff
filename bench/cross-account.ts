/**
 * What N cross-account copies cost in clients and STS calls (issue 21, defect 4). One stack copies N recovery
 * points from the source account into a partner account's vault through destinationRoleArn, all at once, the
 * way the engine runs a stack's creates in one plugin process. It prints the provider's AWS clients, the
 * emulator's count of AssumeRole, DescribeRecoveryPoint and ListRecoveryPointsByBackupVault calls, and the
 * wall time.
 *
 *   npx ts-node --transpile-only bench/cross-account.ts [N=100 ...]
 *
 * Measured 2026-12-06 (2 CPUs shared, emulator in-process, clock x3600, 5 GiB copies; wall time real):
 *
 *   N     | before: clients / AssumeRole / DescribeRecoveryPoint / wall | after (one client per role, batched)
 *   5     | 6 / 5 / 5 / 155-168 ms                                       | 2 / 1 / 0-1 (+1-2 lists) / 130-206 ms
 *   100   | 101 / 100 / 100 / 0.84-1.14 s                                | 2 / 1 / 0 (+6-7 lists) / 0.38-0.48 s
 *   1000  | 1001 / 1000 / 1000 / 10.0 s                                  | 2 / 1 / 0 (+66 lists) / 4.4 s
 *
 * "Before" is the session name per resource in the client key (commit d666593); the destination describes of
 * copies ending together are answered by aws/fresh-copies.ts's vault listing once they share a client.
 */
import { performance } from "perf_hooks";
import { capturingLogs, checked, startEmulated } from "../tests/support/emulated";
import { FAST_POLLING, GiB, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "../tests/support/constants";
import { PARTNER_ROLE_ARN, seedPartner } from "../tests/support/seed";

const PARTNER_REGION = "eu-west-1";
const EXTERNAL_ID = "bench-external-id-3c1f";

export interface CrossAccountFigures {
  copies: number;
  clients: number;
  assumeRole: number;
  describeRecoveryPoint: number;
  listRecoveryPoints: number;
  failures: number;
  wallMs: number;
}

export async function measureCrossAccount(n: number): Promise<CrossAccountFigures> {
  const env = await startEmulated({ seed: 5 });
  try {
    const control = env.emulator.control;
    await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
    await control.seedRole({ arn: ROLE_ARN });
    const backupVaultArn = await seedPartner(control, EXTERNAL_ID, PARTNER_REGION);
    const inputs: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-${String(i).padStart(8, "0")}`,
        resourceType: "EBS",
        // One size: the copies end together, as a stack's copies of one night's backups do.
        backupSizeInBytes: 5 * GiB,
      });
      inputs.push(
        await checked(env.provider, {
          recoveryPointArn,
          sourceBackupVaultName: "prod-vault",
          destinationBackupVaultArn: backupVaultArn,
          iamRoleArn: ROLE_ARN,
          destinationRoleArn: PARTNER_ROLE_ARN,
          destinationExternalId: EXTERNAL_ID,
          polling: FAST_POLLING,
          tokenScope: `bench/partner/copy-${i}`,
          __provider: "serialized-provider-text",
        }),
      );
    }
    await control.resetCalls();
    const t0 = performance.now();
    const run = await capturingLogs(() =>
      Promise.allSettled(inputs.map((news) => env.provider.create(news))),
    );
    const wallMs = performance.now() - t0;
    const settled = run.result ?? [];
    const failures = settled.filter((s) => s.status === "rejected");
    if (failures.length) console.error(String((failures[0] as PromiseRejectedResult).reason).slice(0, 400));
    const calls = await control.calls();
    return {
      copies: n,
      clients: clientCount(env.runtime.clients),
      assumeRole: calls.AssumeRole ?? 0,
      describeRecoveryPoint: calls.DescribeRecoveryPoint ?? 0,
      listRecoveryPoints: calls.ListRecoveryPointsByBackupVault ?? 0,
      failures: failures.length,
      wallMs: Math.round(wallMs),
    };
  } finally {
    await env.stop();
  }
}

/** The cache's size (`size`; before it had one, its private map, so the same script measures both). */
function clientCount(cache: object): number {
  const c = cache as { size?: number; clients?: Map<string, unknown> };
  return typeof c.size === "number" ? c.size : (c.clients?.size ?? -1);
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number);
  void (async () => {
    for (const n of sizes.length ? sizes : [100]) console.log(JSON.stringify(await measureCrossAccount(n)));
  })();
}
