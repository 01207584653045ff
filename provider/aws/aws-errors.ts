/** How to read the errors the SDK raises: what is transient, what means "not there". */

export function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? "";
}

export function errorMessage(error: unknown): string {
  const e = error as { message?: string };
  return e?.message ?? String(error);
}

export function isNotFound(error: unknown): boolean {
  return errorName(error) === "ResourceNotFoundException";
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "ProvisionedThroughputExceededException",
  "SlowDown",
]);

const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND"]);

/** Worth another try after a pause: throttling, quota (LimitExceeded), 5xx and dropped connections. */
export function isTransient(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  if (THROTTLING.has(e?.name ?? "")) return true;
  if ((e?.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e?.name === "ServiceUnavailableException" || e?.name === "TimeoutError") return true;
  if (NETWORK.has(e?.code ?? "") || NETWORK.has(e?.name ?? "")) return true;
  return e?.$retryable !== undefined;
}

export function isAccessDenied(error: unknown): boolean {
  const name = errorName(error);
  return (
    name === "AccessDeniedException" || name === "AccessDenied" || name === "UnrecognizedClientException"
  );
}
