/**
 * An emulator with the environment the real SDK picks its endpoint and keys up from, a provider to call
 * in-process, and the two things every behaviour test needs: check as the engine calls it, and the provider's
 * log lines (the plugin's progress channel).
 */
import { CopyJobProvider } from "../../provider/copy-job-provider";
import { RunningEmulator, startEmulator } from "../../emulator";
import { Runtime, RuntimeOptions } from "../../provider/runtime";

export { FAST_POLLING, GiB } from "./constants";

const ENV_KEYS = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_BACKUP",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_PROFILE",
];

export interface Emulated {
  emulator: RunningEmulator;
  provider: InstanceType<typeof CopyJobProvider>;
  /** The provider's runtime (clients, pollers, gates): this test's own. */
  runtime: Runtime;
  /** Use these keys (registered with the emulator) for every client made from now on. */
  useKeys(accessKeyId: string, secretAccessKey: string): void;
  stop(): Promise<void>;
}

/** `enforceIam`: strict IAM, for tests of refusals of unregistered keys and unseeded roles. */
export async function startEmulated(
  options: { clockScale?: number; seed?: number; enforceIam?: boolean; runtime?: RuntimeOptions } = {},
): Promise<Emulated> {
  const saved: Record<string, string | undefined> = {};
  for (const k of ENV_KEYS) saved[k] = process.env[k];
  const emulator = await startEmulator({
    clockScale: options.clockScale ?? 3600,
    quiet: true,
    seed: options.seed ?? 11,
    enforceIam: options.enforceIam,
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  for (const [k, v] of Object.entries(emulator.env)) process.env[k] = v;
  const runtime = new Runtime(options.runtime);
  const provider = new CopyJobProvider();
  provider.runtime = runtime;
  return {
    emulator,
    provider,
    runtime,
    useKeys(accessKeyId, secretAccessKey) {
      process.env.AWS_ACCESS_KEY_ID = accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
      runtime.clear();
    },
    async stop() {
      runtime.clear();
      await emulator.stop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

/** check, as the engine calls it first; fails the test on check failures. */
export async function checked(
  provider: Emulated["provider"],
  inputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = await provider.check({}, inputs);
  if (result.failures?.length) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs as Record<string, unknown>;
}

/** Captures console.log lines (the plugin's progress channel) while `fn` runs. */
export async function capturingLogs<T>(
  fn: () => Promise<T>,
): Promise<{ result?: T; error?: Error; lines: string[] }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    return { result: await fn(), lines };
  } catch (error) {
    return { error: error as Error, lines };
  } finally {
    console.log = original;
  }
}
