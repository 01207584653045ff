/**
 * Which (region, account/credentials) a Backup client talks to, as the key of the client cache in
 * aws/clients.ts. The shared poller and the start gate are keyed by it, so every resource with the same target
 * shares one poller and one gate. A client made elsewhere (tests, tools) gets a key of its own.
 */
const keys = new WeakMap<object, string>();
let anonymous = 0;

export function setClientKey(client: object, key: string): void {
  keys.set(client, key);
}

export function clientKeyOf(client: object): string {
  let key = keys.get(client);
  if (key === undefined) {
    key = `client#${++anonymous}`;
    keys.set(client, key);
  }
  return key;
}
