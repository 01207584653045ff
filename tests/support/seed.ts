/**
 * What the emulator must hold before a CopyJob can run, seeded the same way by every world that drives the
 * provider (the stand-in's plugin world, the real engine's e2e world): the source vault, the destination vault
 * and the copy role; and, for cross-account tests, a partner account whose vault admits the source account
 * and whose role is assumed with an external id.
 */
import type { EmulatorControl } from "../../emulator";
import { DEST_REGION, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "./constants";

export const PARTNER_ACCOUNT = "222222222222";
export const PARTNER_ROLE_ARN = `arn:aws:iam::${PARTNER_ACCOUNT}:role/pulumi-backup-copy-dr`;

/** prod-vault in SOURCE_REGION, dr-vault in DEST_REGION, ROLE_ARN. Returns dr-vault's ARN. */
export async function seedCopyVaults(control: EmulatorControl): Promise<string> {
  await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
  const { backupVaultArn } = await control.seedVault({ region: DEST_REGION, name: "dr-vault" });
  await control.seedRole({ arn: ROLE_ARN });
  return backupVaultArn;
}

/**
 * partner-vault in the partner account (DEST_REGION), PARTNER_ROLE_ARN trusting the source account with
 * `externalId`, and one organisation with cross-account backup on. Returns partner-vault's ARN.
 */
export async function seedPartner(
  control: EmulatorControl,
  externalId: string,
  region = DEST_REGION,
): Promise<string> {
  const { backupVaultArn } = await control.seedVault({
    accountId: PARTNER_ACCOUNT,
    region,
    name: "partner-vault",
    accessPolicyAllowsAccounts: [SOURCE_ACCOUNT],
  });
  await control.seedRole({
    arn: PARTNER_ROLE_ARN,
    assumableByBackup: false,
    trustedAccounts: [SOURCE_ACCOUNT],
    externalId,
  });
  await control.setOrganization({
    accounts: [SOURCE_ACCOUNT, PARTNER_ACCOUNT],
    crossAccountBackupEnabled: true,
  });
  return backupVaultArn;
}
