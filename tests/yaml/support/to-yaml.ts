/**
 * Plain data as block-style YAML, for the Pulumi.yaml files the suite writes: readable when a test fails and
 * the project is printed. Strings are always double-quoted with JSON's escapes (a valid YAML scalar), so a
 * value like "on", "1e3" or "${copy.copyJobId}" keeps its type; `${…}` stays an interpolation for the YAML
 * host, which reads it inside the quoted string.
 */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue | undefined };

export function toYaml(value: YamlValue, indent = 0): string {
  return `${block(value, indent).join("\n")}\n`;
}

function block(value: YamlValue, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      const lines = isScalar(item) ? [`${pad}  ${scalar(item)}`] : block(item, indent + 2);
      return [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1)];
    });
  }
  if (typeof value === "object") {
    const entries = Object.entries(value).filter((e): e is [string, YamlValue] => e[1] !== undefined);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([key, v]) => {
      const k = /^[A-Za-z_][\w:.-]*$/.test(key) ? key : JSON.stringify(key);
      if (isScalar(v) || isEmpty(v)) return [`${pad}${k}: ${isScalar(v) ? scalar(v) : block(v, 0)[0]}`];
      return [`${pad}${k}:`, ...block(v, indent + 2)];
    });
  }
  return [`${pad}${scalar(value)}`];
}

const isScalar = (v: YamlValue): v is string | number | boolean => typeof v !== "object";
const isEmpty = (v: YamlValue) =>
  Array.isArray(v) ? v.length === 0 : Object.values(v).every((x) => x === undefined);

function scalar(v: string | number | boolean): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}
