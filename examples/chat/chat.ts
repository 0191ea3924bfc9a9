import { Component, Config, Duration, Image, Job, Network, Secret, Service, Size, Volume, type Scope } from "../../sdk/index.ts";

/** Props of {@link Chat}. */
export interface ChatProps {
  /** The bot's Rocket.Chat password. @default Secret.fromConfig("botPassword") */
  readonly botPassword?: Secret;
  /** Host port of the chat server. @default 3000 */
  readonly chatPort?: number;
  /** Host port of the bot's HTTP listener. @default 3001 */
  readonly botPort?: number;
}

/**
 * A typed port of the classic Rocket.Chat compose project (fixtures/chat-compose.yml): MongoDB
 * with a one-off replica-set init job, the Rocket.Chat server, a z-machine game API and a Hubot
 * bot that plays the games in chat, all on one private network.
 *
 * What changed from the compose file, and why:
 * - Host bind mounts (`../../mongodb/data/db:/data/db`...) became named Volumes. A bind mount
 *   ties the stack to one machine's directory layout and file ownership, cannot move to swarm,
 *   ECS or Kubernetes, and is deleted by nobody; a Volume is a PVC / EFS / named volume on each
 *   target and survives `berth down`. Content that used to be edited on the host (the bot's
 *   scripts, the game files) belongs in an image build or a Volume seeded once, not in a live
 *   host directory.
 * - The literal bot password became a Secret, mounted as a file (see the bot below).
 * - Environment-specific values (public URL, mail relay, connection strings) come from the
 *   stack's config, so the same component runs in every environment (12-factor III and IV).
 * - Every service has limits and a healthcheck where the image has a way to probe it, and the
 *   chat server waits for the replica set to exist instead of only for mongod to start.
 */
export class Chat extends Component {
  /** The MongoDB replica set (one member). */
  readonly mongo: Service;
  /** The Rocket.Chat server. */
  readonly rocketchat: Service;
  /** The z-machine game API. */
  readonly zmachine: Service;
  /** The Hubot bot. */
  readonly hubot: Service;

  constructor(scope: Scope, id: string, props: ChatProps = {}) {
    super(scope, id);
    const botnet = new Network(this, "botnet");
    const mongoImage = Image.fromRegistry("spkane/mongo:3.2");

    this.mongo = new Service(this, "mongo", {
      image: mongoImage,
      restart: "unless-stopped",
      command: ["mongod", "--smallfiles", "--oplogSize", "128", "--replSet", "rs0"],
      volumes: [{ volume: new Volume(this, "db", { size: Size.gibibytes(10) }), path: "/data/db" }],
      tmpfs: ["/tmp"],
      networks: [botnet],
      ports: [27017],
      healthcheck: { command: ["mongo", "--quiet", "--eval", "db.adminCommand('ping')"], interval: Duration.seconds(10), startPeriod: Duration.seconds(20) },
      resources: { cpu: 1, memory: Size.gibibytes(1) },
      // The image's own unprivileged user (mongo images create `mongodb`).
      user: "mongodb",
      stopGracePeriod: Duration.seconds(30),
    });

    // The compose file's `mongo mongo/rocketchat --eval ...` hard-codes the service's DNS name;
    // here the host comes from a graph reference, so it is right on every target.
    const initReplica = new Job(this, "mongo-init-replica", {
      image: mongoImage,
      command: ["sh", "-c", 'mongo "$MONGO_HOST/rocketchat" --eval "rs.initiate({ _id: \'rs0\', members: [ { _id: 0, host: \'localhost:27017\' } ]})"'],
      env: { MONGO_HOST: this.mongo.hostname },
      dependsOn: [{ on: this.mongo, condition: "healthy" }],
      networks: [botnet],
      resources: { cpu: 0.25, memory: Size.mebibytes(128) },
      user: "mongodb",
      deadline: Duration.minutes(2),
      retries: 5,
    });

    this.rocketchat = new Service(this, "rocketchat", {
      image: Image.fromRegistry("rocketchat/rocket.chat:0.61.0"),
      restart: "unless-stopped",
      volumes: [{ volume: new Volume(this, "uploads", { size: Size.gibibytes(5) }), path: "/app/uploads" }],
      tmpfs: ["/tmp"],
      env: {
        PORT: 3000,
        ROOT_URL: Config.value("rootUrl"),
        // Connection strings embed a host name inside a URL, which a graph reference cannot
        // express yet: they are attached-resource config per environment (12-factor IV).
        MONGO_URL: Config.value("mongoUrl"),
        MONGO_OPLOG_URL: Config.value("mongoOplogUrl"),
        MAIL_URL: Config.value("mailUrl"),
      },
      // Rocket.Chat needs the oplog, which exists only once the replica set is initiated.
      dependsOn: [{ on: initReplica, condition: "completed" }],
      ports: [{ container: 3000, published: props.chatPort ?? 3000 }],
      networks: [botnet],
      healthcheck: { http: { port: 3000, path: "/api/info" }, interval: Duration.seconds(15), startPeriod: Duration.minutes(1) },
      resources: { cpu: 1, memory: Size.gibibytes(1) },
      user: "rocketchat",
      stopGracePeriod: Duration.seconds(20),
    });

    this.zmachine = new Service(this, "zmachine", {
      image: Image.fromRegistry("spkane/zmachine-api:latest"),
      restart: "unless-stopped",
      volumes: [
        { volume: new Volume(this, "saves", { size: Size.gibibytes(1) }), path: "/root/saves" },
        { volume: new Volume(this, "zcode", { size: Size.gibibytes(1) }), path: "/root/zcode" },
      ],
      tmpfs: ["/tmp"],
      dependsOn: [this.rocketchat],
      // Exposed on the network only (compose `expose`): the bot is its one client.
      ports: [80],
      networks: [botnet],
      healthcheck: { tcp: { port: 80 } },
      resources: { cpu: 0.25, memory: Size.mebibytes(256) },
      // The image keeps its games under /root and runs as root; the dev profile warns, and
      // a prod stack would rebuild it with a user of its own.
    });

    this.hubot = new Service(this, "hubot", {
      image: Image.fromRegistry("rocketchat/hubot-rocketchat:latest"),
      restart: "unless-stopped",
      volumes: [{ volume: new Volume(this, "scripts", { size: Size.mebibytes(100) }), path: "/home/hubot/scripts" }],
      tmpfs: ["/tmp"],
      // The compose file put the password in ROCKETCHAT_PASSWORD, where `docker inspect`, crash
      // reports and every child process can read it. The 12-factor way is a file readable only
      // by the bot's user: the secret is mounted at /run/secrets/rocketchat_password and the
      // bot is told where it is. (The stock image reads only the env var; its entrypoint needs
      // `export ROCKETCHAT_PASSWORD="$(cat "$ROCKETCHAT_PASSWORD_FILE")"` before `bin/hubot`,
      // the same convention as the official postgres and mongo images' *_FILE variables.)
      secrets: { rocketchat_password: props.botPassword ?? Secret.fromConfig("botPassword") },
      env: {
        RESPOND_TO_DM: "true",
        HUBOT_ALIAS: ". ",
        LISTEN_ON_ALL_PUBLIC: "true",
        ROCKETCHAT_AUTH: "password",
        ROCKETCHAT_URL: Config.value("rocketchatUrl"),
        ROCKETCHAT_ROOM: "",
        ROCKETCHAT_USER: "hubot",
        ROCKETCHAT_PASSWORD_FILE: "/run/secrets/rocketchat_password",
        BOT_NAME: "bot",
        EXTERNAL_SCRIPTS: "hubot-help,hubot-diagnostics,hubot-zmachine",
        HUBOT_ZMACHINE_SERVER: Config.value("zmachineUrl"),
        HUBOT_ZMACHINE_ROOMS: "zmachine",
        HUBOT_ZMACHINE_OT_PREFIX: "ot",
      },
      dependsOn: [this.zmachine],
      ports: [{ container: 8080, published: props.botPort ?? 3001 }],
      networks: [botnet],
      healthcheck: { tcp: { port: 8080 } },
      resources: { cpu: 0.25, memory: Size.mebibytes(256) },
      user: "hubot",
    });
  }
}
