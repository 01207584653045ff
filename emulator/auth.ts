import { IncomingHttpHeaders } from "http";
import { AwsError } from "./errors";
import { Caller } from "./routing";
import { Credential, Store } from "./store";
import { DEFAULT_ACCOUNT, DEFAULT_CREDENTIALS } from "./world";

/**
 * SigV4 as far as an emulator needs it: the region comes from the credential scope; signatures are not
 * verified (the secret is only there so clients have one to sign with). Registered keys keep their account
 * and allowedActions. Any other key is admitted unless IAM is enforced, as LocalStack and moto do, so the
 * keys people already have in their environment just work.
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  store: Store,
): { caller: Caller; credential: Credential } {
  const header = headers.authorization;
  if (!header) throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token");
  const m =
    /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,/.exec(
      header,
    );
  if (!m)
    throw new AwsError(
      "IncompleteSignatureException",
      "Authorization header requires 'Credential' with a scope of the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request.",
    );
  const [, accessKeyId, , region] = m;
  const credential = store.credentials.get(accessKeyId) ?? unregisteredKey(accessKeyId, store.enforceIam);
  if (credential.sessionToken !== undefined && headers["x-amz-security-token"] !== credential.sessionToken)
    throw new AwsError(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  return {
    credential,
    caller: { accessKeyId, accountId: credential.accountId, region, principalArn: credential.principalArn },
  };
}

/**
 * An unregistered key: refused in strict mode with AWS's words plus how to get in (the emulator's key is no
 * secret, so naming it is safe); otherwise the account is the key itself when it is 12 digits (LocalStack's
 * habit), else the default account, acting as that account's root with no policy limits.
 */
function unregisteredKey(accessKeyId: string, enforceIam: boolean): Credential {
  if (enforceIam)
    throw new AwsError(
      "UnrecognizedClientException",
      `The security token included in the request is invalid. (The emulator enforces IAM: use its key ${DEFAULT_CREDENTIALS.accessKeyId}, register this key with POST /_emulator/credentials, or run it without --enforce-iam.)`,
    );
  const accountId = /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT;
  return { accessKeyId, secretAccessKey: "", accountId, principalArn: `arn:aws:iam::${accountId}:root` };
}

/** The message format of IAM's implicit deny, so tooling that parses it works against the emulator too. */
export function authorize(credential: Credential, action: string, resource: string | undefined): void {
  if (!credential.allowedActions || credential.allowedActions.includes(action)) return;
  const on = resource ? ` on resource: ${resource}` : "";
  throw new AwsError(
    "AccessDeniedException",
    `User: ${credential.principalArn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`,
  );
}
