import { z } from "zod";

/*
 * A structural schema of the compose file, in zod. No npm package ships a maintained copy of
 * the compose specification's JSON Schema (the one that exists is a single 2021 snapshot that
 * predates fields compose files use today), so this checks the shapes the importer reads: the
 * types of every field it maps, the name patterns, and nothing about fields it only reports.
 * Unknown fields pass here and are listed as not mapped in IMPORT.md.
 */

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const listOrMap = z.union([z.array(z.string()), z.record(z.string(), scalar)]);
const stringOrList = z.union([z.string(), z.array(z.string())]);
const duration = z.union([z.string(), z.number()]);

const port = z.union([
  z.number().int(),
  z.string(),
  z.looseObject({
    target: z.union([z.number().int(), z.string()]),
    published: z.union([z.number().int(), z.string()]).optional(),
    host_ip: z.string().optional(),
    protocol: z.string().optional(),
    mode: z.string().optional(),
  }),
]);

const mount = z.union([
  z.string(),
  z.looseObject({
    type: z.enum(["volume", "bind", "tmpfs", "npipe", "cluster", "image"]),
    source: z.string().optional(),
    target: z.string(),
    read_only: z.boolean().optional(),
    tmpfs: z.looseObject({ size: z.union([z.string(), z.number()]).optional() }).optional(),
  }),
]);

const fileRef = z.union([z.string(), z.looseObject({ source: z.string(), target: z.string().optional() })]);

const healthcheck = z.looseObject({
  test: stringOrList.optional(),
  interval: duration.optional(),
  timeout: duration.optional(),
  retries: z.number().int().optional(),
  start_period: duration.optional(),
  disable: z.boolean().optional(),
});

const deploy = z.looseObject({
  replicas: z.union([z.number().int(), z.string()]).optional(),
  resources: z
    .looseObject({
      limits: z.looseObject({ cpus: z.union([z.string(), z.number()]).optional(), memory: z.union([z.string(), z.number()]).optional(), pids: z.number().int().optional() }).optional(),
      reservations: z.looseObject({ cpus: z.union([z.string(), z.number()]).optional(), memory: z.union([z.string(), z.number()]).optional() }).optional(),
    })
    .optional(),
  restart_policy: z.looseObject({ condition: z.enum(["none", "on-failure", "any"]).optional(), max_attempts: z.number().int().optional() }).optional(),
  update_config: z.looseObject({ parallelism: z.number().int().optional(), delay: duration.optional(), order: z.enum(["start-first", "stop-first"]).optional(), failure_action: z.string().optional(), monitor: duration.optional(), max_failure_ratio: z.number().optional() }).optional(),
});

/** One service, as far as the importer reads it. */
export const ServiceSchema = z.looseObject({
  image: z.string().optional(),
  build: z.union([z.string(), z.looseObject({ context: z.string().optional(), dockerfile: z.string().optional(), target: z.string().optional(), args: listOrMap.optional() })]).optional(),
  command: stringOrList.nullable().optional(),
  entrypoint: stringOrList.nullable().optional(),
  environment: listOrMap.optional(),
  env_file: z.union([z.string(), z.array(z.union([z.string(), z.looseObject({ path: z.string(), required: z.boolean().optional() })]))]).optional(),
  ports: z.array(port).optional(),
  expose: z.array(z.union([z.string(), z.number()])).optional(),
  volumes: z.array(mount).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.looseObject({ condition: z.enum(["service_started", "service_healthy", "service_completed_successfully"]).optional() }))]).optional(),
  secrets: z.array(fileRef).optional(),
  configs: z.array(fileRef).optional(),
  networks: z.union([z.array(z.string()), z.record(z.string(), z.looseObject({ aliases: z.array(z.string()).optional() }).nullable())]).optional(),
  healthcheck: healthcheck.optional(),
  deploy: deploy.optional(),
  restart: z.string().optional(),
  user: z.union([z.string(), z.number()]).optional(),
  read_only: z.boolean().optional(),
  cap_add: z.array(z.string()).optional(),
  cap_drop: z.array(z.string()).optional(),
  tmpfs: stringOrList.optional(),
  logging: z.looseObject({ driver: z.string().optional(), options: z.record(z.string(), z.union([z.string(), z.number()]).nullable()).optional() }).optional(),
  labels: listOrMap.optional(),
  container_name: z.string().optional(),
  network_mode: z.string().optional(),
  sysctls: listOrMap.optional(),
  ulimits: z.record(z.string(), z.union([z.number(), z.looseObject({ soft: z.number(), hard: z.number() })])).optional(),
  profiles: z.array(z.string()).optional(),
  working_dir: z.string().optional(),
  stop_grace_period: duration.optional(),
  privileged: z.boolean().optional(),
  init: z.boolean().optional(),
  mem_limit: z.union([z.string(), z.number()]).optional(),
  cpus: z.union([z.string(), z.number()]).optional(),
});

const topLevelResource = z.record(z.string(), z.looseObject({ external: z.union([z.boolean(), z.looseObject({})]).optional(), name: z.string().optional(), file: z.string().optional(), environment: z.string().optional(), internal: z.boolean().optional() }).nullable());

/** A whole compose project after merging its files. */
export const ProjectSchema = z.looseObject({
  version: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
  services: z.record(z.string().regex(/^[a-zA-Z0-9._-]+$/, "service names are letters, digits, '.', '_' and '-'"), ServiceSchema),
  networks: topLevelResource.optional(),
  volumes: topLevelResource.optional(),
  secrets: topLevelResource.optional(),
  configs: topLevelResource.optional(),
});

/** A service as the schema reads it. */
export type ComposeService = z.infer<typeof ServiceSchema>;
/** A project as the schema reads it. */
export type ComposeProject = z.infer<typeof ProjectSchema>;
