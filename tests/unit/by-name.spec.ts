/**
 * The provider serializes by name even from a path without `node_modules` (here: this source tree, as with a
 * link or a workspace): the fast, install-free check of provider/by-name.ts. tests/install/ runs the real ones.
 */
import { strict as assert } from "assert";
import { CopyJobProvider } from "../../provider";
import { serializeProvider } from "../harness";
import { assertByName } from "../install/serialized";

describe("serialized provider by name", () => {
  it("is a require of the package's methods file from the source tree too", async () => {
    const text = await serializeProvider(new CopyJobProvider());
    console.log(`      source tree: serialized provider ${Buffer.byteLength(text)} bytes`);
    assertByName(text, "source tree");
  });

  it("keeps the methods callable on an instance, outside a program", async () => {
    const provider = new CopyJobProvider();
    await provider.configure({
      config: { get: (k: string) => (k === "aws:region" ? "eu-west-1" : undefined) },
    } as never);
    assert.deepEqual(provider.config, { region: "eu-west-1", profile: undefined });
    const { failures } = await provider.check({}, {});
    assert.ok(failures && failures.length > 0);
  });
});
