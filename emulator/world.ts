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

/** The state shared by the AWS front and the control API. */
export interface World {
  store: Store;
  clock: Clock;
  faults: FaultInjector;
  initialClockScale: number;
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
}
