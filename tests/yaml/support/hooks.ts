/**
 * The mocha hooks every YAML suite needs: a world before its tests, with room for cold builds of the CLI and
 * the YAML host (the first world of a run may have to build them), and the world stopped after.
 */
import { CLI_TIMEOUT_MS } from "../../e2e/support";
import { HOST_TIMEOUT_MS } from "./tools";
import { startYamlWorld, type YamlWorld, type YamlWorldOptions } from "./world";

/** Call inside a `describe`; `use` receives the world once it is up (assign it to the suite's variable). */
export function withYamlWorld(options: YamlWorldOptions, use: (world: YamlWorld) => void): void {
  let world: YamlWorld | undefined;
  before(async function () {
    this.timeout(CLI_TIMEOUT_MS + HOST_TIMEOUT_MS);
    world = await startYamlWorld(options);
    use(world);
  });
  after(() => world?.stop());
}
