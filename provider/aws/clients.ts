/**
 * The one port to AWS: Backup clients per (region, credentials). Clients are made inside provider calls and
 * cached by the process's runtime (provider/runtime.ts), never captured by the serialized provider: one plugin
 * process serves every CopyJob of a stack, so every resource with the same target shares one client, its
 * connection pool and its client-side rate limiter. The cache also names each client's target (`keyOf`): the
 * shared poller and the start gate are keyed by it.
 */
import { BackupClient } from "@aws-sdk/client-backup";
import { fromIni, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { createHash } from "crypto";
import { withoutNodeVersionWarning } from "./node-warning";
import { ResponseBodies } from "./response-bodies";
import { recordServerDate } from "./server-date";

export interface AwsTarget {
  region: string;
  /** Stack config `aws:profile`. */
  profile?: string;
  /** Assume this role for the calls (destination-side calls of a cross-account copy). */
  roleArn?: string;
  externalId?: string;
  /**
   * Names the assumed-role session after the stack (operations/context.ts stackSessionName), so CloudTrail
   * shows which stack copied. One name per stack, not per resource: it is not part of the client's key, so
   * every copy of a stack into one account through one role shares one client and one AssumeRole.
   */
  sessionName?: string;
}

/**
 * Retries: the SDK's adaptive mode (standard retries of throttling, 5xx and network errors, plus a client-side
 * token bucket that slows every caller sharing the client when AWS throttles). The wait loops above retry
 * further until their own deadline.
 */
function retry() {
  return { retryMode: retryModeFromEnv(), maxAttempts: 6 } as const;
}

/** `adaptive` unless PULUMI_BACKUP_COPY_RETRY_MODE says `standard` (the bench compares the two). */
function retryModeFromEnv(): "adaptive" | "standard" {
  return process.env.PULUMI_BACKUP_COPY_RETRY_MODE === "standard" ? "standard" : "adaptive";
}

export class ClientCache {
  private readonly clients = new Map<string, BackupClient>();
  private readonly keys = new WeakMap<object, string>();
  private anonymous = 0;

  backupClient(target: AwsTarget): BackupClient {
    const key = cacheKey(target);
    let client = this.clients.get(key);
    if (!client) {
      const bodies = new ResponseBodies();
      client = withoutNodeVersionWarning(
        () =>
          new BackupClient({
            region: target.region,
            credentials: credentialsFor(target),
            ...retry(),
            // Resolve each command's middleware chain once per client, not on every send: at N = 1000 the
            // chains built for in-flight starts were the largest thing promoted to the old heap (8 of ~55 MB
            // sampled). Safe because the stack is changed (below) only before the first request.
            cacheMiddleware: true,
            streamCollector: bodies.collect,
          }),
      );
      // At the build step they wrap retries and deserialization, so they see the final output and its response.
      client.middlewareStack.add(recordServerDate, { step: "build", name: "recordServerDate" });
      client.middlewareStack.add(bodies.releaseParsed, { step: "build", name: "releaseParsedBody" });
      // The SDK's logger middleware copies every output through its sensitive-field filter to hand it to the
      // client's logger, a no-op here: at N = 1000 those copies were a fifth of everything the provider
      // allocated (150 of 716 MB sampled), and promoted copies grew the old heap. The provider logs nothing of
      // the SDK's, so the middleware goes.
      client.middlewareStack.remove("loggerMiddleware");
      this.keys.set(client, key);
      this.clients.set(key, client);
    }
    return client;
  }

  /** The client's target; a client made elsewhere (tests, tools) gets a key of its own. */
  keyOf(client: object): string {
    let key = this.keys.get(client);
    if (key === undefined) {
      key = `client#${++this.anonymous}`;
      this.keys.set(client, key);
    }
    return key;
  }

  /** How many clients the cache holds (tests and the bench count them). */
  get size(): number {
    return this.clients.size;
  }

  /** Destroys every client (tests that change the environment: endpoint, keys). */
  clear(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

function credentialsFor(target: AwsTarget): AwsCredentialIdentityProvider | undefined {
  const base = target.profile ? fromIni({ profile: target.profile }) : undefined;
  if (!target.roleArn) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: target.roleArn,
      ExternalId: target.externalId,
      RoleSessionName: sessionName(target.sessionName),
      DurationSeconds: 3600,
    },
    clientConfig: { region: target.region },
  });
}

/** STS session names: 2-64 characters of [\w+=,.@-]. */
export function sessionName(raw?: string): string {
  const cleaned = (raw ?? "pulumi-backup-copy").replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
  return cleaned.length >= 2 ? cleaned : "pulumi-backup-copy";
}

/**
 * A client per (region, profile, role, external id): what decides where its calls land and with which
 * credentials. The session name is left out on purpose: it was per resource once, and gave every cross-account
 * copy its own client, its own AssumeRole and its own poller (issue 21). The external id is a secret: only its
 * hash enters the key.
 */
function cacheKey(t: AwsTarget): string {
  const secret = t.externalId ? createHash("sha256").update(t.externalId).digest("hex").slice(0, 16) : "";
  return [t.region, t.profile ?? "", t.roleArn ?? "", secret].join("|");
}
