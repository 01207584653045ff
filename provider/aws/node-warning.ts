/**
 * On Node < 22 the AWS SDK warns, once per process and when its first client is made, that its releases after
 * the first week of January 2027 need Node 22: a seven-line NodeVersionSupportWarning. In the dynamic-provider
 * plugin our first client is the SDK's first, so that warning would be the first thing `pulumi up` shows for a
 * CopyJob, above the copy's own progress. The README says which Node versions this package supports and until
 * when, so our clients are made with the SDK's documented switch (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_
 * DISABLED=true, announced in aws/aws-sdk-js-v3#7983) set, and the variable is put back right after: the user's
 * environment, and any child process, keep what they had. A user who set the variable keeps their value.
 */
const SWITCH = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

export function withoutNodeVersionWarning<T>(make: () => T): T {
  if (process.env[SWITCH] !== undefined) return make();
  process.env[SWITCH] = "true";
  try {
    return make();
  } finally {
    delete process.env[SWITCH];
  }
}
