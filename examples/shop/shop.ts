import { Component, Config, Duration, Image, Job, Network, Secret, Service, Size, Volume, type Scope } from "../../sdk/index.ts";

/** Props of {@link Shop}. */
export interface ShopProps {
  /** Web replicas. @default 2 */
  readonly replicas?: number;
  /** Image of the database. @default "postgres:16.4" (pinned to a digest by berth.lock) */
  readonly databaseImage?: Image;
  /**
   * Image of the web app and its migration job.
   * @default - built from examples/shop/web; the context is relative to the stack directory,
   * and every stack lives at stacks/<environment>
   */
  readonly webImage?: Image;
  /** More environment of the database (e.g. `PGDATA` where a volume's root is not the database's to chmod). @default - none */
  readonly databaseEnv?: Readonly<Record<string, string>>;
  /** The port the web is published on. @default 8080 */
  readonly webPort?: number;
  /** How Kubernetes publishes the web (a NodePort on a local cluster). @default - by the published port */
  readonly webServiceType?: "ClusterIP" | "NodePort" | "LoadBalancer";
}

/**
 * A web shop: Postgres, a migration job and a replicated web service on a private network.
 * Hardened for the prod profile: non-root high uids, read-only roots, limits and
 * reservations, healthchecks, bounded jobs, explicit stop grace periods and rolling updates.
 */
export class Shop extends Component {
  /** The web service. */
  readonly web: Service;
  /** The database. */
  readonly db: Service;
  /** The schema migration, run before every web rollout. */
  readonly migrate: Job;
  constructor(scope: Scope, id: string, props: ShopProps = {}) {
    super(scope, id);
    const backend = new Network(this, "backend");
    const data = new Volume(this, "pgdata", { size: Size.gibibytes(10) });
    const dbPassword = Secret.fromConfig("dbPassword");
    this.db = new Service(this, "db", {
      image: props.databaseImage ?? Image.fromRegistry("postgres:16.4"),
      secrets: { db_password: dbPassword },
      env: { POSTGRES_PASSWORD_FILE: "/run/secrets/db_password", ...props.databaseEnv },
      volumes: [{ volume: data, path: "/var/lib/postgresql/data" }],
      tmpfs: ["/tmp", "/var/run/postgresql"],
      // Exposed on the private network only: Kubernetes needs a port to give it a DNS name.
      ports: [5432],
      networks: [backend],
      healthcheck: { command: ["pg_isready"], interval: Duration.seconds(5) },
      resources: { cpu: 0.5, memory: Size.mebibytes(512), cpuReservation: 0.25, memoryReservation: Size.mebibytes(256) },
      // The official image runs under any uid that owns the data directory (nss_wrapper).
      user: "10999:10999",
      // Postgres' fast shutdown needs a moment to checkpoint; a SIGKILL means crash recovery.
      stopGracePeriod: Duration.seconds(30),
    });
    const webImage = props.webImage ?? Image.fromBuild({ context: "../../examples/shop/web" });
    this.migrate = new Job(this, "migrate", {
      image: webImage,
      command: ["migrate"],
      env: { DB_HOST: this.db.hostname, MODE: Config.value("mode") },
      secrets: { db_password: dbPassword },
      dependsOn: [{ on: this.db, condition: "healthy" }],
      resources: { cpu: 0.25, memory: Size.mebibytes(128), cpuReservation: 0.1, memoryReservation: Size.mebibytes(64) },
      networks: [backend],
      tmpfs: ["/tmp"],
      user: "10001:10001",
      deadline: Duration.minutes(5),
      retries: 3,
      stopGracePeriod: Duration.seconds(10),
    });
    this.web = new Service(this, "web", {
      image: webImage,
      replicas: props.replicas ?? 2,
      ports: [{ container: 8080, published: props.webPort ?? 8080 }],
      ...(props.webServiceType ? { kubernetes: { serviceType: props.webServiceType } } : {}),
      env: { DB_HOST: this.db.hostname, MODE: Config.value("mode") },
      secrets: { db_password: dbPassword },
      tmpfs: ["/tmp"],
      dependsOn: [{ on: this.migrate, condition: "completed" }],
      healthcheck: { http: { port: 8080, path: "/healthz" }, interval: Duration.seconds(5) },
      resources: { cpu: 0.25, memory: Size.mebibytes(256), cpuReservation: 0.1, memoryReservation: Size.mebibytes(128) },
      networks: [backend],
      user: "10001:10001",
      stopGracePeriod: Duration.seconds(15),
      update: { parallelism: 1, delay: Duration.seconds(5), order: "start-first", failureAction: "rollback", monitor: Duration.seconds(30) },
      rollback: { parallelism: 1, order: "stop-first", failureAction: "pause", monitor: Duration.seconds(30) },
      // Replicas on different nodes / zones, so one host failing does not take the shop down.
      swarm: { preferences: ["spread=node.labels.zone"] },
    });
  }
}
