import { invalidParameter } from "../errors";
import { newestFirstKey, paginate } from "../pagination";
import { OpContext } from "../routing";
import { parseMaxResults, parseQueryTime } from "../validate";

/**
 * What ListCopyJobs and ListBackupJobs share: the `By…` query filters (state, times, resource, account,
 * parent, message category), newest-first order and keyset pagination scoped to the filters.
 */

export interface ListedJob {
  id: string;
  accountId: string;
  state: string;
  creationDate: number;
  completionDate?: number;
  resourceArn: string;
  resourceType: string;
  parentJobId?: string;
  messageCategory?: string;
}

/** `text` maps a query parameter to the job's value it must equal (operation-specific filters). */
export function listJobs<J>(
  ctx: OpContext,
  jobs: Iterable<J>,
  options: {
    scope: string;
    states: readonly string[];
    fields: (job: J) => ListedJob;
    text?: Record<string, (job: J) => string | undefined>;
  },
): { items: J[]; nextToken?: string } {
  const q = ctx.query;
  const maxResults = parseMaxResults(q);
  const state = q.get("state");
  if (state && !options.states.includes(state)) throw invalidParameter(`Invalid state ${state}.`);
  const createdAfter = parseQueryTime(q, "createdAfter");
  const createdBefore = parseQueryTime(q, "createdBefore");
  const completeAfter = parseQueryTime(q, "completeAfter");
  const completeBefore = parseQueryTime(q, "completeBefore");
  const given = (name: string) => q.get(name) || undefined;
  const messageCategory = given("messageCategory");
  // ANY and AGGREGATE_ALL mean "every category"; categories compare case-insensitively.
  const category =
    messageCategory && !["ANY", "AGGREGATE_ALL"].includes(messageCategory)
      ? messageCategory.toLowerCase()
      : undefined;
  const common: Record<string, (j: ListedJob) => string | undefined> = {
    resourceArn: (j) => j.resourceArn,
    resourceType: (j) => j.resourceType,
    accountId: (j) => j.accountId,
    parentJobId: (j) => j.parentJobId,
  };
  const textFilters = [
    ...Object.entries(common).map(([k, f]) => [k, (_: J, l: ListedJob) => f(l)] as const),
    ...Object.entries(options.text ?? {}).map(([k, f]) => [k, (j: J) => f(j)] as const),
  ].filter(([k]) => given(k) !== undefined);
  const within = (t: number | undefined, after?: number, before?: number) =>
    (after === undefined || (t !== undefined && t >= after)) &&
    (before === undefined || (t !== undefined && t <= before));
  const sorted = [...jobs]
    .map((j) => ({ j, l: options.fields(j) }))
    .filter(
      ({ j, l }) =>
        (!state || l.state === state) &&
        within(l.creationDate, createdAfter, createdBefore) &&
        within(l.completionDate, completeAfter, completeBefore) &&
        (!category || l.messageCategory?.toLowerCase() === category) &&
        textFilters.every(([k, f]) => f(j, l) === given(k)),
    )
    .map(({ j, l }) => ({ j, key: newestFirstKey(l.creationDate, l.id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const scope = [
    options.scope,
    ...[...q.entries()]
      .filter(([k]) => k !== "nextToken" && k !== "maxResults")
      .sort()
      .flat(),
  ].join("|");
  const page = paginate(sorted, (x) => x.key, q.get("nextToken"), maxResults, scope);
  return { items: page.items.map((x) => x.j), nextToken: page.nextToken };
}
