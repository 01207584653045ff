/**
 * `npm run demo`: examples/basic's copies through the real Pulumi CLI (`pulumi up`, `refresh`, `destroy`, run
 * by the Automation API with an inline program), against the bundled AWS Backup emulator. No AWS account, no
 * network. What the CLI prints is shown as it prints it.
 *
 *   up -> refresh (no drift) -> a copy deleted outside Pulumi -> refresh (drift: dropped) -> up (copies again)
 *   -> destroy (copies retained), then a summary.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { startDemoEnvironment, type DemoEnvironment } from "./environment";
import { awsDuration, callCounts, seconds, table } from "./report";

const COPY_JOB_TYPE = "pulumi-nodejs:dynamic/backup-copy:CopyJob";
/** Real seconds between polls: the emulator's clock runs ten emulated minutes per real second. */
const DEMO_POLLING = { minDelaySeconds: 0.05, maxDelaySeconds: 0.25 };

interface StepRecord {
  step: string;
  ms: number;
  /** The engine's step per resource name. */
  ops: Record<string, string>;
  awsCalls: Record<string, number>;
}

function expect(condition: unknown, message: string): void {
  if (!condition) throw new Error(`demo check failed: ${message}`);
}

/** The Pulumi program: examples/basic/copy.ts's copy, once per seeded recovery point. */
function program(env: DemoEnvironment) {
  return async () => {
    // Loaded only now: copy.ts imports "pulumi-backup-copy", which the environment pointed at the installed copy.
    const { copyBackup } = require("../basic/copy") as typeof import("../basic/copy");
    const ids: Record<string, unknown> = {};
    for (const rp of env.recoveryPoints) {
      const copy = copyBackup(
        `copy-${rp.label}`,
        {
          sourceVaultName: env.sourceVaultName,
          destinationVaultArn: env.destinationVaultArn,
          iamRoleArn: env.iamRoleArn,
          recoveryPointArn: rp.recoveryPointArn,
        },
        { polling: DEMO_POLLING },
      );
      ids[`copy-${rp.label}`] = copy.copyJobId;
    }
    return ids;
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    "pulumi-backup-copy demo: examples/basic through the real Pulumi CLI, against the AWS Backup emulator\n",
  );
  const env = await startDemoEnvironment();
  const { emulator } = env;
  const control = emulator.control;
  const steps: StepRecord[] = [];
  const jobs = new Map<string, string[]>();
  const copies = () => (env.deployment().resources ?? []).filter((r) => r.type === COPY_JOB_TYPE);
  const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

  try {
    const stack = await env.openStack(program(env));
    console.log(`Pulumi CLI ${env.cli.version}: ${env.cli.path}`);
    console.log(
      `Emulator ${emulator.endpoint} (clock ×600); source vault ${env.sourceVaultName}, destination ${env.destinationVaultArn}`,
    );
    for (const rp of env.recoveryPoints) {
      console.log(`  recovery point ${rp.label}: ${rp.recoveryPointArn} (${rp.sizeBytes / 1024 ** 3} GiB)`);
    }

    const run = async (
      step: string,
      op: (o: { onOutput: (s: string) => void; onEvent: (e: EngineEvent) => void }) => Promise<unknown>,
    ) => {
      console.log(`\n$ ${step}`);
      await control.resetCalls();
      const ops: Record<string, string> = {};
      const t = Date.now();
      await op({
        onOutput: (text) => process.stdout.write(text),
        onEvent: (e) => {
          const m = e.resOutputsEvent?.metadata;
          if (m && m.type === COPY_JOB_TYPE) ops[nameOf(m.urn)] = m.op;
        },
      });
      const ms = Date.now() - t;
      for (const r of copies()) {
        const name = nameOf(r.urn);
        if (r.id && !(jobs.get(name) ?? []).includes(r.id)) jobs.set(name, [...(jobs.get(name) ?? []), r.id]);
      }
      steps.push({ step, ms, ops, awsCalls: await control.calls() });
      return ops;
    };
    const names = env.recoveryPoints.map((rp) => `copy-${rp.label}`);

    const up = await run("pulumi up", (o) => stack.up(o));
    expect(
      names.every((n) => up[n] === "create"),
      "up creates every copy",
    );

    const refresh = await run("pulumi refresh (nothing changed)", (o) => stack.refresh(o));
    expect(
      names.every((n) => refresh[n] === "same"),
      "refresh finds no drift",
    );

    const victim = names[0];
    const victimCopy = String(
      copies().find((r) => nameOf(r.urn) === victim)?.outputs?.destinationRecoveryPointArn,
    );
    console.log(`\n✂ deleting ${victim}'s copy outside Pulumi: ${victimCopy}`);
    await control.deleteRecoveryPointOutOfBand(victimCopy);

    const drift = await run("pulumi refresh (drift)", (o) => stack.refresh(o));
    expect(drift[victim] === "delete", `refresh drops ${victim}`);
    expect(!copies().some((r) => nameOf(r.urn) === victim), `${victim} left the stack`);

    const again = await run("pulumi up (copies again)", (o) => stack.up(o));
    expect(again[victim] === "create", `up copies ${victim} again`);
    expect((jobs.get(victim) ?? []).length === 2, `${victim} has a second job`);

    const finalStates = new Map(copies().map((r) => [nameOf(r.urn), r.outputs ?? {}] as const));
    const destroy = await run("pulumi destroy", (o) => stack.destroy(o));
    expect(
      names.every((n) => destroy[n] === "delete"),
      "destroy removes every copy",
    );
    expect(copies().length === 0, "the stack is empty");
    const live = new Set(
      (await control.state()).recoveryPoints.map((r) => (r as { recoveryPointArn: string }).recoveryPointArn),
    );

    console.log("\nResources");
    console.log(
      table(
        ["resource", "copy jobs (first → last)", "state", "copy took (AWS time)", "copy", "after destroy"],
        names.map((name) => {
          const outs = finalStates.get(name) ?? {};
          const copy = String(outs.destinationRecoveryPointArn);
          return [
            name,
            (jobs.get(name) ?? []).map((id) => id.slice(0, 8)).join(" → "),
            String(outs.state),
            awsDuration(outs.creationDate, outs.completionDate),
            copy.replace(/^.*:/, ""),
            live.has(copy) ? "retained" : "gone",
          ];
        }),
      ),
    );
    console.log("\nOperations");
    console.log(
      table(
        ["operation", "real time", "CopyJob steps", "AWS API calls"],
        steps.map((s) => [
          s.step,
          seconds(s.ms),
          callCounts(
            Object.fromEntries(
              Object.values(s.ops).map((op) => [op, Object.values(s.ops).filter((o) => o === op).length]),
            ),
          ),
          callCounts(s.awsCalls),
        ]),
      ),
    );
    console.log(`\nDone in ${seconds(Date.now() - started)} (Pulumi CLI ${env.cli.version}).`);
  } finally {
    await env.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
