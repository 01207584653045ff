import { parseArn, vaultArn } from "../arn";
import { invalidParameter, notFound } from "../errors";
import { isVisible } from "../engine";
import { paginate } from "../pagination";
import { OpContext, OpResult, Route } from "../routing";
import { RecoveryPoint } from "../store";
import { parseMaxResults, requiredLabel } from "../validate";
import { epochSeconds } from "./shared";

/**
 * Protected resources: every resource with a recovery point in the caller's account and region (whatever the
 * point's status, as AWS documents), described by its newest recovery point. Composite members are listed
 * through their parent only, and copies count: a copy is a recovery point of the resource in this account.
 */

function latestPointPerResource(ctx: OpContext): Map<string, RecoveryPoint> {
  const latest = new Map<string, RecoveryPoint>();
  for (const rp of ctx.store.recoveryPoints.values()) {
    if (rp.accountId !== ctx.caller.accountId || rp.region !== ctx.caller.region) continue;
    if (rp.parentRecoveryPointArn !== undefined || !isVisible(rp, ctx.now, ctx.store.settings)) continue;
    const seen = latest.get(rp.resourceArn);
    if (
      !seen ||
      rp.creationDate > seen.creationDate ||
      (rp.creationDate === seen.creationDate && rp.arn > seen.arn)
    )
      latest.set(rp.resourceArn, rp);
  }
  return latest;
}

function protectedResourceView(rp: RecoveryPoint) {
  return {
    ResourceArn: rp.resourceArn,
    ResourceType: rp.resourceType,
    ResourceName: rp.resourceName,
    LastBackupTime: epochSeconds(rp.creationDate),
    LastBackupVaultArn: vaultArn(rp.region, rp.accountId, rp.vaultName),
    LastRecoveryPointArn: rp.arn,
  };
}

function listProtectedResources(ctx: OpContext): OpResult {
  const maxResults = parseMaxResults(ctx.query);
  const points = [...latestPointPerResource(ctx).values()].sort((a, b) =>
    a.resourceArn < b.resourceArn ? -1 : 1,
  );
  const page = paginate(points, (rp) => rp.resourceArn, ctx.query.get("nextToken"), maxResults, "pr");
  return { body: { Results: page.items.map(protectedResourceView), NextToken: page.nextToken } };
}

function describeProtectedResource(ctx: OpContext): OpResult {
  const resourceArn = requiredLabel(ctx.params, "ResourceArn");
  if (!parseArn(resourceArn)) throw invalidParameter(`Invalid ResourceArn: ${resourceArn}`);
  const rp = latestPointPerResource(ctx).get(resourceArn);
  if (!rp) throw notFound(`Resource ${resourceArn} has no recovery points in this account and region.`);
  return { body: protectedResourceView(rp) };
}

export const protectedResourceRoutes: Route[] = [
  { method: "GET", path: "/resources", operation: "ListProtectedResources", handler: listProtectedResources },
  {
    // After ListRecoveryPointsByResource in the route table: both start with /resources/{arn}.
    method: "GET",
    path: "/resources/{ResourceArn+}",
    operation: "DescribeProtectedResource",
    handler: describeProtectedResource,
    resource: (ctx) => ctx.params.ResourceArn,
  },
];
