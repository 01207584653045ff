/** The parts of a Pulumi URN: urn:pulumi:<stack>::<project>::<qualified type>::<name>. */
export interface UrnParts {
  stack: string;
  project: string;
  type: string;
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const parts = urn.split("::");
  const head = (parts[0] ?? "").split(":");
  const types = (parts[2] ?? "").split("$");
  return {
    stack: head[2] ?? "",
    project: parts[1] ?? "",
    type: types[types.length - 1] ?? "",
    name: parts.slice(3).join("::"),
  };
}

/**
 * The scope mixed into a new copy's default idempotency token: project/stack/name, the same text the dynamic
 * CopyJob resource passes (copy-job.ts), so the same resource gets the same token through either front.
 */
export function tokenScopeOf(urn: string): string | undefined {
  const { stack, project, name } = parseUrn(urn);
  return stack && project && name ? `${project}/${stack}/${name}` : undefined;
}
