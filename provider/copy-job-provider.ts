import type * as pulumi from "@pulumi/pulumi";
import { methodsByName } from "./by-name";
import * as methods from "./provider-methods";
import type { ProviderState } from "./provider-methods";

type Method<K extends keyof pulumi.dynamic.ResourceProvider> = NonNullable<
  pulumi.dynamic.ResourceProvider[K]
>;

/** The dynamic provider for CopyJob: every method of pulumi.dynamic.ResourceProvider. */
export interface CopyJobProvider extends ProviderState {
  configure: Method<"configure">;
  check: Method<"check">;
  diff: Method<"diff">;
  create: Method<"create">;
  read: Method<"read">;
  update: Method<"update">;
  delete: Method<"delete">;
}

interface CopyJobProviderConstructor {
  new (): CopyJobProvider;
  prototype: CopyJobProvider;
}

/**
 * `new CopyJobProvider()` works on its own, outside a Pulumi program. Its prototype holds the provider-methods
 * module's functions and is known to require.cache under the package's name (see by-name.ts): that keeps the
 * serialized provider in every resource's state a `require` of this package, however it is installed.
 */
export const CopyJobProvider = function CopyJobProvider(this: CopyJobProvider) {
  // Instances carry no state until the plugin calls configure.
} as unknown as CopyJobProviderConstructor;
CopyJobProvider.prototype = methodsByName(methods as CopyJobProvider);
