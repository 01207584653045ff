import { invalidParameter } from "./errors";

/**
 * Keyset pagination: the token names the last item returned (and the filters it was issued for), so
 * items added or removed between pages neither repeat nor shift the rest. Tokens are opaque base64url.
 */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function paginate<T>(
  sorted: T[],
  keyOf: (item: T) => string,
  nextToken: string | null,
  maxResults: number,
  scope: string,
): Page<T> {
  let start = 0;
  if (nextToken) {
    let decoded: { k?: unknown; s?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(nextToken, "base64url").toString("utf8"));
    } catch {
      throw invalidParameter("The nextToken is not valid.");
    }
    if (typeof decoded?.k !== "string" || decoded.s !== scope)
      throw invalidParameter("The nextToken is not valid for this request.");
    const last = decoded.k;
    const idx = sorted.findIndex((item) => keyOf(item) === last);
    // The last item may have vanished since (deleted, aged out): resume after where it sorted.
    start = idx >= 0 ? idx + 1 : sorted.findIndex((item) => keyOf(item) > last);
    if (start < 0) start = sorted.length;
  }
  const items = sorted.slice(start, start + maxResults);
  const more = start + maxResults < sorted.length;
  return {
    items,
    nextToken: more
      ? Buffer.from(JSON.stringify({ k: keyOf(items[items.length - 1]), s: scope }), "utf8").toString(
          "base64url",
        )
      : undefined,
  };
}

/**
 * Sort key that orders newest first under plain string comparison: inverted, zero-padded time, then id.
 */
export function newestFirstKey(time: number, id: string): string {
  return `${String(9_999_999_999_999 - time).padStart(13, "0")}|${id}`;
}
