import { strict as assert } from "assert";
import { Readable } from "stream";
import { ClientCache } from "../../provider/aws/clients";
import { ResponseBodies } from "../../provider/aws/response-bodies";

/** Node.js 22 and later can detach an ArrayBuffer; on Node.js 20 the collector must leave every buffer whole. */
const canDetach = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === "function";

/** A chunk that owns its whole ArrayBuffer, as a socket read's does. */
const owned = (text: string) => {
  const bytes = new Uint8Array(new ArrayBuffer(Buffer.byteLength(text)));
  bytes.set(Buffer.from(text));
  return bytes;
};
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

/** Runs the build-step middleware around a "deserialized" response whose body went through the collector. */
async function parsedThrough(stream: Readable, bodies = new ResponseBodies()) {
  const bytes = await bodies.collect(stream);
  const parsed = JSON.parse(text(bytes)) as object;
  const handler = bodies.releaseParsed(
    async () => ({ output: { ...parsed, $metadata: {} }, response: { body: stream } }),
    {},
  );
  const result = await handler({ input: {}, request: {} });
  return { bytes, output: result.output };
}

describe("response bodies (freed once parsed)", () => {
  it("collects the chunks into the body, and frees each copied chunk where the runtime can", async () => {
    const chunks = [owned('{"CopyJobs":['), owned('{"CopyJobId":"a"},'), owned('{"CopyJobId":"b"}]}')];
    const body = await new ResponseBodies().collect(Readable.from(chunks, { objectMode: true }));
    assert.equal(text(body), '{"CopyJobs":[{"CopyJobId":"a"},{"CopyJobId":"b"}]}');
    for (const chunk of chunks) assert.equal(chunk.byteLength, canDetach ? 0 : chunk.buffer.byteLength);
  });

  it("frees the body once the output has been parsed from it, and leaves the output whole", async () => {
    const { bytes, output } = await parsedThrough(
      Readable.from([owned('{"CopyJobId":"'), owned('job-1"}')], { objectMode: true }),
    );
    assert.equal((output as { CopyJobId?: string }).CopyJobId, "job-1");
    assert.equal(bytes.byteLength, canDetach ? 0 : 21);
  });

  it("returns a single chunk as the body itself, freed only once parsed, by its own client's middleware", async () => {
    const only = owned('{"CopyJobId":"job-2"}');
    const stream = Readable.from([only], { objectMode: true });
    const bodies = new ResponseBodies();
    const bytes = await bodies.collect(stream);
    assert.equal(bytes, only);
    assert.equal(bytes.byteLength, 21, "not freed before it is parsed");
    const parsed = async () => ({ output: { $metadata: {} }, response: { body: stream } });
    await new ResponseBodies().releaseParsed(parsed, {})({ input: {}, request: {} });
    assert.equal(only.byteLength, 21, "another client's middleware leaves it");
    await bodies.releaseParsed(parsed, {})({ input: {}, request: {} });
    assert.equal(only.byteLength, canDetach ? 0 : 21);
  });

  it("never frees a view into a larger buffer (a pooled Buffer is shared with other data)", async () => {
    const pool = Buffer.from('xx{"a":1}{"b":2}yy');
    const views = [pool.subarray(2, 9), pool.subarray(9, 16)];
    const body = await new ResponseBodies().collect(Readable.from(views, { objectMode: true }));
    assert.equal(text(body), '{"a":1}{"b":2}');
    assert.equal(pool.toString(), 'xx{"a":1}{"b":2}yy');
    for (const view of views) assert.equal(view.byteLength, 7);
  });

  it("reads string chunks and Blobs, as the SDK's own collector does", async () => {
    assert.equal(text(await new ResponseBodies().collect(Readable.from(["{", "}"]))), "{}");
    assert.equal(text(await new ResponseBodies().collect(new Blob(['{"x":1}']))), '{"x":1}');
  });

  it("is what the provider's clients use, without the SDK's logger middleware", () => {
    const cache = new ClientCache();
    try {
      const client = cache.backupClient({ region: "us-east-1" });
      const collector = client.config.streamCollector as unknown as { name?: string };
      assert.equal(typeof collector, "function");
      assert.equal(collector.name, "collect");
      const names = client.middlewareStack.identify().map((entry) => entry.split(" ")[0]);
      assert.ok(names.includes("releaseParsedBody"), names.join(", "));
      assert.ok(!names.includes("loggerMiddleware"), names.join(", "));
    } finally {
      cache.clear();
    }
  });
});
