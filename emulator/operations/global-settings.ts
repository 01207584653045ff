import { invalidParameter, invalidRequest } from "../errors";
import { OpContext, OpResult, Route } from "../routing";
import { Organization } from "../store";
import { epochSeconds } from "./shared";

/**
 * AWS Backup's global settings, which belong to the organisation: AWS answers DescribeGlobalSettings only for
 * members of an organisation and UpdateGlobalSettings only for its management account (both documented).
 * isCrossAccountBackupEnabled decides whether cross-account copies may run (engine.ts); the other two
 * settings are kept and echoed.
 */

const CROSS_ACCOUNT = "isCrossAccountBackupEnabled";
const SETTINGS = [CROSS_ACCOUNT, "isMpaEnabled", "isDelegatedAdministratorEnabled"];

function memberOrganization(ctx: OpContext): Organization {
  const org = ctx.store.organization;
  if (!org || !org.accounts.includes(ctx.caller.accountId))
    throw invalidRequest(
      `Account ${ctx.caller.accountId} is not a member of an AWS Organizations organization.`,
    );
  return org;
}

function describeGlobalSettings(ctx: OpContext): OpResult {
  const org = memberOrganization(ctx);
  const settings: Record<string, string> = Object.fromEntries(SETTINGS.map((k) => [k, "false"]));
  Object.assign(settings, org.otherSettings, { [CROSS_ACCOUNT]: String(org.crossAccountBackupEnabled) });
  return { body: { GlobalSettings: settings, LastUpdateTime: epochSeconds(org.settingsUpdatedAt) } };
}

function updateGlobalSettings(ctx: OpContext): OpResult {
  const org = memberOrganization(ctx);
  if (org.managementAccountId !== ctx.caller.accountId)
    throw invalidRequest(
      `Only the organization's management account (${org.managementAccountId}) can update AWS Backup global settings.`,
    );
  const given = ctx.body.GlobalSettings;
  if (given === undefined || given === null) return {};
  if (typeof given !== "object" || Array.isArray(given))
    throw invalidParameter("GlobalSettings must be a map of setting names to 'true' or 'false'.");
  const entries = Object.entries(given as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (!SETTINGS.includes(key))
      throw invalidParameter(`Invalid GlobalSettings key ${key}: expected one of ${SETTINGS.join(", ")}.`);
    if (value !== "true" && value !== "false")
      throw invalidParameter(`Invalid value for ${key}: expected 'true' or 'false'.`);
  }
  for (const [key, value] of entries as Array<[string, string]>) {
    if (key === CROSS_ACCOUNT) org.crossAccountBackupEnabled = value === "true";
    else org.otherSettings[key] = value;
  }
  org.settingsUpdatedAt = ctx.now;
  return {};
}

export const globalSettingsRoutes: Route[] = [
  {
    method: "GET",
    path: "/global-settings",
    operation: "DescribeGlobalSettings",
    handler: describeGlobalSettings,
  },
  {
    method: "PUT",
    path: "/global-settings",
    operation: "UpdateGlobalSettings",
    handler: updateGlobalSettings,
  },
];
