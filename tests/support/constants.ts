/** The account, regions and copy role every behaviour test copies with, and the scaled-clock helpers. */
export const SOURCE_ACCOUNT = "111111111111";
/** Copies go from the source account's prod-vault here to its dr-vault in DEST_REGION. */
export const SOURCE_REGION = "us-east-1";
export const DEST_REGION = "us-west-2";
export const ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
export const GiB = 1024 ** 3;
/** Fractions of a second: the emulator's clock runs an hour per real second in these tests. */
export const FAST_POLLING = { minDelaySeconds: 0.005, maxDelaySeconds: 0.03 };
