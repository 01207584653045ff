/**
 * A small stand-in for the Pulumi engine's step generator/executor, enough to drive one dynamic
 * provider plugin the way `pulumi up / preview / refresh / destroy` would. It keeps a stack's state
 * between runs (serializable to JSON so a test can carry it across plugin processes).
 *
 * Sources mirrored (pulumi/pulumi): pkg/resource/deploy/step_generator.go, step.go,
 * sdk/go/common/resource/plugin/provider_plugin.go. See README.md for what is and is not mirrored.
 */
import { isDeepStrictEqual } from "util";
import { DynamicProviderPlugin, PluginError, type DiffResult, type Props } from "./plugin";

/**
 * The engine's placeholder for a value not known during preview
 * (runtime/rpc.js unknownValue, Go plugin.UnknownStringValue): exactly what a provider sees.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** pulumi.dynamic.Resource's type token when no module/type is given. */
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";

export interface ResourceDecl {
  name: string;
  /** Defaults to "pulumi-nodejs:dynamic:Resource", like pulumi.dynamic.Resource. */
  type?: string;
  /** Serialized provider text (serializeProvider); becomes `__provider` in the inputs. */
  provider: string;
  props: Record<string, unknown>;
  /** The `deleteBeforeReplace` resource option; overrides the provider's diff answer when set. */
  deleteBeforeReplace?: boolean;
}

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Props;
  outputs: Props;
  /** ErrorResourceInitFailed reasons; non-empty => next up calls Update even without a diff. */
  initErrors?: string[];
  /** Set after the delete half of a delete-before-replace succeeded but the create did not. */
  pendingReplacement?: boolean;
}

export interface StackJSON {
  project: string;
  stack: string;
  config: Record<string, string>;
  resources: ResourceState[];
  /** Old halves of create-before-delete replacements still to be deleted (engine: `delete: true`). */
  pendingDeletes: ResourceState[];
}

/**
 * "delete-replaced" is the deferred delete of the old half of a create-before-delete replacement; it
 * appears in `steps` only (the resource's entry in `resources` stays "replace").
 */
export type StepOp =
  "create" | "update" | "replace" | "delete" | "delete-replaced" | "same" | "failed" | "skipped";

export interface StepResult {
  name: string;
  urn: string;
  op: StepOp;
  /** For "failed" steps: the operation that was attempted. */
  attempted?: "check" | "diff" | "create" | "update" | "replace" | "delete" | "read";
  error?: Error;
  /** Diff answer, when a diff was made. */
  diff?: DiffResult;
}

export interface OperationSummary {
  /** Per resource (by name) the last step done for it. */
  resources: Record<string, StepResult>;
  steps: StepResult[];
  errors: Error[];
  /** Plugin diagnostics (stdout/stderr lines, Engine.Log) emitted during this operation. */
  diagnostics: string[];
  /** Resource-provider calls made during this operation (`${method} ${urn}`). */
  calls: string[];
  ok: boolean;
}

export interface RunOptions {
  plugin: DynamicProviderPlugin;
  /** Max concurrent steps (`pulumi up --parallel`). Default: unlimited. */
  parallel?: number;
}

export class CheckFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: { property: string; reason: string }[],
  ) {
    super(
      `resource ${urn} has check errors: ` +
        failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; "),
    );
    this.name = "CheckFailedError";
  }
  get properties(): string[] {
    return this.failures.map((f) => f.property);
  }
}

function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** JSON round trip: what the state file would hold (drops undefined, like the wire does). */
function plain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export class Stack {
  readonly project: string;
  readonly stack: string;
  config: Record<string, string>;
  /** Insertion order = creation order. */
  readonly resources = new Map<string, ResourceState>();
  pendingDeletes: ResourceState[] = [];

  constructor(opts: { project?: string; stack?: string; config?: Record<string, string> } = {}) {
    this.project = opts.project ?? "project";
    this.stack = opts.stack ?? "stack";
    this.config = opts.config ?? {};
  }

  urn(name: string, type: string = DYNAMIC_RESOURCE_TYPE): string {
    return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
  }

  get(name: string, type: string = DYNAMIC_RESOURCE_TYPE): ResourceState | undefined {
    return this.resources.get(this.urn(name, type));
  }

  toJSON(): StackJSON {
    return plain({
      project: this.project,
      stack: this.stack,
      config: this.config,
      resources: [...this.resources.values()],
      pendingDeletes: this.pendingDeletes,
    });
  }

  static fromJSON(json: StackJSON | string): Stack {
    const j = typeof json === "string" ? (JSON.parse(json) as StackJSON) : plain(json);
    const s = new Stack({ project: j.project, stack: j.stack, config: j.config });
    for (const r of j.resources) s.resources.set(r.urn, r);
    s.pendingDeletes = j.pendingDeletes ?? [];
    return s;
  }

  // --------------------------------------------------------------------------------------------
  // up

  /**
   * `pulumi up`. Per declared resource (concurrently, like independent resources in the engine):
   *   Check(olds = old INPUTS, news)                          step_generator.generateSteps
   *   new URN           -> Create                              NewCreateStep
   *   existing URN      -> Diff(olds = old OUTPUTS, news = checked inputs, oldInputs)
   *     DIFF_UNKNOWN    -> engine compares old inputs with new inputs itself   diffResource
   *     DIFF_SOME + replaces (or pendingReplacement) -> replace; a second Check(olds = {}) first
   *                        create-before-delete unless deleteBeforeReplace    continueStepsFromDiff
   *     DIFF_SOME       -> Update(olds = old OUTPUTS, news, oldInputs)         NewUpdateStep
   *     DIFF_NONE       -> Update if the old state has initErrors, else Same (new inputs are kept)
   * After all: if nothing failed, delete pending replaced olds and undeclared resources
   * (GenerateDeletes; a failed deployment performs no deletes).
   */
  async up(decls: ResourceDecl[], opts: RunOptions): Promise<OperationSummary> {
    const { plugin } = opts;
    const run = this.begin(plugin);
    await this.ensureConfigured(plugin);

    const seen = new Set<string>();
    for (const d of decls) {
      const urn = this.urn(d.name, d.type);
      // Engine: duplicate URNs are an error; unknowns are rejected outside preview (RejectUnknowns).
      if (seen.has(urn)) throw new Error(`Duplicate resource URN '${urn}'`);
      seen.add(urn);
      if (containsUnknown(d.props)) throw new Error(`${urn}: unknown values are only allowed in preview`);
    }

    await runLimited(
      decls,
      opts.parallel,
      run,
      (d) => this.upOne(d, plugin, run),
      (d) => this.urn(d.name, d.type),
    );

    // Deletes run only when every step succeeded (the step executor stops a failed deployment
    // before GenerateDeletes); they are scheduled after all creates/updates.
    if (run.errors.length === 0) {
      const removed = [...this.resources.values()].filter((r) => !seen.has(r.urn)).reverse();
      const olds = [...this.pendingDeletes].reverse();
      await runLimited([...olds, ...removed], opts.parallel, run, (r) =>
        olds.includes(r) ? this.deleteReplaced(r, plugin, run) : this.deleteRemoved(r, plugin, run),
      );
    }
    return this.finish(plugin, run);
  }

  private async upOne(d: ResourceDecl, plugin: DynamicProviderPlugin, run: Run): Promise<void> {
    const type = d.type ?? DYNAMIC_RESOURCE_TYPE;
    const urn = this.urn(d.name, type);
    const step = (r: Omit<StepResult, "name" | "urn">) => run.add({ name: d.name, urn, ...r });
    // pulumi.dynamic.Resource adds the serialized provider to the inputs.
    const news: Props = { ...plain(d.props), __provider: d.provider };
    const old = this.resources.get(urn);

    let inputs: Props;
    try {
      inputs = await this.checkOrThrow(plugin, urn, old ? old.inputs : {}, news);
    } catch (error) {
      return step({ op: "failed", attempted: "check", error: error as Error });
    }

    if (!old) {
      // NewCreateStep.
      return this.createInto(plugin, urn, type, d.name, inputs, step, "create");
    }

    let diff: DiffResult;
    try {
      diff = await this.diffOf(plugin, old, inputs);
    } catch (error) {
      return step({ op: "failed", attempted: "diff", error: error as Error });
    }

    if ((diff.changes === "DIFF_SOME" && diff.replaces.length > 0) || old.pendingReplacement) {
      // Replacement: the engine re-runs Check without olds to recompute defaults.
      let replInputs: Props;
      try {
        replInputs = await this.checkOrThrow(plugin, urn, {}, news);
      } catch (error) {
        return step({ op: "failed", attempted: "check", error: error as Error, diff });
      }
      const dbr = d.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      if (dbr) {
        // DeleteBeforeReplace: DeleteReplacement, then CreateReplacement. A resource already pending
        // replacement (its delete succeeded earlier) is not deleted again.
        if (!old.pendingReplacement) {
          try {
            await plugin.delete(urn, old.id, old.outputs, old.inputs);
          } catch (error) {
            return step({ op: "failed", attempted: "delete", error: error as Error, diff });
          }
          old.pendingReplacement = true;
        }
        return this.createInto(plugin, urn, type, d.name, replInputs, step, "replace", diff);
      }
      // CreateBeforeDelete: create the new one; the old is marked for deletion (pendingDeletes)
      // and deleted after all other steps, only if the deployment succeeded.
      return this.createInto(plugin, urn, type, d.name, replInputs, step, "replace", diff, old);
    }

    if (diff.changes === "DIFF_SOME" || (old.initErrors?.length ?? 0) > 0) {
      // NewUpdateStep (also the "empty update" for a resource with init errors).
      try {
        const res = await plugin.update(urn, old.id, old.outputs, inputs, old.inputs);
        this.resources.set(urn, { urn, type, name: d.name, id: old.id, inputs, outputs: res.properties });
        return step({ op: "update", diff });
      } catch (error) {
        const init = error instanceof PluginError ? error.initFailure : undefined;
        if (init) {
          // Partial failure: outputs and init errors recorded (UpdateStep.Apply).
          this.resources.set(urn, {
            urn,
            type,
            name: d.name,
            id: old.id,
            inputs,
            outputs: init.properties,
            initErrors: init.reasons.length ? init.reasons : undefined,
          });
        }
        return step({ op: "failed", attempted: "update", error: error as Error, diff });
      }
    }

    // SameStep: the new (checked) inputs are written with the old outputs.
    this.resources.set(urn, { ...old, inputs });
    return step({ op: "same", diff });
  }

  /** Create (or create-replacement) step; on ErrorResourceInitFailed the partial state is kept. */
  private async createInto(
    plugin: DynamicProviderPlugin,
    urn: string,
    type: string,
    name: string,
    inputs: Props,
    step: (r: Omit<StepResult, "name" | "urn">) => void,
    op: "create" | "replace",
    diff?: DiffResult,
    replacedOld?: ResourceState,
  ): Promise<void> {
    try {
      const res = await plugin.create(urn, inputs);
      if (!res.id) throw new Error(`plugin returned empty resource.ID from create '${urn}'`);
      if (replacedOld) this.pendingDeletes.push(replacedOld);
      this.resources.set(urn, { urn, type, name, id: res.id, inputs, outputs: res.properties });
      return step({ op, diff });
    } catch (error) {
      const init = error instanceof PluginError ? error.initFailure : undefined;
      if (init?.id) {
        // StatusPartialFailure: the engine records id + properties and InitErrors = reasons
        // (CreateStep.Apply). A create-before-delete's old half is still marked for deletion.
        if (replacedOld) this.pendingDeletes.push(replacedOld);
        this.resources.set(urn, {
          urn,
          type,
          name,
          id: init.id,
          inputs,
          outputs: init.properties,
          initErrors: init.reasons.length ? init.reasons : undefined,
        });
      }
      // Without an id nothing is recorded (a delete-before-replace stays pendingReplacement).
      return step({ op: "failed", attempted: op, error: error as Error, diff });
    }
  }

  private async deleteReplaced(r: ResourceState, plugin: DynamicProviderPlugin, run: Run): Promise<void> {
    try {
      await plugin.delete(r.urn, r.id, r.outputs, r.inputs);
      this.pendingDeletes = this.pendingDeletes.filter((x) => x !== r);
      run.add({ name: r.name, urn: r.urn, op: "delete-replaced" });
    } catch (error) {
      run.add({ name: r.name, urn: r.urn, op: "failed", attempted: "delete", error: error as Error });
    }
  }

  private async deleteRemoved(r: ResourceState, plugin: DynamicProviderPlugin, run: Run): Promise<void> {
    try {
      // A resource pending replacement was already deleted: RemovePendingReplaceStep, no call.
      if (!r.pendingReplacement) await plugin.delete(r.urn, r.id, r.outputs, r.inputs);
      this.resources.delete(r.urn);
      run.add({ name: r.name, urn: r.urn, op: "delete" });
    } catch (error) {
      // A failed delete keeps the resource in state.
      run.add({ name: r.name, urn: r.urn, op: "failed", attempted: "delete", error: error as Error });
    }
  }

  // --------------------------------------------------------------------------------------------
  // preview

  /**
   * `pulumi preview`: Check (unknowns allowed: they arrive as the UNKNOWN placeholder string) and
   * Diff only; no Create/Update/Delete (the plugin does not announce supportsPreview, so the engine
   * never sends preview Creates to it). State is not modified.
   */
  async preview(decls: ResourceDecl[], opts: RunOptions): Promise<OperationSummary> {
    const { plugin } = opts;
    const run = this.begin(plugin);
    await this.ensureConfigured(plugin);
    const seen = new Set<string>();
    await runLimited(
      decls,
      opts.parallel,
      run,
      async (d) => {
        const urn = this.urn(d.name, d.type);
        seen.add(urn);
        const step = (r: Omit<StepResult, "name" | "urn">) => run.add({ name: d.name, urn, ...r });
        const news: Props = { ...plain(d.props), __provider: d.provider };
        const old = this.resources.get(urn);
        let inputs: Props;
        try {
          inputs = await this.checkOrThrow(plugin, urn, old ? old.inputs : {}, news);
        } catch (error) {
          return step({ op: "failed", attempted: "check", error: error as Error });
        }
        if (!old) return step({ op: "create" });
        let diff: DiffResult;
        try {
          diff = await this.diffOf(plugin, old, inputs);
        } catch (error) {
          return step({ op: "failed", attempted: "diff", error: error as Error });
        }
        if ((diff.changes === "DIFF_SOME" && diff.replaces.length > 0) || old.pendingReplacement) {
          try {
            await this.checkOrThrow(plugin, urn, {}, news);
          } catch (error) {
            return step({ op: "failed", attempted: "check", error: error as Error, diff });
          }
          return step({ op: "replace", diff });
        }
        if (diff.changes === "DIFF_SOME" || (old.initErrors?.length ?? 0) > 0)
          return step({ op: "update", diff });
        return step({ op: "same", diff });
      },
      (d) => this.urn(d.name, d.type),
      false, // a preview reports every resource's errors (the step generator continues in DryRun)
    );
    for (const r of [...this.resources.values()].reverse()) {
      if (!seen.has(r.urn)) run.add({ name: r.name, urn: r.urn, op: "delete" });
    }
    return this.finish(plugin, run);
  }

  // --------------------------------------------------------------------------------------------
  // refresh

  /**
   * `pulumi refresh` (RefreshStep): Read(id, properties = outputs, inputs). An empty id removes the
   * resource from state; returned outputs replace the outputs; ReadResponse.inputs (when the provider
   * returned `inputs`) replace the inputs; a successful read clears initErrors. Step op is "update"
   * when the resource was refreshed, "delete" when it was dropped.
   */
  async refresh(opts: RunOptions): Promise<OperationSummary> {
    const { plugin } = opts;
    const run = this.begin(plugin);
    await this.ensureConfigured(plugin);
    await runLimited([...this.resources.values()], opts.parallel, run, async (r) => {
      try {
        const res = await plugin.read(r.urn, r.id, r.outputs, r.inputs);
        if (!res.id) {
          this.resources.delete(r.urn);
          return run.add({ name: r.name, urn: r.urn, op: "delete" });
        }
        this.resources.set(r.urn, {
          ...r,
          id: res.id,
          outputs: res.properties,
          inputs: res.inputs ?? r.inputs,
          initErrors: undefined,
        });
        const same =
          isDeepStrictEqual(res.properties, r.outputs) && isDeepStrictEqual(res.inputs ?? r.inputs, r.inputs);
        return run.add({ name: r.name, urn: r.urn, op: same ? "same" : "update" });
      } catch (error) {
        const init = error instanceof PluginError ? error.initFailure : undefined;
        if (init?.id) {
          this.resources.set(r.urn, {
            ...r,
            id: init.id,
            outputs: init.properties,
            initErrors: init.reasons.length ? init.reasons : undefined,
          });
        }
        return run.add({ name: r.name, urn: r.urn, op: "failed", attempted: "read", error: error as Error });
      }
    });
    return this.finish(plugin, run);
  }

  // --------------------------------------------------------------------------------------------
  // destroy

  /**
   * `pulumi destroy`: Delete(id, properties = outputs, oldInputs = inputs) for every resource, started
   * in reverse creation order (pending replaced olds too). A failed delete keeps the resource in state.
   */
  async destroy(opts: RunOptions): Promise<OperationSummary> {
    const { plugin } = opts;
    const run = this.begin(plugin);
    await this.ensureConfigured(plugin);
    const olds = [...this.pendingDeletes].reverse();
    const live = [...this.resources.values()].reverse();
    await runLimited([...olds, ...live], opts.parallel, run, (r) =>
      olds.includes(r) ? this.deleteReplaced(r, plugin, run) : this.deleteRemoved(r, plugin, run),
    );
    return this.finish(plugin, run);
  }

  // --------------------------------------------------------------------------------------------
  // helpers

  private async ensureConfigured(plugin: DynamicProviderPlugin): Promise<void> {
    // The engine configures each provider once, before any resource call, with the stack config.
    if (!plugin.configured) await plugin.configure(this.config);
  }

  private async checkOrThrow(
    plugin: DynamicProviderPlugin,
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<Props> {
    const res = await plugin.check(urn, olds, news);
    if (res.failures.length > 0) throw new CheckFailedError(urn, res.failures);
    return res.inputs;
  }

  /** Provider Diff; DIFF_UNKNOWN (no `diff` method) -> the engine's own input comparison. */
  private async diffOf(
    plugin: DynamicProviderPlugin,
    old: ResourceState,
    inputs: Props,
  ): Promise<DiffResult> {
    const diff = await plugin.diff(old.urn, old.id, old.outputs, inputs, old.inputs);
    if (diff.changes === "DIFF_UNKNOWN") {
      const keys = new Set([...Object.keys(old.inputs), ...Object.keys(inputs)]);
      const changed = [...keys].filter((k) => !isDeepStrictEqual(old.inputs[k], inputs[k]));
      return { ...diff, changes: changed.length ? "DIFF_SOME" : "DIFF_NONE", diffs: changed };
    }
    return diff;
  }

  private begin(plugin: DynamicProviderPlugin): Run {
    return new Run(plugin.diagnostics.length, plugin.calls.length);
  }

  private async finish(plugin: DynamicProviderPlugin, run: Run): Promise<OperationSummary> {
    await plugin.settle();
    const resources: Record<string, StepResult> = {};
    for (const s of run.steps) if (s.op !== "delete-replaced") resources[s.name] = s;
    return {
      resources,
      steps: run.steps,
      errors: run.errors,
      diagnostics: plugin.diagnostics.slice(run.diagStart),
      calls: plugin.calls.slice(run.callStart),
      ok: run.errors.length === 0,
    };
  }
}

class Run {
  readonly steps: StepResult[] = [];
  readonly errors: Error[] = [];
  constructor(
    readonly diagStart: number,
    readonly callStart: number,
  ) {}
  add(s: StepResult): void {
    this.steps.push(s);
    if (s.error) this.errors.push(s.error);
  }
}

/**
 * Run steps with at most `limit` in flight (default unlimited). Like the engine's step executor, once a
 * step has failed no new step is started; those not started are reported as "skipped".
 */
async function runLimited<T extends { name: string; urn?: string }>(
  items: T[],
  limit: number | undefined,
  run: Run,
  fn: (item: T) => Promise<void>,
  urnOf: (item: T) => string = (item) => item.urn ?? "",
  stopOnError = true,
): Promise<void> {
  const queue = [...items];
  const width = Math.max(1, Math.min(limit ?? Infinity, queue.length));
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (stopOnError && run.errors.length > 0) {
        run.steps.push({ name: item.name, urn: urnOf(item), op: "skipped" });
        continue;
      }
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}
