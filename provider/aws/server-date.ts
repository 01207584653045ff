/**
 * The server's clock as of a response, from its Date header. It tells a job that AWS hands back for a reused
 * idempotency token (created before our request) from one our request created, without trusting the
 * local clock (which may be skewed, or, against the emulator, run at another speed).
 */
import type { BuildMiddleware, MetadataBearer } from "@smithy/types";

const serverDates = new WeakMap<object, number>();

export const recordServerDate: BuildMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const result = await next(args);
  const response = result.response as { headers?: Record<string, string> } | undefined;
  const header = response?.headers?.date ?? response?.headers?.Date;
  const when = header ? Date.parse(header) : NaN;
  if (!Number.isNaN(when) && result.output) serverDates.set(result.output, when);
  return result;
};

export function serverDateOf(output: object): number | undefined {
  return serverDates.get(output);
}
