import { IncomingHttpHeaders } from "http";
import { AwsError } from "./errors";
import { Caller } from "./routing";
import { Credential, Store } from "./store";

/**
 * SigV4 as far as an emulator needs it: the access key must be known, the region comes from the
 * credential scope. Signatures are not verified (the secret is only there so clients have one to sign with).
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
  const credential = store.credentials.get(accessKeyId);
  if (!credential)
    throw new AwsError(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
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

/** The message format of IAM's implicit deny, so tooling that parses it works against the emulator too. */
export function authorize(credential: Credential, action: string, resource: string | undefined): void {
  if (!credential.allowedActions || credential.allowedActions.includes(action)) return;
  const on = resource ? ` on resource: ${resource}` : "";
  throw new AwsError(
    "AccessDeniedException",
    `User: ${credential.principalArn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`,
  );
}
