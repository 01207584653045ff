/**
 * The mocha hooks every e2e suite needs: a world before its tests, with room for a cold CLI build (the first
 * world of a run may have to build it), and the world stopped after.
 */
import { CLI_TIMEOUT_MS } from "./cli";
import { startE2eWorld, type E2eWorld, type E2eWorldOptions } from "./world";

/** Call inside a `describe`; `use` receives the world once it is up (assign it to the suite's variable). */
export function withE2eWorld(options: E2eWorldOptions, use: (world: E2eWorld) => void): void {
  let world: E2eWorld | undefined;
  before(async function () {
    this.timeout(CLI_TIMEOUT_MS);
    world = await startE2eWorld(options);
    use(world);
  });
  after(() => world?.stop());
}
