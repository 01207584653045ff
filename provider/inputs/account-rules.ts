/**
 * Which account each role must be in, and the external id's pairing with destinationRoleArn. Checked before
 * any AWS call, because AWS's own answers come late and point elsewhere: a role of another account fails the
 * copy job minutes later ("Invalid IAM role") or the first destination-side call (ResourceNotFound for a vault
 * that does exist).
 *
 * - iamRoleArn is in the recovery point's account. StartCopyJob runs in that account and passes the role to
 *   AWS Backup (iam:PassRole), which only passes roles of the caller's own account. An EC2 snapshot or AMI
 *   ARN names no account: nothing to compare then.
 * - destinationRoleArn is in the destination vault's account. The provider reads, updates and deletes the
 *   copy through it, and those calls name the vault by its name (/backup-vaults/{name}/…), which AWS looks
 *   up in the calling role's own account: UpdateRecoveryPointLifecycle and DeleteRecoveryPoint take no
 *   account to look in, so no vault access policy lets a role of another account make them.
 * - destinationExternalId is only ever sent with the AssumeRole of destinationRoleArn: without that role it
 *   would be ignored silently, and the trust policy that required it never met.
 */
import { parseArn } from "./arn";
import { inputProperty } from "./properties";
import { isUnknown } from "./unknown";

type Fail = (property: string, reason: string) => void;

export function validateAccounts(inputs: Record<string, unknown>, fail: Fail): void {
  const rpAccount = accountOf(inputs, "recoveryPointArn");
  const roleAccount = accountOf(inputs, "iamRoleArn");
  if (rpAccount && roleAccount && rpAccount !== roleAccount) {
    fail(
      "iamRoleArn",
      `is in account ${roleAccount}, but recoveryPointArn is in account ${rpAccount}: the copy job runs in the ` +
        `recovery point's account, and AWS Backup can only be given a role of that account (use a role in ` +
        `account ${rpAccount})`,
    );
  }

  const vaultAccount = accountOf(inputs, "destinationBackupVaultArn");
  const destinationRoleAccount = accountOf(inputs, "destinationRoleArn");
  if (vaultAccount && destinationRoleAccount && vaultAccount !== destinationRoleAccount) {
    fail(
      "destinationRoleArn",
      `is in account ${destinationRoleAccount}, but destinationBackupVaultArn is in account ${vaultAccount}: ` +
        `the copy is read, updated and deleted through this role by the vault's name, which AWS looks up in ` +
        `the role's own account (use a role in account ${vaultAccount})`,
    );
  }

  const externalId = inputs.destinationExternalId;
  const role = inputs.destinationRoleArn;
  if (externalId !== undefined && externalId !== null && !isUnknown(externalId) && role == null) {
    // Never quotes the external id: it is a secret.
    fail(
      "destinationExternalId",
      "is set but destinationRoleArn is not: the external id is only sent when assuming destinationRoleArn, " +
        `so set destinationRoleArn to the role in account ${vaultAccount ?? "of the destination vault"} whose ` +
        "trust policy asks for it, or remove destinationExternalId",
    );
  }
}

/** The account of an ARN input that passes its own rule, or undefined (absent, unknown, invalid, none). */
function accountOf(inputs: Record<string, unknown>, name: string): string | undefined {
  const value = inputs[name];
  if (typeof value !== "string" || isUnknown(value)) return undefined;
  if (inputProperty(name)?.rule(value)) return undefined;
  return parseArn(value)?.accountId || undefined;
}
