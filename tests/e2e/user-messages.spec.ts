/**
 * Issue 21, "What the user sees": what `pulumi up` prints, through the real CLI, when a program gets an input
 * wrong. A plain bad value ends the run with the CopyJob's message alone (no stack trace, no escape codes); a
 * bad nested value known only once an Output resolves fails the engine's check with the value in the reason
 * (the engine itself prints `{<nil>}` for a nested property). Neither reaches AWS.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { type E2eWorld, type Run, withE2eWorld } from "./support";

interface Failed {
  /** The CLI's error, everything it printed and the engine's diagnostics. */
  text: string;
  /** The distinct error diagnostics. */
  errors: Set<string>;
}

async function failedUp(up: () => Promise<Run>): Promise<Failed> {
  try {
    await up();
  } catch (error) {
    const run = (error as { run?: Run }).run;
    assert.ok(run, String(error));
    const errors = new Set(
      run.events.flatMap((e) =>
        e.diagnosticEvent?.severity === "error" ? [e.diagnosticEvent.message.trim()] : [],
      ),
    );
    return {
      text: `${String((error as Error).message)}\n${run.output}\n${run.diagnostics.join("\n")}`,
      errors,
    };
  }
  assert.fail("pulumi up succeeded with a bad input");
}

const ESCAPE = /\x1b\[/; // eslint-disable-line no-control-regex
/** A stack frame as Node prints it ("    at new CopyJob (/…/copy-job.js:56:9)"), or the host's prefix for one. */
const STACK = /^\s+at .+[(/]|Unhandled exception/m;

describe("e2e: what pulumi up says about a bad input (issue 21)", function () {
  this.timeout(180_000);
  let world: E2eWorld;
  withE2eWorld({ seed: 2101 }, (w) => (world = w));

  /** StartCopyJob calls made during `fn`: a bad input must stop before any. */
  const startsDuring = async (fn: () => Promise<Failed>) => {
    const before = (await world.control.calls()).StartCopyJob ?? 0;
    const failed = await fn();
    return { ...failed, starts: ((await world.control.calls()).StartCopyJob ?? 0) - before };
  };

  it("a plain bad value: the message alone, no stack trace, no escape codes, no AWS call", async () => {
    const rp = await world.recoveryPoint();
    const s = await world.stack({
      stackName: "plain-bad",
      program: world.program({ copy: { args: { recoveryPointArn: rp, onDelete: "destroy" } } }),
    });
    const { text, errors, starts } = await startsDuring(() => failedUp(() => s.up()));
    const line = `property onDelete with value 'destroy' has a problem: must be one of "retain", "delete", not 'destroy'`;
    assert.ok(text.includes(`CopyJob 'copy' has invalid inputs:\n  - ${line}`), text);
    // The Automation API's inline host reports a program's error twice (its unhandled-rejection handler and
    // the Run response: @pulumi/pulumi automation/server.js; a project run through pulumi-language-nodejs
    // reports it once). Both are the message alone: one distinct error.
    assert.deepEqual([...errors], [`CopyJob 'copy' has invalid inputs:\n  - ${line}`]);
    assert.doesNotMatch(text, STACK, text);
    assert.doesNotMatch(text, ESCAPE, JSON.stringify(text));
    assert.equal(starts, 0);
    assert.equal(s.resource("copy"), undefined, "a refused CopyJob is not in the state");
  });

  it("a nested value known only at run time: the engine's check failure quotes the value", async () => {
    const rp = await world.recoveryPoint();
    const s = await world.stack({
      stackName: "nested-bad",
      program: world.program({
        copy: { args: { recoveryPointArn: rp, lifecycle: { deleteAfterDays: pulumi.output(0) } } },
      }),
    });
    const { text, errors, starts } = await startsDuring(() => failedUp(() => s.up()));
    // The engine's words around ours: "property P value V has a problem: REASON", V being `{<nil>}` here.
    assert.match(
      text,
      /property lifecycle\.deleteAfterDays value \S+ has a problem: lifecycle\.deleteAfterDays: 0 must be -1 \(keep indefinitely\) or between 1 and 36500 days/,
      text,
    );
    assert.doesNotMatch(text, STACK, text);
    assert.doesNotMatch(text, ESCAPE, JSON.stringify(text));
    assert.equal(errors.size, 1, [...errors].join("\n"));
    assert.equal(starts, 0);
  });
});
