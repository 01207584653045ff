/**
 * The checkpoint the file backend keeps for a stack, read straight from disk: what the engine wrote, with no
 * CLI run (each costs about a second). `pulumi stack export` gives the same deployment.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

/** A resource as the engine's checkpoint stores it. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
  [key: string]: unknown;
}

/** The deployment in the backend's checkpoint file. */
export interface Deployment {
  resources?: StateResource[];
  pending_operations?: Array<{ resource: StateResource; type: string }>;
  [key: string]: unknown;
}

/** Where a file backend (`file://<backendDir>`) keeps a stack's checkpoint (project-scoped layout). */
export function checkpointPath(backendDir: string, projectName: string, stackName: string): string {
  return path.join(backendDir, ".pulumi", "stacks", projectName, `${stackName}.json`);
}

export function readDeployment(backendDir: string, projectName: string, stackName: string): Deployment {
  const file = checkpointPath(backendDir, projectName, stackName);
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { checkpoint: { latest?: Deployment } };
  return json.checkpoint.latest ?? {};
}

/** A resource by name: the URN's last segment. */
export function resourceNamed(deployment: Deployment, name: string): StateResource | undefined {
  return deployment.resources?.find((r) => r.urn.endsWith(`::${name}`));
}

/** A value the engine stored as a secret: its envelope with ciphertext and nothing else (`message` on failure). */
export function assertCiphertext(value: unknown, message: string): void {
  assert.ok(value && typeof value === "object", `${message}: ${JSON.stringify(value)}`);
  const secret = value as Record<string, unknown>;
  assert.deepEqual(Object.keys(secret).sort(), [specialSigKey, "ciphertext"].sort(), message);
  assert.equal(secret[specialSigKey], specialSecretSig, message);
  assert.equal(typeof secret.ciphertext, "string", message);
}
