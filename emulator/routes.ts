import { accessPolicyRoutes } from "./operations/access-policies";
import { backupJobRoutes } from "./operations/backup-jobs";
import { copyJobSummaryRoutes } from "./operations/copy-job-summaries";
import { copyJobRoutes } from "./operations/copy-jobs";
import { globalSettingsRoutes } from "./operations/global-settings";
import { protectedResourceRoutes } from "./operations/protected-resources";
import { recoveryPointRoutes } from "./operations/recovery-points";
import { vaultRoutes } from "./operations/vaults";
import { Route } from "./routing";

/**
 * Every AWS Backup operation the emulator serves, in matching order. One list for the server and for the
 * conformance suite, which checks that an independent client has exercised each of them.
 */
export function backupRoutes(consistencyDelaySeconds: () => number): Route[] {
  return [
    ...vaultRoutes,
    ...accessPolicyRoutes,
    ...recoveryPointRoutes,
    // After recoveryPointRoutes: GET /resources/{arn}/recovery-points must win over /resources/{arn+}.
    ...protectedResourceRoutes,
    ...copyJobRoutes(consistencyDelaySeconds),
    ...copyJobSummaryRoutes,
    ...backupJobRoutes,
    ...globalSettingsRoutes,
  ];
}
