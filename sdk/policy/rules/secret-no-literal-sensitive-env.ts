import { asWorkload, describeNode, WORKLOAD_KINDS, sortedEnvNames } from "../describe.ts";
import type { Rule, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

const SENSITIVE_WORDS = ["password", "passwd", "pwd", "token", "secret", "apikey", "credential", "credentials", "private"];
/** Name endings that make a sensitive word harmless: the variable names the secret, not holds it. */
const HARMLESS_ENDINGS = ["file", "path", "dir", "name", "id", "url", "uri", "host", "port", "length", "ttl", "expiry", "expires", "timeout", "header", "type", "enabled", "required"];

/** Answers of {@link isSensitiveName} by name: the same few names recur on every workload. Bounded, names are user data. */
const sensitiveByName = new Map<string, boolean>();
const SENSITIVE_CACHE_MAX = 4096;

/** True when an env var name looks like it holds a credential (`DB_PASSWORD`, `apiKey`, `AWS_SECRET_ACCESS_KEY`). */
export function isSensitiveName(name: string): boolean {
  let answer = sensitiveByName.get(name);
  if (answer === undefined) {
    answer = sensitiveWords(name);
    if (sensitiveByName.size < SENSITIVE_CACHE_MAX) sensitiveByName.set(name, answer);
  }
  return answer;
}

function sensitiveWords(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1] ?? "";
  if (HARMLESS_ENDINGS.includes(last)) return false;
  const joined = words.join("_");
  if (/(^|_)(api_key|access_key|secret_key|private_key|auth_key|client_secret)(_|$)/.test(joined)) return true;
  return words.some((w) => SENSITIVE_WORDS.includes(w));
}

const TOKEN_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a PEM private key"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, "a GitHub token"],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/, "a GitHub token"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\b[sr]k_live_[A-Za-z0-9]{10,}/, "a Stripe live key"],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, "a GitLab token"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
  [/\bnpm_[A-Za-z0-9]{36}\b/, "an npm token"],
];

/** The shortest value any of TOKEN_PATTERNS matches (`xoxb-` and 10 characters). */
const SHORTEST_TOKEN = 15;

/** What kind of credential a value looks like, or undefined. */
export function credentialPattern(value: string): string | undefined {
  if (value.length < SHORTEST_TOKEN) return undefined;
  return TOKEN_PATTERNS.find(([re]) => re.test(value))?.[1];
}

/** A value that points at a secret file instead of holding the secret. */
function isSecretFileReference(value: string): boolean {
  return value.startsWith("/run/secrets/") || value === "/run/secrets";
}

/**
 * secret.no-literal-sensitive-env: an env var whose name looks like a credential does not carry
 * a literal or plain-config value, and no env value looks like a key or a known token. Values
 * are never shown: a finding says only how long the value is.
 */
export const secretNoLiteralSensitiveEnv: Rule = {
  id: "secret.no-literal-sensitive-env",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "An env var named like a credential holds no literal or plain-config value, and no env value looks like a key or token",
  why: "env values land in the graph, plans, `docker inspect`, crash dumps and child processes; a credential there is readable by anyone who can see any of them.",
  fix: 'secrets: { db_password: Secret.fromConfig("db_password") } and env: { DB_PASSWORD_FILE: "/run/secrets/db_password" }',
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    const names = sortedEnvNames(w);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const v = w.spec.env[name]!;
      if (v.kind === "ref") continue;
      const pattern = credentialPattern(v.value);
      const redacted = v.kind === "literal" ? `[redacted literal, ${v.value.length} characters]` : `Config.value(${JSON.stringify(v.key)})`;
      if (pattern !== undefined) {
        out.push({ field: `env.${name}`, found: redacted, message: `${describeNode(w)} has env ${name} whose value looks like ${pattern}.` });
        continue;
      }
      if (!isSensitiveName(name) || v.value === "" || isSecretFileReference(v.value)) continue;
      const how = v.kind === "literal" ? "a literal value" : `a plain config value (key '${v.key}')`;
      out.push({ field: `env.${name}`, found: redacted, message: `${describeNode(w)} sets the sensitive env ${name} to ${how}.` });
    }
    return out;
  },
};
