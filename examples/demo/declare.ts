/**
 * Runs Pulumi program code under `pulumi.runtime.setMocks` and records every resource it registers: type, name
 * and the inputs the engine would receive. For a CopyJob these include `__provider`, the provider serialized by
 * the real `pulumi.dynamic.Resource`, so a recorded CopyJob can be handed to the plugin harness as is.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceDecl } from "../../tests/harness";

export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Installs mocks for `project`/`stack` with this stack config; returns the list registrations are added to. */
export function useMocks(
  project: string,
  stack: string,
  config: Record<string, string> = {},
  /** Outputs the mocked cloud adds to a resource's inputs (an ARN, say). */
  outputs: (r: Registered) => Record<string, unknown> = () => ({}),
): Registered[] {
  const registered: Registered[] = [];
  pulumi.runtime.setAllConfig(config);
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        const r = { type: args.type, name: args.name, inputs: args.inputs };
        registered.push(r);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...outputs(r) } };
      },
      call(args) {
        return args.inputs;
      },
    },
    project,
    stack,
    false,
  );
  return registered;
}

/** The value of an Output once the mocked engine has resolved it. */
export function settled<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** A registered dynamic resource as a harness declaration: `__provider` apart, the rest as props. */
export function toDecl(r: Registered): ResourceDecl {
  const { __provider: provider, ...props } = r.inputs;
  if (typeof provider !== "string") throw new Error(`${r.name} has no serialized provider`);
  return { name: r.name, type: r.type, provider, props };
}
