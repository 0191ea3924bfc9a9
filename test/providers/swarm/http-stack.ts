/**
 * The HTTP stack the swarm engine tests deploy on the test swarm:
 * - `migrate`: a job that must complete before `web` is created;
 * - `web`: busybox httpd serving `/www/index.html` (its version) followed by the secret `token`,
 *   N replicas, a wget healthcheck, start-first rolling updates with automatic rollback;
 * - `front`: one task publishing a host-mode port on loopback, with a docker config; its CGI
 *   `/cgi-bin/proxy` fetches `http://web:8080/` over the overlay network, so a loopback prober
 *   sees what `web` serves.
 *
 * Why the front: this project's VMs run a kernel without IPVS, so swarm's ingress routing mesh
 * and virtual IPs cannot forward anything; host-mode publishing and DNS round-robin endpoints
 * (what Berth lowers unpublished services to) work. Two `web` tasks on one node cannot both
 * bind one host port, so the replicated service sits behind the front.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Config, Duration, Image, Job, Network, Secret, Service, Size, Stack, StackConfig, Swarm, synth } from "../../../sdk/index.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { SWARM_BASE_IMAGE } from "../../support/swarm.ts";

/** Options of {@link httpStack}. */
export interface HttpStackOptions {
  /** What `web` serves before the token. */
  readonly version: string;
  readonly replicas?: number;
  /** The secret's value. */
  readonly token?: string;
  /** Build a `web` image whose healthcheck fails (no index.html). */
  readonly broken?: boolean;
}

/** A scratch directory for build contexts. */
export function contextRoot(): string {
  return mkdtempSync(join(tmpdir(), "berth-swarm-ctx-"));
}

function webContext(root: string, o: HttpStackOptions): string {
  const dir = join(root, `web-${o.broken ? "broken" : o.version}`);
  mkdirSync(join(dir, "www"), { recursive: true });
  writeFileSync(join(dir, "www/index.html"), `${o.version}\n`);
  writeFileSync(join(dir, "Dockerfile"), `FROM ${SWARM_BASE_IMAGE}\nCOPY www /www\n${o.broken ? "RUN rm /www/index.html\n" : ""}`);
  return dir;
}

function frontContext(root: string): string {
  const dir = join(root, "front");
  mkdirSync(join(dir, "www/cgi-bin"), { recursive: true });
  writeFileSync(join(dir, "www/index.html"), "front\n");
  // busybox wget has no working -T here; `timeout` bounds a connect to a vanished task.
  writeFileSync(
    join(dir, "www/cgi-bin/proxy"),
    [
      "#!/bin/sh",
      'if body=$(timeout 10 wget -q -O - http://web:8080/ 2>/dev/null); then',
      "  printf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' \"$body\"",
      "else",
      "  printf 'Status: 502 Bad Gateway\\r\\nContent-Type: text/plain\\r\\n\\r\\nupstream failed\\n'",
      "fi",
      "",
    ].join("\n"),
  );
  chmodSync(join(dir, "www/cgi-bin/proxy"), 0o755);
  writeFileSync(join(dir, "Dockerfile"), `FROM ${SWARM_BASE_IMAGE}\nCOPY www /www\n`);
  return dir;
}

/** Synthesizes the HTTP stack `name`, publishing the front on `port`. */
export function httpStack(name: string, port: number, root: string, o: HttpStackOptions): Graph {
  const stack = new Stack(name, { environment: "dev", target: new Swarm(), config: StackConfig.from({ token: o.token ?? "token-1" }) });
  const net = new Network(stack, "net");
  const httpd = (dir: string) => ["sh", "-c", `mkdir -p /tmp/www && cp -r ${dir}/. /tmp/www/ && if [ -f /tmp/www/index.html ]; then cat /run/secrets/token >> /tmp/www/index.html; fi; exec httpd -f -p 8080 -h /tmp/www`];
  const migrate = new Job(stack, "migrate", {
    image: Image.fromRegistry(SWARM_BASE_IMAGE),
    command: ["true"],
    networks: [net],
    user: "1000:1000",
    deadline: Duration.seconds(60),
  });
  const web = new Service(stack, "web", {
    image: Image.fromBuild({ context: webContext(root, o) }),
    command: httpd("/www"),
    replicas: o.replicas ?? 2,
    ports: [8080],
    secrets: { token: Secret.fromConfig("token") },
    tmpfs: ["/tmp"],
    networks: [net],
    user: "1000:1000",
    healthcheck: { http: { port: 8080, path: "/" }, interval: Duration.seconds(2), timeout: Duration.seconds(10), retries: 3 },
    resources: { cpu: 1, memory: Size.mebibytes(64) },
    update: { parallelism: 1, delay: Duration.seconds(1), monitor: Duration.seconds(3) },
    dependsOn: [{ on: migrate, condition: "completed" }],
  });
  new Service(stack, "front", {
    image: Image.fromBuild({ context: frontContext(root) }),
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"],
    ports: [{ container: 8080, published: port }],
    configs: { "/etc/front.conf": Config.fromText("front", "upstream=web:8080\n") },
    networks: [net],
    user: "1000:1000",
    healthcheck: { http: { port: 8080, path: "/" }, interval: Duration.seconds(2), timeout: Duration.seconds(10), retries: 3 },
    resources: { cpu: 1, memory: Size.mebibytes(64) },
    swarm: { publishMode: "host" },
    dependsOn: [{ on: web, condition: "healthy" }],
  });
  return synth(stack);
}
