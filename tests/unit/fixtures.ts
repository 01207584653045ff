/** Valid inputs that unit tests vary one property at a time. */
export const VALID = {
  recoveryPointArn:
    "arn:aws:backup:us-east-1:111111111111:recovery-point:1a2b3c4d-0000-4000-8000-000000000001",
  sourceBackupVaultName: "prod-vault",
  destinationBackupVaultArn: "arn:aws:backup:us-west-2:111111111111:backup-vault:dr-vault",
  iamRoleArn: "arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole",
};
