/**
 * Tests of the engine stand-in (tests/harness) against the real dynamic-provider plugin process, using
 * the toy provider in tests/harness/fixtures (its "cloud" is a JSON file, so state is cross-process).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import {
  CheckFailedError,
  DynamicProviderPlugin,
  PluginError,
  serializeProvider,
  Stack,
  UNKNOWN,
  type ResourceDecl,
} from "../harness";
import { makeToyProvider, type ToyRecord } from "../harness/fixtures/toy-provider";

const HELPER = path.resolve(__dirname, "../harness/fixtures/helper.ts");
const CONFIG = { "toy:greeting": "hello", "project:color": "blue" };

describe("harness: real dynamic-provider plugin over gRPC", function () {
  this.timeout(60_000);

  let dir: string;
  let cloudFile: string;
  let toy: string;
  let plugin: DynamicProviderPlugin;
  const extra: DynamicProviderPlugin[] = [];

  const readCloud = (): Record<string, ToyRecord> =>
    fs.existsSync(cloudFile) ? JSON.parse(fs.readFileSync(cloudFile, "utf8")) : {};
  const newStack = () => new Stack({ config: CONFIG });
  const decl = (name: string, props: Record<string, unknown> = {}, more: Partial<ResourceDecl> = {}) => ({
    name,
    provider: toy,
    props: { name, ...props },
    ...more,
  });
  const startExtra = async (opts: Parameters<typeof DynamicProviderPlugin.start>[0] = {}) => {
    const p = await DynamicProviderPlugin.start({ env: { TOY_CLOUD_FILE: cloudFile }, ...opts });
    extra.push(p);
    return p;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-"));
    cloudFile = path.join(dir, "cloud.json");
    toy = await serializeProvider(makeToyProvider("toy", HELPER));
    plugin = await DynamicProviderPlugin.start({ env: { TOY_CLOUD_FILE: cloudFile } });
  });

  after(async () => {
    await plugin?.stop();
    for (const p of extra) await p.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serializes a provider that captures only a string into a small text", async () => {
    const label = "just-a-string";
    const tiny: pulumi.dynamic.ResourceProvider = {
      async create(inputs) {
        return { id: label, outs: inputs };
      },
    };
    const tinyText = await serializeProvider(tiny);
    console.log(
      `      serialized sizes: minimal provider ${tinyText.length} B, toy provider ${toy.length} B`,
    );
    assert.ok(tinyText.length < 1_000, `minimal provider is ${tinyText.length} bytes`);
    assert.ok(toy.length < 12_000, `toy provider is ${toy.length} bytes`);
    assert.ok(tinyText.includes('label: "just-a-string"'));
    assert.ok(!toy.includes("@pulumi/pulumi"), "no SDK module captured");
  });

  it("up creates; a second up with the same inputs changes nothing", async () => {
    const stack = newStack();
    const first = await stack.up([decl("c1"), decl("c2", { size: 2 })], { plugin });
    assert.ok(first.ok, String(first.errors));
    assert.strictEqual(first.resources.c1.op, "create");
    assert.strictEqual(first.resources.c2.op, "create");
    const c1 = stack.get("c1")!;
    assert.match(c1.id, /^toy-/);
    assert.strictEqual(c1.outputs.__provider, toy, "the plugin adds __provider to outputs");
    assert.strictEqual(c1.inputs.__provider, toy);
    assert.strictEqual(c1.inputs.size, 0, "check's defaults are the stored inputs");
    assert.strictEqual(readCloud()[c1.id].state, "ready");
    assert.strictEqual(c1.urn, "urn:pulumi:stack::project::pulumi-nodejs:dynamic:Resource::c1");

    const second = await stack.up([decl("c1"), decl("c2", { size: 2 })], { plugin });
    assert.deepStrictEqual(
      Object.values(second.resources).map((r) => r.op),
      ["same", "same"],
    );
    assert.deepStrictEqual(second.calls.map((c) => c.split(" ")[0]).sort(), [
      "check",
      "check",
      "diff",
      "diff",
    ]);
    assert.strictEqual(stack.get("c1")!.id, c1.id);
  });

  it("provider stdout lines arrive as diagnostics of the operation", async () => {
    const stack = newStack();
    const res = await stack.up([decl("d1")], { plugin });
    const id = stack.get("d1")!.id;
    assert.ok(res.diagnostics.includes(`[toy] creating d1 as ${id}`), JSON.stringify(res.diagnostics));
    assert.ok(plugin.diagnosticEvents.some((d) => d.source === "stdout" && d.text.includes(id)));
  });

  it("an input change is an update or a replace, per the provider's diff", async () => {
    const stack = newStack();
    await stack.up([decl("u1"), decl("r1"), decl("r2")], { plugin });
    const [u1, r1, r2] = ["u1", "r1", "r2"].map((n) => stack.get(n)!);

    // size -> update in place (Update gets the old OUTPUTS as olds).
    const upd = await stack.up([decl("u1", { size: 5 }), decl("r1"), decl("r2")], { plugin });
    assert.strictEqual(upd.resources.u1.op, "update");
    assert.strictEqual(stack.get("u1")!.id, u1.id);
    assert.strictEqual(readCloud()[u1.id].size, 5);

    // name -> replace, create-before-delete by default; delete-before-replace when asked.
    const rep = await stack.up(
      [
        decl("u1", { size: 5 }),
        { ...decl("r1"), props: { name: "r1-renamed" } },
        { ...decl("r2", {}, { deleteBeforeReplace: true }), props: { name: "r2-renamed" } },
      ],
      { plugin, parallel: 1 },
    );
    assert.ok(rep.ok, String(rep.errors));
    assert.strictEqual(rep.resources.r1.op, "replace");
    assert.strictEqual(rep.resources.r2.op, "replace");
    assert.strictEqual(rep.resources.r1.diff?.changes, "DIFF_SOME");
    assert.deepStrictEqual(rep.resources.r1.diff?.replaces, ["name"]);
    const ops = rep.calls.map((c) => c.replace(/urn:.*::/, ""));
    // r1: check, diff, check (again, without olds), create ... and its delete comes after all steps.
    assert.deepStrictEqual(ops.slice(2, 6), ["check r1", "diff r1", "check r1", "create r1"]);
    assert.deepStrictEqual(ops.slice(6, 11), ["check r2", "diff r2", "check r2", "delete r2", "create r2"]);
    assert.strictEqual(ops[ops.length - 1], "delete r1");
    const cloud = readCloud();
    assert.ok(!cloud[r1.id] && !cloud[r2.id], "old halves deleted");
    assert.strictEqual(cloud[stack.get("r1")!.id].name, "r1-renamed");
    assert.strictEqual(stack.pendingDeletes.length, 0);
  });

  it("check failures reach the caller with property names; a failed up deletes nothing", async () => {
    const stack = newStack();
    await stack.up([decl("k1"), decl("k2")], { plugin });
    const res = await stack.up([{ ...decl("k1"), props: { name: "", size: -1 } }], { plugin });
    assert.strictEqual(res.ok, false);
    assert.strictEqual(res.resources.k1.op, "failed");
    const err = res.resources.k1.error;
    assert.ok(err instanceof CheckFailedError, String(err));
    assert.deepStrictEqual(err.properties, ["name", "size"]);
    assert.match(err.message, /name: name is required/);
    assert.ok(stack.get("k2"), "k2 is no longer declared but the failed deployment did not delete it");
  });

  it("create throwing { id, properties, reasons } keeps partial state; next up calls Update", async () => {
    const stack = newStack();
    const res = await stack.up([decl("i1", { createMode: "init" })], { plugin });
    assert.strictEqual(res.resources.i1.op, "failed");
    const err = res.resources.i1.error;
    assert.ok(err instanceof PluginError);
    assert.strictEqual(err.details, "i1 created but not ready", "the thrown message is the gRPC details");
    assert.deepStrictEqual(err.initFailure?.reasons, ["i1 is partial"]);
    const st = stack.get("i1")!;
    assert.strictEqual(st.id, err.initFailure?.id);
    assert.strictEqual(st.outputs.state, "partial");
    assert.strictEqual(st.outputs.__provider, toy, "echoed by the toy itself");
    assert.deepStrictEqual(st.initErrors, ["i1 is partial"]);
    assert.strictEqual(readCloud()[st.id].state, "partial");

    const again = await stack.up([decl("i1", { createMode: "init" })], { plugin });
    assert.ok(again.ok, String(again.errors));
    assert.strictEqual(again.resources.i1.op, "update");
    assert.strictEqual(again.resources.i1.diff?.changes, "DIFF_NONE", "no input change, still an Update");
    assert.ok(again.calls.some((c) => c.startsWith("update ")));
    assert.strictEqual(stack.get("i1")!.initErrors, undefined);
    assert.strictEqual(readCloud()[st.id].state, "ready");
  });

  it("an init error without reasons leaves no initErrors, so no forced Update", async () => {
    const stack = newStack();
    await stack.up([decl("n1", { createMode: "init-no-reasons" })], { plugin });
    const st = stack.get("n1")!;
    assert.strictEqual(st.outputs.state, "partial");
    assert.strictEqual(st.initErrors, undefined);
    const again = await stack.up([decl("n1", { createMode: "init-no-reasons" })], { plugin });
    // The toy's diff compares outputs (state: "partial" is not compared) with the inputs: no change.
    assert.strictEqual(again.resources.n1.op, "same");
    // These properties lacked __provider and the plugin did not add it: Delete runs the provider
    // stored in the OUTPUTS, so it cannot load one.
    assert.strictEqual(st.outputs.__provider, undefined);
    const destroyed = await stack.destroy({ plugin });
    assert.strictEqual(destroyed.resources.n1.op, "failed");
    assert.ok(stack.get("n1"), "kept in state");
  });

  it("surprise: init-failure properties holding undefined make the plugin never answer", async () => {
    // grpcResponseFromError calls Struct.fromJavaScript(e.properties) inside the catch block; it throws
    // on `undefined`, the rejection only reaches the plugin's unhandledRejection logger (stderr), and
    // the Create call is never answered. The engine sets no deadline, so `pulumi up` would hang.
    const bad = await serializeProvider({
      async create() {
        throw { id: "x", properties: { a: undefined }, message: "partial" };
      },
    } as pulumi.dynamic.ResourceProvider);
    const p = await startExtra({ callTimeoutMs: 800 });
    await p.configure({});
    const urn = newStack().urn("hang");
    const err = await p.create(urn, { __provider: bad }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof PluginError && err.code === 4 /* DEADLINE_EXCEEDED */, String(err));
    await p.settle();
    assert.ok(p.diagnostics.includes("Error: Unexpected struct type."), p.diagnostics.join("\n"));
  });

  it("create throwing a plain Error records nothing", async () => {
    const stack = newStack();
    const res = await stack.up([decl("e1", { createMode: "throw" })], { plugin });
    assert.strictEqual(res.resources.e1.op, "failed");
    const err = res.resources.e1.error;
    assert.ok(err instanceof PluginError);
    assert.strictEqual(err.details, "create of e1 refused");
    assert.strictEqual(err.initFailure, undefined);
    assert.strictEqual(stack.resources.size, 0);
  });

  it("refresh: read's inputs replace stored inputs; an empty id drops the resource", async () => {
    const stack = newStack();
    await stack.up([decl("f1"), decl("f2")], { plugin });
    const [f1, f2] = [stack.get("f1")!, stack.get("f2")!];
    const cloud = readCloud();
    cloud[f1.id].size = 42; // drift
    delete cloud[f2.id]; // gone behind our back
    fs.writeFileSync(cloudFile, JSON.stringify(cloud));

    const res = await stack.refresh({ plugin });
    assert.ok(res.ok, String(res.errors));
    assert.strictEqual(res.resources.f1.op, "update");
    assert.strictEqual(res.resources.f2.op, "delete");
    assert.strictEqual(stack.get("f2"), undefined);
    assert.strictEqual(stack.get("f1")!.outputs.size, 42);
    assert.strictEqual(stack.get("f1")!.inputs.size, 42);
    assert.strictEqual(stack.get("f1")!.inputs.__provider, toy, "__provider kept in refreshed inputs");

    // The program still says size 0: the next up updates the drifted resource back.
    const up = await stack.up([decl("f1")], { plugin });
    assert.strictEqual(up.resources.f1.op, "update");
    assert.strictEqual(readCloud()[f1.id].size, 0);
  });

  it("destroy deletes in reverse creation order; a failed delete keeps the resource", async () => {
    const stack = newStack();
    await stack.up([decl("x1"), decl("x2"), decl("x3", { deleteMode: "throw" })], { plugin, parallel: 1 });
    const ids = ["x1", "x2", "x3"].map((n) => stack.get(n)!.id);
    const res = await stack.destroy({ plugin });
    // x3 is first (reverse order) and fails; the engine starts nothing after a failed step...
    assert.strictEqual(res.resources.x3.op, "failed");
    assert.match(String(res.resources.x3.error), /delete of .* refused/);
    // ...but with unlimited parallelism x2 and x1 were already in flight.
    assert.strictEqual(res.resources.x2.op, "delete");
    assert.deepStrictEqual(
      res.calls.map((c) => c.replace(/urn:.*::/, "")),
      ["delete x3", "delete x2", "delete x1"],
    );
    assert.deepStrictEqual(
      [...stack.resources.values()].map((r) => r.name),
      ["x3"],
    );
    assert.ok(readCloud()[ids[2]] && !readCloud()[ids[0]]);
    assert.ok(
      res.diagnostics.some((d) => d.includes("delete of")),
      "the plugin logs the error on stderr",
    );
  });

  it("preview: unknowns arrive as the placeholder; Check + Diff only", async () => {
    assert.strictEqual(UNKNOWN, require("@pulumi/pulumi/runtime/rpc").unknownValue);
    const stack = newStack();
    await stack.up([decl("p1"), decl("p2")], { plugin });
    const before = JSON.stringify(stack.toJSON());
    const res = await stack.preview([{ ...decl("p1"), props: { name: UNKNOWN } }, decl("p3")], { plugin });
    assert.strictEqual(res.resources.p1.op, "replace");
    assert.strictEqual(res.resources.p3.op, "create");
    assert.strictEqual(res.resources.p2.op, "delete");
    assert.ok(
      res.calls.every((c) => /^(check|diff) /.test(c)),
      res.calls.join("\n"),
    );
    assert.strictEqual(JSON.stringify(stack.toJSON()), before);
    await assert.rejects(stack.up([{ ...decl("p1"), props: { name: UNKNOWN } }], { plugin }), /unknown/);
  });

  it("resources run concurrently unless parallel is limited", async () => {
    const slow = (n: string) => decl(n, { createMode: "slow", delayMs: 400 });
    let t = Date.now();
    await newStack().up([slow("s1"), slow("s2"), slow("s3")], { plugin });
    const unlimited = Date.now() - t;
    t = Date.now();
    await newStack().up([slow("s4"), slow("s5"), slow("s6")], { plugin, parallel: 1 });
    const serial = Date.now() - t;
    assert.ok(unlimited < 1_000 && serial >= 1_200, `unlimited ${unlimited} ms, serial ${serial} ms`);
  });

  it("configure passes the stack config; config.get(key) is project-scoped", async () => {
    const seen: Record<string, unknown> = {};
    const cfgProvider: pulumi.dynamic.ResourceProvider = {
      async configure(req) {
        seen.greeting = req.config.get("toy:greeting");
        seen.color = req.config.get("color");
      },
      async create() {
        return { id: "cfg", outs: { ...seen } };
      },
    };
    const stack = newStack();
    const res = await stack.up([{ name: "cfg", provider: await serializeProvider(cfgProvider), props: {} }], {
      plugin,
    });
    assert.ok(res.ok, String(res.errors));
    assert.strictEqual(stack.get("cfg")!.outputs.greeting, "hello");
    assert.strictEqual(stack.get("cfg")!.outputs.color, "blue");
  });

  it("SIGKILL mid-create, then resume with a new plugin process from persisted state", async () => {
    const a = await startExtra();
    const stack = newStack();
    await stack.up([decl("k-ok")], { plugin: a });
    const running = stack.up([decl("k-ok"), decl("k-slow", { createMode: "slow", delayMs: 30_000 })], {
      plugin: a,
    });
    const deadline = Date.now() + 10_000;
    // The toy writes its cloud file while we poll it: a half-written file is "not yet".
    const slowPending = () => {
      try {
        return Object.values(readCloud()).some((r) => r.name === "k-slow" && r.state === "pending");
      } catch {
        return false;
      }
    };
    // Wait for the plugin's own "pending" line too: under load the kill could otherwise beat reading its stdout.
    while (!slowPending() || !a.diagnostics.some((d) => d.endsWith("pending"))) {
      if (Date.now() > deadline) throw new Error("slow create never started");
      await new Promise((r) => setTimeout(r, 20));
    }
    await a.kill("SIGKILL");
    const res = await running;
    assert.strictEqual(res.resources["k-slow"].op, "failed");
    const err = res.resources["k-slow"].error;
    assert.ok(err instanceof PluginError && err.code === 14 /* UNAVAILABLE */, String(err));
    assert.ok(res.diagnostics.some((d) => d.endsWith("pending")));
    assert.strictEqual((await a.exited).signal, "SIGKILL");

    // Persist and reload the state, as a new `pulumi up` would, with a fresh plugin process.
    const saved = JSON.stringify(stack.toJSON());
    const resumed = Stack.fromJSON(saved);
    assert.strictEqual(resumed.get("k-slow"), undefined, "an interrupted create leaves no state");
    const b = await startExtra();
    const res2 = await resumed.up([decl("k-ok"), decl("k-slow")], { plugin: b });
    assert.ok(res2.ok, String(res2.errors));
    assert.strictEqual(res2.resources["k-ok"].op, "same");
    assert.strictEqual(res2.resources["k-slow"].op, "create");
    // The killed create's cloud object is orphaned: only an idempotent provider avoids the duplicate.
    const slowOnes = Object.values(readCloud()).filter((r) => r.name === "k-slow");
    assert.deepStrictEqual(slowOnes.map((r) => r.state).sort(), ["pending", "ready"]);
  });

  it("serialized code can require a .ts module by absolute path when the plugin runs ts-node", async () => {
    const stack = newStack();
    const plain = await stack.up([decl("h1", { useHelper: true })], { plugin });
    // Node 22.18+ strips TypeScript types by itself (process.features.typescript); older Node cannot load .ts.
    const stripsTypes = Boolean((process.features as { typescript?: string | false }).typescript);
    if (stripsTypes) assert.strictEqual(plain.resources.h1.op, "create", "this node loads .ts by itself");
    else {
      assert.strictEqual(plain.resources.h1.op, "failed", "plain node cannot load the .ts helper");
      assert.ok(plain.resources.h1.error instanceof PluginError);
    }

    const tsPlugin = await startExtra({ nodeArgs: ["-r", "ts-node/register/transpile-only"] });
    const res = await newStack().up([decl("h2", { useHelper: true })], { plugin: tsPlugin });
    assert.ok(res.ok, String(res.errors));
    assert.strictEqual(res.resources.h2.op, "create");
  });
});
