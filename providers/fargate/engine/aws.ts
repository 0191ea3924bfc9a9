/**
 * The only door from Berth's Fargate engine to AWS: one SDK v3 client per service, built with
 * the standard credential chain and region (`AWS_REGION`, profiles, `AWS_ENDPOINT_URL`...: no
 * code path of Berth's own), with a middleware that records every call. Mutating calls (any
 * operation that is not a Describe/List/Get) are kept in {@link AwsApi.mutations}, so a test and
 * the benchmark can prove that an up-to-date stack is confirmed with reads only; calls on the
 * stack's lock and generation parameters are counted apart in {@link AwsApi.lockCalls}.
 *
 * The SDK packages load on first use with Node's `require`, not when the CLI starts: they stay
 * outside the CLI bundle (bin/cli-bundle.js), as the Kubernetes client does.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

type Ecs = typeof import("@aws-sdk/client-ecs");
type Ec2 = typeof import("@aws-sdk/client-ec2");
type Iam = typeof import("@aws-sdk/client-iam");
type Logs = typeof import("@aws-sdk/client-cloudwatch-logs");
type Sm = typeof import("@aws-sdk/client-secrets-manager");
type Ssm = typeof import("@aws-sdk/client-ssm");
type Elb = typeof import("@aws-sdk/client-elastic-load-balancing-v2");
type Sd = typeof import("@aws-sdk/client-servicediscovery");
type Sts = typeof import("@aws-sdk/client-sts");
type Efs = typeof import("@aws-sdk/client-efs");

/** The SDK packages by short name. */
export interface AwsSdk {
  readonly ecs: Ecs;
  readonly ec2: Ec2;
  readonly iam: Iam;
  readonly logs: Logs;
  readonly sm: Sm;
  readonly ssm: Ssm;
  readonly elb: Elb;
  readonly sd: Sd;
  readonly sts: Sts;
  readonly efs: Efs;
}

/** Package and client class of each service. */
const PACKAGES: Record<keyof AwsSdk, readonly [string, string]> = {
  ecs: ["@aws-sdk/client-ecs", "ECSClient"],
  ec2: ["@aws-sdk/client-ec2", "EC2Client"],
  iam: ["@aws-sdk/client-iam", "IAMClient"],
  logs: ["@aws-sdk/client-cloudwatch-logs", "CloudWatchLogsClient"],
  sm: ["@aws-sdk/client-secrets-manager", "SecretsManagerClient"],
  ssm: ["@aws-sdk/client-ssm", "SSMClient"],
  elb: ["@aws-sdk/client-elastic-load-balancing-v2", "ElasticLoadBalancingV2Client"],
  sd: ["@aws-sdk/client-servicediscovery", "ServiceDiscoveryClient"],
  sts: ["@aws-sdk/client-sts", "STSClient"],
  efs: ["@aws-sdk/client-efs", "EFSClient"],
};

const requireFrom = (): NodeRequire => createRequire(typeof __filename === "string" ? __filename : fileURLToPath(import.meta.url));

/** One recorded call: `ECS.CreateService`. */
export interface AwsCall {
  readonly service: string;
  readonly operation: string;
}

/** True for operations that change nothing (Describe, List, Get and STS' caller identity). */
export function isRead(operation: string): boolean {
  return /^(Describe|List|Get|BatchGet)/.test(operation);
}

/** A client as the engine uses it: `send` a command instance. */
export interface Sender {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
  middlewareStack: { add(mw: unknown, options: unknown): void };
}

/** Every AWS call of one session; see the module comment. */
export class AwsApi {
  /** Mutating calls on the stack's objects, in order. */
  readonly mutations: AwsCall[] = [];
  /** Mutating calls on the stack's lock and generation parameters. */
  readonly lockCalls: AwsCall[] = [];
  /** Read calls, in order. */
  readonly reads: AwsCall[] = [];
  private sdkCache?: AwsSdk;
  private readonly clients = new Map<keyof AwsSdk, Sender>();

  /** @param region the target's region; `lockParameter` is the SSM name whose writes count as lock calls. */
  constructor(
    readonly region: string,
    readonly lockParameter: string,
  ) {}

  /** The SDK packages (loaded on first use). */
  get sdk(): AwsSdk {
    if (!this.sdkCache) {
      // Berth pins SDK versions that support Node 20; the SDK's notice about later versions
      // would otherwise land on every command's stderr.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
      const req = requireFrom();
      const out: Partial<Record<keyof AwsSdk, unknown>> = {};
      for (const [k, [pkg]] of Object.entries(PACKAGES)) {
        Object.defineProperty(out, k, { enumerable: true, get: () => req(pkg) });
      }
      this.sdkCache = out as AwsSdk;
    }
    return this.sdkCache;
  }

  private client(name: keyof AwsSdk): Sender {
    let c = this.clients.get(name);
    if (!c) {
      const lib = this.sdk[name] as unknown as Record<string, new (config: object) => Sender>;
      const ctor = lib[PACKAGES[name][1]]!;
      c = new ctor({ region: this.region });
      const service = name.toUpperCase();
      c.middlewareStack.add(
        (next: (a: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
          const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
          const call = { service, operation };
          if (isRead(operation)) this.reads.push(call);
          else if (name === "ssm" && (args.input.Name === this.lockParameter || args.input.Name === this.lockParameter.replace(/\/lock$/, "/generation"))) this.lockCalls.push(call);
          else if (!(name === "sts")) this.mutations.push(call);
          return next(args);
        },
        { step: "initialize", name: "berthCallRecorder" },
      );
      this.clients.set(name, c);
    }
    return c;
  }

  /** Sends a command through the service's client. */
  async send<T>(name: keyof AwsSdk, command: unknown): Promise<T> {
    return (await this.client(name).send(command)) as T;
  }

  /** Calls one operation by name (`call("ecs", "DescribeServices", {...})`). */
  call<T = Record<string, unknown>>(service: keyof AwsSdk, operation: string, input: object): Promise<T> {
    const ctor = (this.sdk[service] as unknown as Record<string, new (input: object) => unknown>)[`${operation}Command`];
    if (!ctor) throw new Error(`${PACKAGES[service][0]} has no ${operation}Command`);
    return this.send<T>(service, new ctor(input));
  }

  /** Like {@link call}, but `undefined` when AWS answers with one of the `notFound` error names. */
  async find<T = Record<string, unknown>>(service: keyof AwsSdk, operation: string, input: object, notFound: readonly string[]): Promise<T | undefined> {
    try {
      return await this.call<T>(service, operation, input);
    } catch (e) {
      if (notFound.includes(errorName(e) ?? "")) return undefined;
      throw e;
    }
  }

  /** Closes every client's sockets. */
  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}

/** The AWS error name (`ResourceNotFoundException`), if `e` is an SDK error. */
export function errorName(e: unknown): string | undefined {
  const n = (e as { name?: unknown } | null)?.name;
  return typeof n === "string" ? n : undefined;
}

/** True when AWS answered with the error (an HTTP status), not when it could not be reached. */
export function answered(e: unknown): boolean {
  return typeof (e as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode === "number";
}

/** The service's own message of an SDK error. */
export function awsMessage(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  const name = errorName(e);
  return `${name && name !== "Error" ? `${name}: ` : ""}${typeof m === "string" ? m.split("\n")[0] : String(e)}`;
}
