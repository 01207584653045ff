/**
 * Provider configuration: `backup-copy:region` and `backup-copy:profile` in the stack's config (or the
 * arguments of an explicit `pulumi:providers:backup-copy` resource). A copy's source region comes from its
 * `region` input, then its recovery point's ARN, then this config, then AWS_REGION (inputs/settings.ts), so a
 * stack needs no config at all when its recovery point ARNs carry their region.
 */
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { StackConfig } from "../inputs/settings";
import { decodeProps } from "./values";

export const PACKAGE = "backup-copy";

/** What the schema says of each config key (schema.ts). */
export const CONFIG_PROPERTIES = {
  region: {
    type: "string",
    description:
      "The AWS region for copies whose recovery point ARN does not name one (a copy's `region` input and its recovery point ARN come first). Falls back to AWS_REGION.",
  },
  profile: {
    type: "string",
    description:
      "The profile of the shared AWS config and credentials files to use (default: the SDK's chain).",
  },
} as const;

export function configFromRequest(req: provproto.ConfigureRequest): StackConfig {
  const args = req.hasArgs() ? decodeProps(req.getArgs()).props : {};
  const variables = req.getVariablesMap();
  // Older engines send only `variables`, keyed `<package>:config:<key>`.
  const value = (key: keyof typeof CONFIG_PROPERTIES): string | undefined => {
    const v = args[key] ?? variables.get(`${PACKAGE}:config:${key}`) ?? variables.get(`${PACKAGE}:${key}`);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  return { region: value("region"), profile: value("profile") };
}
