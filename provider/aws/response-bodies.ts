/**
 * Response bodies whose memory is handed back as soon as the SDK has parsed them, instead of when the garbage
 * collector gets round to it.
 *
 * The SDK reads a body into socket chunks, copies them into one array, decodes that to a string and parses it.
 * Chunks and copy are ArrayBuffers outside the JS heap: the garbage collector frees them only when it collects
 * the small objects that own them. With Node.js 24's large young generation that took seconds of ticks; with a
 * small one (young-generation.ts) the owners outlive a few collections, are promoted, and wait for a full one.
 * At N = 1000 the lists alone bring back ~2 MB a second, and up to 60 MB of parsed bodies waited at the peak. Detaching an ArrayBuffer (`ArrayBuffer.prototype.transfer`, Node.js 22 and later) frees its memory at
 * once; on an older Node this changes nothing.
 *
 * Both hooks are the SDK's own: the client's `streamCollector` and a build-step middleware that sees the
 * response once its output has been parsed. Only buffers that nothing else can hold are detached: socket chunks
 * that own their whole buffer, once copied, and the copy once the output that was parsed from it exists.
 */
import type { BuildMiddleware, MetadataBearer, StreamCollector } from "@smithy/types";

/** Whether this runtime can free an ArrayBuffer before the garbage collector does (Node.js 22 and later). */
const CAN_DETACH = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === "function";

function detach(bytes: Uint8Array): void {
  const buffer = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  // A view into a larger or shared buffer (a pooled Buffer) is not ours to free.
  if (!CAN_DETACH || bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength) return;
  buffer.transfer?.(0);
}

/** One client's pair of hooks (clients.ts): what the collector read, the middleware frees once parsed. */
export class ResponseBodies {
  /** Each response stream's collected bytes, until the output parsed from them exists. */
  private readonly collected = new WeakMap<object, Uint8Array>();

  /** The body as one Uint8Array, as the SDK's collector returns it, with the chunks freed once copied. */
  readonly collect: StreamCollector = async (stream) => {
    // The Node.js HTTP handler's bodies are Readables; a Blob (another handler) is read whole.
    if (typeof (stream as Blob).arrayBuffer === "function" && !isAsyncIterable(stream))
      return new Uint8Array(await (stream as Blob).arrayBuffer());
    const chunks: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      length += bytes.byteLength;
    }
    let body: Uint8Array;
    if (chunks.length === 1) body = chunks[0];
    else {
      body = new Uint8Array(length);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
        detach(chunk);
      }
    }
    if (CAN_DETACH) this.collected.set(stream as object, body);
    return body;
  };

  /**
   * For the build step, below which sit retries and deserialization: once the output is parsed, its bytes are
   * spare. (A failed attempt's or an error's body is left to the garbage collector, with its stream.)
   */
  readonly releaseParsed: BuildMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const result = await next(args);
    const body = (result.response as { body?: unknown } | undefined)?.body;
    const bytes = body && typeof body === "object" ? this.collected.get(body) : undefined;
    if (bytes) {
      this.collected.delete(body as object);
      detach(bytes);
    }
    return result;
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === "function";
}
