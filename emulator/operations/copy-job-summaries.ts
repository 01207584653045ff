import { invalidParameter } from "../errors";
import { paginate } from "../pagination";
import { OpContext, OpResult, Route } from "../routing";
import { CopyJob } from "../store";
import { parseMaxResults } from "../validate";
import { epochSeconds, DAY_MS } from "./shared";

/**
 * ListCopyJobSummaries: counts of the caller's copy jobs created in the last 14 days, per period and per
 * (state, resource type, message category). For each of those dimensions (and AccountId) a value filters, ANY
 * (or no value) keeps one row per value, and AGGREGATE_ALL sums across it (the row then says AGGREGATE_ALL).
 * Periods: ONE_DAY (default) gives one row per UTC day, SEVEN_DAYS / FOURTEEN_DAYS one row for the whole
 * window ending now. AWS computes summaries hourly; here they are live.
 */

const PERIODS: Record<string, number> = { ONE_DAY: 1, SEVEN_DAYS: 7, FOURTEEN_DAYS: 14 };
const STATES = [
  "CREATED",
  "RUNNING",
  "ABORTING",
  "ABORTED",
  "COMPLETING",
  "COMPLETED",
  "FAILING",
  "FAILED",
  "PARTIAL",
];
const AGGREGATE = "AGGREGATE_ALL";

type Dimension = "State" | "ResourceType" | "MessageCategory";

function listCopyJobSummaries(ctx: OpContext): OpResult {
  const q = ctx.query;
  const period = q.get("AggregationPeriod") || "ONE_DAY";
  if (!(period in PERIODS)) throw invalidParameter(`Invalid AggregationPeriod ${period}.`);
  const state = q.get("State") || "ANY";
  if (![...STATES, "ANY", AGGREGATE].includes(state)) throw invalidParameter(`Invalid State ${state}.`);
  const account = q.get("AccountId") || "ANY";
  if (!/^\d{12}$/.test(account) && account !== "ANY" && account !== AGGREGATE)
    throw invalidParameter(`Invalid AccountId ${account}.`);
  // AWS documents 1 to 500 for this operation (its model's MaxResults shape allows up to 1000).
  const limit = parseMaxResults(q, "MaxResults", 500);
  const wanted: Record<Dimension, string> = {
    State: state,
    ResourceType: q.get("ResourceType") || "ANY",
    MessageCategory: q.get("MessageCategory") || "ANY",
  };
  const days = PERIODS[period];
  const windowStart = ctx.now - 14 * DAY_MS;
  const valueOf = (job: CopyJob, d: Dimension) =>
    d === "State" ? job.state : d === "ResourceType" ? job.resourceType : (job.messageCategory ?? "");
  const matches = (job: CopyJob, d: Dimension) => {
    const w = wanted[d];
    if (w === "ANY" || w === AGGREGATE) return true;
    return d === "MessageCategory"
      ? valueOf(job, d).toLowerCase() === w.toLowerCase()
      : valueOf(job, d) === w;
  };
  const rows = new Map<
    string,
    { start: number; end: number; values: Record<Dimension, string>; count: number }
  >();
  for (const job of ctx.store.copyJobs.values()) {
    if (job.accountId !== ctx.caller.accountId || job.region !== ctx.caller.region) continue;
    if (/^\d{12}$/.test(account) && account !== job.accountId) continue;
    const since = days === 1 ? windowStart : ctx.now - days * DAY_MS;
    if (job.creationDate < since || job.creationDate > ctx.now) continue;
    if (!(["State", "ResourceType", "MessageCategory"] as Dimension[]).every((d) => matches(job, d)))
      continue;
    const start = days === 1 ? Math.floor(job.creationDate / DAY_MS) * DAY_MS : since;
    const end = days === 1 ? start + DAY_MS : ctx.now;
    const values = {
      State: wanted.State === AGGREGATE ? AGGREGATE : valueOf(job, "State"),
      ResourceType: wanted.ResourceType === AGGREGATE ? AGGREGATE : valueOf(job, "ResourceType"),
      MessageCategory: wanted.MessageCategory === AGGREGATE ? AGGREGATE : valueOf(job, "MessageCategory"),
    };
    const key = `${String(9_999_999_999_999 - start).padStart(13, "0")}|${values.State}|${values.ResourceType}|${values.MessageCategory}`;
    const row = rows.get(key) ?? { start, end, values, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const scope = ["cjs", period, account, ...Object.values(wanted)].join("|");
  const page = paginate(sorted, ([k]) => k, q.get("NextToken"), limit, scope);
  return {
    body: {
      CopyJobSummaries: page.items.map(([, r]) => ({
        Region: ctx.caller.region,
        AccountId: account === AGGREGATE ? AGGREGATE : ctx.caller.accountId,
        State: r.values.State,
        ResourceType: r.values.ResourceType,
        MessageCategory: r.values.MessageCategory || undefined,
        Count: r.count,
        StartTime: epochSeconds(r.start),
        EndTime: epochSeconds(r.end),
      })),
      AggregationPeriod: period,
      NextToken: page.nextToken,
    },
  };
}

export const copyJobSummaryRoutes: Route[] = [
  {
    method: "GET",
    path: "/audit/copy-job-summaries",
    operation: "ListCopyJobSummaries",
    handler: listCopyJobSummaries,
  },
];
