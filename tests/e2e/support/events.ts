/**
 * What one CLI run showed: the engine's event stream (onEvent) reduced to what tests assert on — diagnostics
 * (where the plugin's stdout lines arrive), the step each resource took — plus the CLI's own text output.
 */
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";

export interface Run {
  /**
   * Every diagnostic message but debug ones, in order. The plugin's stdout and stderr lines (the provider's
   * progress) are among them: the real CLI attributes them to the Stack resource, not to the CopyJob.
   */
  diagnostics: string[];
  /** The step op per resource name, providers left out (the last one seen: "create", "same", "update", …). */
  ops: Record<string, OpType>;
  /** Every step op per resource name, in order (a replace shows "create-replacement", "replace", …). */
  steps: Record<string, OpType[]>;
  /** The CLI's stdout and stderr as printed. */
  output: string;
  events: EngineEvent[];
}

export interface Recorder {
  run: Run;
  onEvent(event: EngineEvent): void;
  onOutput(text: string): void;
}

const nameOf = (urn: string | undefined) => (urn ? urn.slice(urn.lastIndexOf("::") + 2) : "");

export function recorder(): Recorder {
  const run: Run = {
    diagnostics: [],
    ops: {},
    steps: {},
    output: "",
    events: [],
  };
  return {
    run,
    onEvent(event) {
      run.events.push(event);
      const d = event.diagnosticEvent;
      // The inline program's own log.debug lines arrive too ("RegisterResource RPC finished …").
      if (d && (d.severity as string) !== "debug") run.diagnostics.push(d.message.trimEnd());
      const step = event.resOutputsEvent?.metadata ?? event.resOpFailedEvent?.metadata;
      if (
        step &&
        !step.type.startsWith("pulumi:pulumi:Stack") &&
        !step.type.startsWith("pulumi:providers:")
      ) {
        const name = nameOf(step.urn);
        run.ops[name] = step.op;
        (run.steps[name] ??= []).push(step.op);
      }
    },
    onOutput(text) {
      run.output += text;
    },
  };
}
