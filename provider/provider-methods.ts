/**
 * The seven methods of the dynamic provider, as plain module exports. CopyJobProvider instances take them as
 * their prototype, through an object that require.cache knows under this package's name (by-name.ts), so when
 * pulumi.dynamic serializes a provider into a resource's state it writes `Object.create(require("pulumi-backup-
 * copy/dist/provider/provider-methods.js"))`: about 300 bytes, no SDK client, no secret. `read` and `delete` run
 * the code of the installed package, which is also what lets an upgrade fix old resources. States written by
 * 0.1.0 hold that same text: this file must keep its path and its exports.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./inputs/settings";
import type { Runtime } from "./runtime";
import { check as checkInputs } from "./operations/check";
import { create as createCopy } from "./operations/create";
import { diff as diffInputs } from "./operations/diff";
import { read as readCopy } from "./operations/read";
import { remove } from "./operations/delete";
import { update as updateCopy } from "./operations/update";

type Props = Record<string, unknown>;

/** Per-instance state: set by configure in the plugin process, never serialized (it does not exist yet then). */
export interface ProviderState {
  config?: StackConfig;
  /**
   * Tests and the bench set their own; otherwise the process's, made on first use inside the plugin. Never set
   * it on a provider a program passes to a resource: it would be serialized with it.
   */
  runtime?: Runtime;
}

/** Loaded inside a method, never at module load: the serialized provider must not capture it. */
function runtimeOf(state: ProviderState): Runtime {
  return state.runtime ?? (require("./runtime") as typeof import("./runtime")).processRuntime();
}

export async function configure(this: ProviderState, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  this.config = { region: req.config.get("aws:region"), profile: req.config.get("aws:profile") };
}

export async function check(
  this: ProviderState,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.CheckResult> {
  return checkInputs(news, olds);
}

export async function diff(
  this: ProviderState,
  _id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.DiffResult> {
  return diffInputs(olds, news);
}

export async function create(this: ProviderState, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  return createCopy(this.config ?? {}, inputs, runtimeOf(this));
}

export async function read(
  this: ProviderState,
  id: string,
  props: Props,
): Promise<pulumi.dynamic.ReadResult> {
  return readCopy(this.config ?? {}, id, props, runtimeOf(this));
}

export async function update(
  this: ProviderState,
  id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.UpdateResult> {
  return updateCopy(this.config ?? {}, id, olds, news, runtimeOf(this));
}

// `delete` is a reserved word for a function name, so the export is renamed.
async function deleteCopy(this: ProviderState, id: string, props: Props): Promise<void> {
  return remove(this.config ?? {}, id, props, runtimeOf(this));
}
export { deleteCopy as delete };
