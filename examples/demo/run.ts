/**
 * `npm run demo`: examples/basic's copies through the real Pulumi dynamic-provider plugin, against the bundled
 * AWS Backup emulator. No AWS account, no Pulumi CLI.
 *
 *   up -> refresh (no drift) -> a copy deleted outside Pulumi -> refresh (drift: dropped) -> up (copies again)
 *   -> destroy (copies retained), then a summary.
 */
import type { OperationSummary, ResourceState } from "../../tests/harness";
import { Stack } from "../../tests/harness";
import { settled, toDecl, useMocks } from "./declare";
import { PROJECT, SOURCE_REGION, STACK, startDemoEnvironment, type DemoEnvironment } from "./environment";
import { awsDuration, callCounts, rpcCounts, seconds, table, tailingPlugin } from "./report";

const COPY_JOB_TYPE = "pulumi-nodejs:dynamic/backup-copy:CopyJob";
/** Real seconds between polls: the emulator's clock runs ten emulated minutes per real second. */
const DEMO_POLLING = { minDelaySeconds: 0.05, maxDelaySeconds: 0.25 };

interface StepRecord {
  step: string;
  ms: number;
  summary: OperationSummary;
  awsCalls: Record<string, number>;
}

function expect(condition: unknown, message: string): void {
  if (!condition) throw new Error(`demo check failed: ${message}`);
}

async function declareCopies(env: DemoEnvironment) {
  const registered = useMocks(PROJECT, STACK, { "aws:region": SOURCE_REGION });
  // Loaded only now: copy.ts imports "pulumi-backup-copy", which the environment pointed at the installed copy.
  const { copyBackup } = require("../basic/copy") as typeof import("../basic/copy");
  const copies = env.recoveryPoints.map((rp) =>
    copyBackup(
      `copy-${rp.label}`,
      {
        sourceVaultName: env.sourceVaultName,
        destinationVaultArn: env.destinationVaultArn,
        iamRoleArn: env.iamRoleArn,
        recoveryPointArn: rp.recoveryPointArn,
      },
      { polling: DEMO_POLLING },
    ),
  );
  await Promise.all(copies.map((c) => settled(c.urn)));
  return registered.filter((r) => r.type === COPY_JOB_TYPE).map(toDecl);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    "pulumi-backup-copy demo: examples/basic against the AWS Backup emulator, through the real plugin\n",
  );
  const env = await startDemoEnvironment();
  const { plugin, emulator } = env;
  const control = emulator.control;
  const steps: StepRecord[] = [];
  const jobs = new Map<string, string[]>();
  const stack = new Stack({ project: PROJECT, stack: STACK, config: { "aws:region": SOURCE_REGION } });

  const run = async (step: string, op: () => Promise<OperationSummary>) => {
    console.log(`\n▶ ${step}`);
    await control.resetCalls();
    const t = Date.now();
    const summary = await tailingPlugin(plugin, op);
    const ms = Date.now() - t;
    const awsCalls = await control.calls();
    steps.push({ step, ms, summary, awsCalls });
    for (const s of summary.steps) {
      const state = stack.get(s.name, COPY_JOB_TYPE);
      const detail = state ? ` (job ${state.id}, ${String(state.outputs.state)})` : "";
      console.log(`  ${s.name}: ${s.op}${detail}${s.error ? `: ${s.error.message}` : ""}`);
      if (state && !(jobs.get(s.name) ?? []).includes(state.id))
        jobs.set(s.name, [...(jobs.get(s.name) ?? []), state.id]);
    }
    console.log(`  ${seconds(ms)}; AWS calls: ${callCounts(awsCalls)}`);
    expect(summary.ok, `${step} failed: ${summary.errors.map((e) => e.message).join("; ")}`);
    return summary;
  };

  try {
    const decls = await declareCopies(env);
    console.log(
      `Declared by examples/basic/copy.ts: ${decls.map((d) => d.name).join(", ")}; serialized provider ${Buffer.byteLength(decls[0].provider)} bytes: ${decls[0].provider.match(/require\("[^"]+"\)/)?.[0]}`,
    );
    console.log(
      `Emulator ${emulator.endpoint} (clock ×600); source vault ${env.sourceVaultName} (${SOURCE_REGION}), destination ${env.destinationVaultArn}`,
    );
    for (const rp of env.recoveryPoints) {
      console.log(`  recovery point ${rp.label}: ${rp.recoveryPointArn} (${rp.sizeBytes / 1024 ** 3} GiB)`);
    }

    const up = await run("pulumi up", () => stack.up(decls, { plugin }));
    expect(
      Object.values(up.resources).every((r) => r.op === "create"),
      "up creates every copy",
    );

    const refresh = await run("pulumi refresh (nothing changed)", () => stack.refresh({ plugin }));
    expect(
      Object.values(refresh.resources).every((r) => r.op === "same"),
      "refresh finds no drift",
    );

    const victim = decls[0].name;
    const victimCopy = String(stack.get(victim, COPY_JOB_TYPE)!.outputs.destinationRecoveryPointArn);
    console.log(`\n✂ deleting ${victim}'s copy outside Pulumi: ${victimCopy}`);
    await control.deleteRecoveryPointOutOfBand(victimCopy);

    const drift = await run("pulumi refresh (drift)", () => stack.refresh({ plugin }));
    expect(drift.resources[victim]?.op === "delete", `refresh drops ${victim}`);
    expect(stack.get(victim, COPY_JOB_TYPE) === undefined, `${victim} left the stack`);

    const again = await run("pulumi up (copies again)", () => stack.up(decls, { plugin }));
    expect(again.resources[victim]?.op === "create", `up copies ${victim} again`);
    expect((jobs.get(victim) ?? []).length === 2, `${victim} has a second job`);

    const finalStates = new Map<string, ResourceState>(
      decls.map((d) => [d.name, stack.get(d.name, COPY_JOB_TYPE)!] as const),
    );
    const destroy = await run("pulumi destroy", () => stack.destroy({ plugin }));
    expect(
      Object.values(destroy.resources).every((r) => r.op === "delete"),
      "destroy removes every copy",
    );
    expect(stack.resources.size === 0, "the stack is empty");
    const live = new Set(
      (await control.state()).recoveryPoints.map((r) => (r as { recoveryPointArn: string }).recoveryPointArn),
    );

    console.log("\nResources");
    console.log(
      table(
        ["resource", "copy jobs (first → last)", "state", "copy took (AWS time)", "copy", "after destroy"],
        decls.map((d) => {
          const outs = finalStates.get(d.name)!.outputs;
          const copy = String(outs.destinationRecoveryPointArn);
          return [
            d.name,
            (jobs.get(d.name) ?? []).map((id) => id.slice(0, 8)).join(" → "),
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
        ["operation", "real time", "provider calls", "AWS API calls"],
        steps.map((s) => [s.step, seconds(s.ms), rpcCounts(s.summary.calls), callCounts(s.awsCalls)]),
      ),
    );
    console.log(`\nDone in ${seconds(Date.now() - started)} (plugin ${plugin.version || "?"}).`);
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
