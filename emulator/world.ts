import { Clock } from "./clock";
import { FaultInjector } from "./faults";
import { Credential, Store } from "./store";

export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_ACCOUNT = "111111111111";
export const DEFAULT_CREDENTIALS = {
  accessKeyId: "AKIAEMULATOR00000001",
  secretAccessKey: "emulator-secret-key-0001",
  accountId: DEFAULT_ACCOUNT,
};

/**
 * The environment that points AWS clients at an emulator. AWS_ENDPOINT_URL too, since one port serves Backup
 * and STS (and clients that know only the global variable, like boto3, use it); AWS_DEFAULT_REGION for
 * AWS CLI v1 and boto3, which do not read AWS_REGION.
 */
export function emulatorEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_BACKUP: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
    AWS_REGION: DEFAULT_REGION,
    AWS_DEFAULT_REGION: DEFAULT_REGION,
  };
}

/** The state shared by the AWS front and the control API. */
export interface World {
  store: Store;
  clock: Clock;
  faults: FaultInjector;
  initialClockScale: number;
  /** The mode reset() returns to: the startEmulator option / --enforce-iam. */
  initialEnforceIam: boolean;
}

export function defaultCredential(): Credential {
  return { ...DEFAULT_CREDENTIALS, principalArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/emulator` };
}

/** Back to an empty world with the default key; emulated time keeps running forward (it never rewinds). */
export function resetWorld(world: World): void {
  world.store.reset();
  const c = defaultCredential();
  world.store.credentials.set(c.accessKeyId, c);
  world.faults.set({});
  world.clock.setScale(world.initialClockScale);
  world.store.enforceIam = world.initialEnforceIam;
}
