import { parseRoleArn } from "./arn";
import { authorize } from "./auth";
import { AwsError } from "./errors";
import { Caller } from "./routing";
import { Credential, Store } from "./store";

/**
 * STS over the query protocol (form-encoded POST to "/", XML responses), served on the same port as
 * AWS Backup. Just what cross-account tooling needs: GetCallerIdentity and AssumeRole.
 */

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

export const STS_ACTIONS = ["AssumeRole", "GetCallerIdentity"];

export function xmlEscape(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!,
  );
}

function wrap(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function stsErrorXml(code: string, message: string, status: number, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type>` +
    `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

const validation = (message: string) => new AwsError("ValidationError", message);

export function handleSts(
  action: string,
  form: URLSearchParams,
  ctx: { store: Store; now: number; caller: Caller; credential: Credential; requestId: string },
): string {
  const { store, now, caller, credential, requestId } = ctx;
  if (action === "GetCallerIdentity") {
    // A root principal's UserId is its account id, as AWS reports it.
    const userId =
      credential.sessionToken !== undefined
        ? sessionUserId(credential)
        : credential.principalArn.endsWith(":root")
          ? caller.accountId
          : `AIDA${credential.accessKeyId.slice(4)}`;
    return wrap(
      action,
      `<Arn>${xmlEscape(credential.principalArn)}</Arn><UserId>${xmlEscape(userId)}</UserId><Account>${caller.accountId}</Account>`,
      requestId,
    );
  }
  if (action !== "AssumeRole")
    throw new AwsError("UnknownOperationException", `Could not find operation ${action}`, 400);

  const roleArn = form.get("RoleArn");
  const sessionName = form.get("RoleSessionName");
  if (!roleArn)
    throw validation(
      "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    );
  if (!sessionName)
    throw validation(
      "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
    throw validation(
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  const parsed = parseRoleArn(roleArn);
  if (!parsed) throw validation(`${roleArn} is invalid`);
  const duration = form.get("DurationSeconds") ? Number(form.get("DurationSeconds")) : 3600;
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200)
    throw validation(
      `1 validation error detected: Value '${form.get("DurationSeconds")}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );

  authorize(credential, "sts:AssumeRole", roleArn);
  const role = store.roles.get(roleArn);
  const externalId = form.get("ExternalId") ?? undefined;
  // AWS gives one undifferentiated AccessDenied for every trust failure (no role, untrusted, bad external id).
  // Without strict IAM an unseeded role trusts everyone (LocalStack with ENFORCE_IAM off); seeded ones keep
  // their trust policy.
  const denied = role
    ? !role.trustedAccounts.includes(caller.accountId) ||
      (role.externalId !== undefined && role.externalId !== externalId)
    : store.enforceIam;
  if (denied)
    throw new AwsError(
      "AccessDeniedException",
      `User: ${credential.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );

  const accessKeyId = `ASIA${store.ids.alnum(16)}`;
  const secretAccessKey = store.ids.alnum(
    40,
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  );
  const sessionToken = `FwoGZXIvYXdzE${store.ids.alnum(120, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
  const principalArn = `arn:aws:sts::${parsed.account}:assumed-role/${parsed.name}/${sessionName}`;
  const expiresAt = now + duration * 1000;
  const temp: Credential = {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    accountId: parsed.account,
    principalArn,
    expiresAt,
  };
  store.credentials.set(accessKeyId, temp);
  return wrap(
    action,
    `<AssumedRoleUser><AssumedRoleId>${xmlEscape(sessionUserId(temp))}</AssumedRoleId><Arn>${xmlEscape(principalArn)}</Arn></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${xmlEscape(secretAccessKey)}</SecretAccessKey>` +
      `<SessionToken>${xmlEscape(sessionToken)}</SessionToken><Expiration>${new Date(expiresAt).toISOString()}</Expiration></Credentials>` +
      `<PackedPolicySize>0</PackedPolicySize>`,
    requestId,
  );
}

function sessionUserId(c: Credential): string {
  const session = c.principalArn.split("/").pop() ?? "session";
  return `AROA${c.accessKeyId.slice(4, 20)}:${session}`;
}
