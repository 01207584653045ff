/**
 * A TypeScript file as the plain CommonJS JavaScript a user's install loads (no type check): for child
 * processes that must not carry ts-node, whose compiling would skew what they measure (the bench's worker,
 * tests/unit/young-generation.spec.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname } from "path";
import * as ts from "typescript";

export function transpileTo(source: string, target: string): void {
  const { outputText } = ts.transpileModule(readFileSync(source, "utf8"), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
    fileName: source,
  });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, outputText);
}
