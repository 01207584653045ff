import { EmulatorControl } from "./control-client";
import { EmulatorServer } from "./server";

export { DEFAULT_ACCOUNT, DEFAULT_CREDENTIALS, DEFAULT_REGION } from "./world";
export { EmulatorControl } from "./control-client";
export type {
  CopyJobState,
  EmulatorSettings,
  EmulatorState,
  FaultSpec,
  SeedCredentials,
  SeedOrganization,
  SeedRecoveryPoint,
  SeedRole,
  SeedVault,
} from "./control-client";
import { emulatorEnv } from "./world";

export interface EmulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Emulated seconds per real second, default 1. */
  clockScale?: number;
  /** Seeds every random choice (IDs, fault draws). */
  seed?: number;
  /** Copy speed, default 100 MiB/s. */
  throughputBytesPerSecond?: number;
  quiet?: boolean;
  /**
   * Strict IAM (the CLI's --enforce-iam): only registered keys and seeded roles, as before issue 14. Default
   * false: any access key works and an unseeded role can be assumed and passed to AWS Backup.
   */
  enforceIam?: boolean;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  control: EmulatorControl;
  /** AWS_ENDPOINT_URL(_BACKUP, _STS), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_DEFAULT_REGION */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const server = new EmulatorServer(options);
  const port = await server.listen();
  const host = options.host ?? "127.0.0.1";
  const endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port,
    control: new EmulatorControl(endpoint),
    env: emulatorEnv(endpoint),
    stop: () => (stopped ??= server.close()),
  };
}
