/**
 * The README sends users to docs/ for everything it no longer says itself (issue 21), so a link that points
 * nowhere is a hole in the documentation. Every relative link in the README, the CHANGELOG and the Markdown
 * under docs/, examples/ and emulator/ must name a file that exists, and a `#fragment` into a Markdown file
 * must name one of its headings (GitHub's anchor rule: lower case, punctuation dropped, spaces to hyphens).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const REPO = path.resolve(__dirname, "../..");

function markdownFiles(): string[] {
  const files = ["README.md", "CHANGELOG.md", "emulator/README.md"];
  for (const dir of ["docs", ...fs.readdirSync(path.join(REPO, "examples")).map((d) => `examples/${d}`)]) {
    const full = path.join(REPO, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const name of fs.readdirSync(full)) if (name.endsWith(".md")) files.push(`${dir}/${name}`);
  }
  return files;
}

/** The text outside fenced code blocks, where a `](…)` is a link and a `#` line is a heading. */
function prose(file: string): string[] {
  let fenced = false;
  return fs
    .readFileSync(path.join(REPO, file), "utf8")
    .split("\n")
    .map((line) => {
      if (line.trimStart().startsWith("```")) {
        fenced = !fenced;
        return "";
      }
      return fenced ? "" : line;
    });
}

function anchors(file: string): Set<string> {
  const out = new Set<string>();
  for (const line of prose(file)) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading)
      out.add(
        heading[1]
          .trim()
          .toLowerCase()
          .replace(/[^\w\- ]/g, "")
          .replace(/ /g, "-"),
      );
  }
  return out;
}

describe("docs: every relative link resolves", () => {
  it("links in the README, CHANGELOG, docs/, examples/ and emulator/ name existing files and headings", () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of markdownFiles()) {
      for (const line of prose(file)) {
        for (const [, link] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
          if (/^[a-z]+:/.test(link)) continue; // https:, mailto:
          checked++;
          const [target, fragment] = link.split("#", 2);
          const resolved = target ? path.join(path.dirname(file), target) : file;
          if (!fs.existsSync(path.join(REPO, resolved))) broken.push(`${file}: ${link} (no ${resolved})`);
          else if (fragment && resolved.endsWith(".md") && !anchors(resolved).has(fragment))
            broken.push(`${file}: ${link} (no heading #${fragment} in ${resolved})`);
        }
      }
    }
    assert.ok(checked > 20, `only ${checked} links found: the scan itself is broken`);
    assert.deepEqual(broken, []);
  });
});
