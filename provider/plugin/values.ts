/**
 * The engine's property values (google.protobuf.Struct) to plain JS and back. Secrets arrive wrapped in the
 * engine's signature object (the plugin accepts secrets, so the engine sends them as they are); the core works
 * on plain values, so secrets are unwrapped on the way in and the names of secret properties remembered, then
 * wrapped again on the way out. Unknowns (preview) are the engine's sentinel string, which the core knows
 * (inputs/unknown.ts), and pass through unchanged.
 */
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { SECRET_INPUTS } from "../inputs/properties";

/** The key every special engine value carries, and the value that marks a secret (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

export interface Decoded {
  props: Props;
  /** Top-level properties that were secret, or held a secret anywhere inside. */
  secrets: Set<string>;
}

export function isSecretValue(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Removes every secret wrapper; `found` is told when one was seen. */
function unwrap(v: unknown, found: () => void): unknown {
  if (isSecretValue(v)) {
    found();
    return unwrap(v.value, found);
  }
  if (Array.isArray(v)) return v.map((x) => unwrap(x, found));
  if (v !== null && typeof v === "object") {
    const out: Props = {};
    for (const [k, x] of Object.entries(v)) out[k] = unwrap(x, found);
    return out;
  }
  return v;
}

export function decodeProps(s: structproto.Struct | undefined): Decoded {
  const raw = s ? (s.toJavaScript() as Props) : {};
  const secrets = new Set<string>();
  const props: Props = {};
  for (const [key, value] of Object.entries(raw)) {
    props[key] = unwrap(value, () => secrets.add(key));
  }
  return { props, secrets };
}

/** undefined members dropped (a Struct has no undefined), as the SDK's serializer does. */
function stripUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripUndefined);
  if (v !== null && typeof v === "object") {
    const out: Props = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = stripUndefined(x);
    return out;
  }
  return v;
}

export function secretValue(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * Plain JS to a Struct. Properties named in `secrets`, and every secret input of the property table
 * (destinationExternalId), go back as secrets: the engine stores them encrypted in state and outputs.
 */
export function encodeProps(props: Props, secrets: Iterable<string> = []): structproto.Struct {
  const secret = new Set<string>([...SECRET_INPUTS, ...secrets]);
  const out: Props = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    const plain = stripUndefined(value);
    out[key] = secret.has(key) && !isSecretValue(plain) ? secretValue(plain) : plain;
  }
  return structproto.Struct.fromJavaScript(out as Record<string, structproto.JavaScriptValue>);
}
