/**
 * Issue 21: a hint joins AWS's message cleanly. AWS ends most messages with a full stop; the hint follows in
 * parentheses after it is trimmed, never "exist.. create" or "exist. (check".
 */
import { strict as assert } from "assert";
import {
  CopyJobFailedError,
  explainAwsError,
  explainDestinationAccess,
  failedJobHint,
  withHint,
} from "../../provider/errors";

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("hints join AWS's message", () => {
  it("trims AWS's full stop before the hint", () => {
    assert.equal(withHint("Vault x does not exist.", "create it"), "Vault x does not exist (create it)");
    assert.equal(withHint("Vault x does not exist. ", "create it"), "Vault x does not exist (create it)");
    assert.equal(withHint("No stop", "do this"), "No stop (do this)");
  });

  it("leaves AWS's message as it is when there is no hint", () => {
    assert.equal(withHint("Vault x does not exist.", undefined), "Vault x does not exist.");
  });

  it("keeps full stops inside AWS's message", () => {
    assert.equal(
      withHint(
        "Insufficient privileges to perform this action. AWS Backup could not assume IAM role.",
        "check",
      ),
      "Insufficient privileges to perform this action. AWS Backup could not assume IAM role (check)",
    );
  });

  it("a failed job: its StatusMessage, then the hint, without a doubled stop", () => {
    const status =
      "Copy job failed. Destination backup vault arn:aws:backup:us-west-2:1:backup-vault:x does not exist.";
    const error = new CopyJobFailedError("job-1", "FAILED", status, failedJobHint(status, false));
    assert.equal(
      error.message,
      "Copy job job-1 ended FAILED: Copy job failed. Destination backup vault arn:aws:backup:us-west-2:1:backup-vault:x " +
        "does not exist (create the destination vault, or fix destinationBackupVaultArn's account, region or name)",
    );
    assert.doesNotMatch(error.message, /\.\./);
    assert.equal(
      new CopyJobFailedError("job-2", "FAILED", "Something odd.").message,
      "Copy job job-2 ended FAILED: Something odd.",
    );
  });

  it("a refused call: the operation, AWS's name and words, then the hint", () => {
    const error = explainAwsError(
      "StartCopyJob",
      awsError(
        "ResourceNotFoundException",
        "Backup vault nope does not exist in account 111111111111, region us-east-1.",
      ),
    );
    assert.equal(
      error.message,
      "StartCopyJob failed: ResourceNotFoundException: Backup vault nope does not exist in account 111111111111, " +
        "region us-east-1 (check the ARN, the vault name and the region/account the call ran in)",
    );
    assert.equal(error.name, "ResourceNotFoundException");
  });

  it("a refused destination-side call: the same join", () => {
    const error = explainDestinationAccess(
      {
        doing: "DescribeRecoveryPoint x in vault dr",
        action: "backup:DescribeRecoveryPoint",
        destinationVaultArn: "arn:aws:backup:us-west-2:222222222222:backup-vault:dr",
        destinationAccountId: "222222222222",
        sourceAccountId: "111111111111",
        crossAccount: true,
      },
      awsError("ResourceNotFoundException", "Backup vault dr does not exist."),
    )!;
    assert.match(
      error.message,
      /Backup vault dr does not exist \(the destination vault is in account 222222222222/,
    );
    assert.doesNotMatch(error.message, /exist\. \(/);
  });
});
