import { Component, Config, Duration, Image, Job, Network, Secret, Service, Size, Volume, type Scope } from "../../sdk/index.ts";

/** Props of {@link Shop}. */
export interface ShopProps {
  /** Web replicas. @default 2 */
  readonly replicas?: number;
  /** Image of the database. @default "postgres:16.4" */
  readonly databaseImage?: Image;
  /** Image of the web app and its migration job. @default - built from ./web */
  readonly webImage?: Image;
}

/** A web shop: Postgres, a migration job and a replicated web service on a private network. */
export class Shop extends Component {
  /** The web service. */
  readonly web: Service;
  /** The database. */
  readonly db: Service;
  constructor(scope: Scope, id: string, props: ShopProps = {}) {
    super(scope, id);
    const backend = new Network(this, "backend");
    const data = new Volume(this, "pgdata", { size: Size.gibibytes(10) });
    this.db = new Service(this, "db", {
      image: props.databaseImage ?? Image.fromRegistry("postgres:16.4"),
      secrets: { db_password: Secret.fromConfig("dbPassword") },
      env: { POSTGRES_PASSWORD_FILE: "/run/secrets/db_password" },
      volumes: [{ volume: data, path: "/var/lib/postgresql/data" }],
      tmpfs: ["/tmp", "/var/run/postgresql"],
      networks: [backend],
      healthcheck: { command: ["pg_isready"], interval: Duration.seconds(5) },
      resources: { cpu: 0.5, memory: Size.mebibytes(512) },
      user: "999:999",
    });
    const webImage = props.webImage ?? Image.fromBuild({ context: "./web" });
    const migrate = new Job(this, "migrate", {
      image: webImage,
      command: ["migrate"],
      env: { DB_HOST: this.db.hostname, MODE: Config.value("mode") },
      dependsOn: [{ on: this.db, condition: "healthy" }],
      resources: { cpu: 0.25, memory: Size.mebibytes(128) },
      networks: [backend],
      user: "10001:10001",
      deadline: Duration.minutes(5),
    });
    this.web = new Service(this, "web", {
      image: webImage,
      replicas: props.replicas ?? 2,
      ports: [{ container: 8080, published: 8080 }],
      env: { DB_HOST: this.db.hostname, MODE: Config.value("mode") },
      dependsOn: [{ on: migrate, condition: "completed" }],
      healthcheck: { http: { port: 8080, path: "/healthz" }, interval: Duration.seconds(5) },
      resources: { cpu: 0.25, memory: Size.mebibytes(256) },
      networks: [backend],
      user: "10001:10001",
    });
  }
}
