/**
 * A read-only Kubernetes client for the no-op fast path of `berth up` (fast-noop.ts): GET
 * requests over Node's https with the kubeconfig's server, CA and credentials, without loading
 * `@kubernetes/client-node` (most of a no-op's CPU time). It understands the kubeconfigs that
 * need no code to authenticate — a bearer token (or token file), a client certificate, or none;
 * anything else (exec plugins, auth providers, a proxy, several files in KUBECONFIG) makes
 * {@link openReadClient} return undefined and the fast path declines to the full run, which
 * uses the full client.
 */
import { readFileSync } from "node:fs";
import { request, Agent } from "node:https";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { parse } from "yaml";
import type { KubeObject } from "./client.ts";

/** The reads observeStack and the fast path make. */
export interface KubeReader {
  read<T extends KubeObject>(apiVersion: string, kind: string, name: string, namespace?: string): Promise<T | undefined>;
  list<T extends KubeObject>(apiVersion: string, kind: string, namespace: string | undefined): Promise<T[]>;
  serverVersion(): Promise<string>;
}

interface Named<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}

type Kubeconfig = {
  "current-context"?: string;
  contexts?: (Named<never> & { context?: { cluster?: string; user?: string } })[];
  clusters?: (Named<never> & { cluster?: Record<string, unknown> })[];
  users?: (Named<never> & { user?: Record<string, unknown> })[];
};

/** The REST collection of a kind: `/api/v1/namespaces/ns/configmaps`, `/apis/apps/v1/namespaces/ns/deployments`. */
function collection(apiVersion: string, kind: string, namespace: string | undefined): string {
  const lower = kind.toLowerCase();
  const plural = lower.endsWith("y") ? `${lower.slice(0, -1)}ies` : lower.endsWith("s") ? `${lower}es` : `${lower}s`;
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ""}/${plural}`;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const fileOrData = (file: unknown, data: unknown): Buffer | undefined =>
  typeof data === "string" ? Buffer.from(data, "base64") : typeof file === "string" ? readFileSync(file) : undefined;

/** A reader for the kubeconfig's `context` (else its current one), or undefined when it needs the full client. */
export function openReadClient(context?: string): KubeReader | undefined {
  const files = (process.env.KUBECONFIG ?? join(homedir(), ".kube", "config")).split(delimiter).filter(Boolean);
  if (files.length !== 1) return undefined;
  const kc = parse(readFileSync(files[0]!, "utf8")) as Kubeconfig;
  const ctx = kc.contexts?.find((c) => c.name === (context ?? kc["current-context"]))?.context;
  const cluster = kc.clusters?.find((c) => c.name === ctx?.cluster)?.cluster;
  const user = kc.users?.find((u) => u.name === ctx?.user)?.user ?? {};
  const server = str(cluster?.server);
  if (!cluster || !server?.startsWith("https://") || cluster["proxy-url"] || cluster["tls-server-name"]) return undefined;
  if (user.exec || user["auth-provider"] || user.username || user.impersonate) return undefined;
  const token = str(user.token) ?? (typeof user.tokenFile === "string" ? readFileSync(user.tokenFile, "utf8").trim() : undefined);
  const agent = new Agent({
    keepAlive: true,
    ca: fileOrData(cluster["certificate-authority"], cluster["certificate-authority-data"]),
    cert: fileOrData(user["client-certificate"], user["client-certificate-data"]),
    key: fileOrData(user["client-key"], user["client-key-data"]),
    rejectUnauthorized: cluster["insecure-skip-tls-verify"] !== true,
  });
  const get = (path: string): Promise<unknown> =>
    new Promise((ok, fail) => {
      const req = request(new URL(path, server), { agent, method: "GET", headers: { accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (res.statusCode === 404) return ok(undefined);
          if (res.statusCode !== 200) return fail(new Error(`GET ${path}: HTTP ${res.statusCode}`));
          try {
            ok(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (e) {
            fail(e);
          }
        });
        res.on("error", fail);
      });
      req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path}: timed out`)));
      req.on("error", fail);
      req.end();
    });
  return {
    async read<T extends KubeObject>(apiVersion: string, kind: string, name: string, namespace?: string) {
      return (await get(`${collection(apiVersion, kind, namespace)}/${encodeURIComponent(name)}`)) as T | undefined;
    },
    async list<T extends KubeObject>(apiVersion: string, kind: string, namespace: string | undefined) {
      return (((await get(collection(apiVersion, kind, namespace))) as { items?: T[] } | undefined)?.items ?? []) as T[];
    },
    async serverVersion() {
      return str(((await get("/version")) as { gitVersion?: unknown } | undefined)?.gitVersion) ?? "";
    },
  };
}
