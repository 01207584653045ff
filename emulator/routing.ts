import { AwsError } from "./errors";
import { Store } from "./store";
import { Body } from "./validate";

/** Who is calling, from the SigV4 credential scope and the registered access key. */
export interface Caller {
  accessKeyId: string;
  accountId: string;
  region: string;
  principalArn: string;
}

export interface OpContext {
  store: Store;
  now: number;
  caller: Caller;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
}

export interface OpResult {
  status?: number;
  body?: unknown;
}

export interface Route {
  method: "GET" | "PUT" | "POST" | "DELETE";
  /** `{Name}` is one path segment; `{Name+}` takes as many segments as the rest of the pattern leaves. */
  path: string;
  operation: string;
  handler: (ctx: OpContext) => OpResult;
  /** The IAM resource named in an AccessDenied message. */
  resource?: (ctx: OpContext) => string | undefined;
  /** Further IAM actions the call needs (StartCopyJob passes the copy role: iam:PassRole). */
  extraActions?: (ctx: OpContext) => Array<{ action: string; resource?: string }>;
}

interface CompiledRoute {
  route: Route;
  segments: Array<{ literal: string } | { param: string; greedy: boolean }>;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => ({
      route,
      segments: route.path
        .split("/")
        .filter(Boolean)
        .map((s) => {
          const m = /^\{(\w+)(\+?)\}$/.exec(s);
          return m ? { param: m[1], greedy: m[2] === "+" } : { literal: s };
        }),
    }));
  }

  /**
   * Splits the raw path before decoding, so an encoded '/' (%2F) inside an ARN stays inside its segment;
   * a greedy label also accepts an ARN whose '/' arrived unencoded.
   */
  match(method: string, rawPath: string): { route: Route; params: Record<string, string> } {
    let trimmed = rawPath.replace(/^\//, "");
    if (trimmed.endsWith("/")) trimmed = trimmed.slice(0, -1);
    const parts = trimmed === "" ? [] : trimmed.split("/");
    let decoded: string[];
    try {
      decoded = parts.map((p) => decodeURIComponent(p));
    } catch {
      throw new AwsError("SerializationException", "The request path is not validly percent-encoded.");
    }
    for (const { route, segments } of this.compiled) {
      if (route.method !== method) continue;
      const params = matchSegments(segments, decoded);
      if (params) return { route, params };
    }
    throw new AwsError("UnknownOperationException", `No operation matches ${method} ${rawPath}.`);
  }
}

function matchSegments(
  segments: CompiledRoute["segments"],
  parts: string[],
): Record<string, string> | undefined {
  const greedyAt = segments.findIndex((s) => "greedy" in s && s.greedy);
  if (greedyAt < 0 ? parts.length !== segments.length : parts.length < segments.length) return undefined;
  const params: Record<string, string> = {};
  let p = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if ("literal" in seg) {
      if (parts[p] !== seg.literal) return undefined;
      p++;
    } else if (seg.greedy) {
      const take = parts.length - segments.length + 1;
      params[seg.param] = parts.slice(p, p + take).join("/");
      p += take;
    } else {
      if (parts[p] === "") return undefined;
      params[seg.param] = parts[p++];
    }
  }
  return params;
}
