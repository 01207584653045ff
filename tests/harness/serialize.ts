/**
 * Serialize a dynamic provider exactly as `pulumi.dynamic.Resource` does
 * (node_modules/@pulumi/pulumi/dynamic/index.js, serializeFunctionMaybeSecret):
 * `serializeFunction(() => provider, { allowSecrets: true })`, keeping `.text`.
 *
 * The result is what the engine stores in `__provider` (inputs and outputs) and what the plugin
 * loads with require-from-string; its `exports.handler()` returns the provider object.
 */
// The closure serializer is loaded on demand, like the SDK does: its dependencies are slow to load.
type SerializeFunction = (
  func: () => unknown,
  args: { allowSecrets?: boolean },
) => Promise<{ text: string; containsSecrets: boolean }>;

export async function serializeProvider(provider: object): Promise<string> {
  const sc = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
    serializeFunction: SerializeFunction;
  };
  const sf = await sc.serializeFunction(() => provider, { allowSecrets: true });
  return sf.text;
}
