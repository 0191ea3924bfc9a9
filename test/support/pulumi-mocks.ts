/**
 * A Pulumi mock monitor that records every resource registration: its type, name, exact
 * inputs (secrets unwrapped), which inputs were sent as secrets, and the names of the
 * resources it depends on. No Pulumi CLI or engine is involved.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll } from "vitest";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks.js";
import * as state from "@pulumi/pulumi/runtime/state.js";

/** The signature Pulumi's wire format marks secret values with. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** One registered resource. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** Top-level input keys sent as Pulumi secrets. */
  readonly secretInputs: string[];
  /** Names of the resources it depends on (explicit `dependsOn` and implicit, from inputs), sorted. */
  readonly dependsOn: string[];
  /** The `deleteBeforeReplace` and `retainOnDelete` resource options. */
  readonly options: { deleteBeforeReplace: boolean; retainOnDelete: boolean };
  /** The name of its explicit provider resource, when it has one (not the default provider). */
  readonly provider?: string;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
  getDeletebeforereplace(): boolean;
  getRetainondelete(): boolean | undefined;
  getProvider(): string;
}

/** `{ provider }` for an explicit provider reference (`<urn>::<id>`); default providers are left out. */
function providerName(ref: string): { provider?: string } {
  const urn = ref.slice(0, ref.lastIndexOf("::"));
  const name = urn.slice(urn.lastIndexOf("::") + 2);
  return ref && !name.startsWith("default") ? { provider: name } : {};
}

/** Answers to provider functions (invokes) by token, e.g. `aws:index/getCallerIdentity:getCallerIdentity`. */
export type CallMocks = Readonly<Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>>;

/**
 * Installs the recording mocks (outputs echo inputs, plus an `arn` for AWS resources) and returns
 * the registrations, in order. Invokes answer from `calls` by token; any other echoes its inputs.
 */
export function recordPulumi(project = "berth-test", stack = "dev", config: Record<string, string> = {}, secretKeys: string[] = [], calls: CallMocks = {}): Registered[] {
  const registered: Registered[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource: (a) => ({ id: `${a.name}-id`, state: a.type.startsWith("aws:") ? { arn: `arn:mock:${a.name}`, ...a.inputs } : a.inputs }),
    call: (a) => (calls[a.token] ? calls[a.token]!(a.inputs as Record<string, unknown>) : a.inputs),
  };
  class Recorder extends MockMonitor {
    override async registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): Promise<void> {
      const raw = req.getObject()?.toJavaScript() ?? {};
      const secretInputs = Object.keys(raw).filter((k) => {
        const v = raw[k] as Record<string, unknown> | null;
        return typeof v === "object" && v !== null && v[SIG_KEY] === SECRET_SIG;
      });
      const name = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
      const wire = pulumi.runtime.deserializeProperties(req.getObject() as never) as Record<string, unknown>;
      const inputs = Object.fromEntries(Object.entries(wire).map(([k, v]) => [k, secretInputs.includes(k) ? (v as { value: unknown }).value : v]));
      registered.push({
        type: req.getType(),
        name: req.getName(),
        inputs,
        secretInputs: secretInputs.sort(),
        dependsOn: req.getDependenciesList().map(name).sort(),
        options: { deleteBeforeReplace: req.getDeletebeforereplace(), retainOnDelete: req.getRetainondelete() ?? false },
        ...providerName(req.getProvider()),
      });
      return super.registerResource(req, callback);
    }
  }
  pulumi.runtime.setAllConfig(config, secretKeys);
  pulumi.runtime.setMockOptions(new Recorder(mocks), project, stack, false);
  // The features pulumi.runtime.setMocks turns on (it does not accept a custom monitor).
  // getStore is internal to the SDK (not in its typings) but it is what setMocks itself sets.
  Object.assign((state as unknown as { getStore(): object }).getStore(), { supportsSecrets: true, supportsResourceReferences: true, supportsOutputValues: false });
  return registered;
}

/** Resolves once every resource's URN is known, i.e. every registration has been recorded. */
export function settled(resources: Iterable<pulumi.Resource>): Promise<void> {
  return new Promise((resolve) => pulumi.all([...resources].map((r) => r.urn)).apply(() => resolve()));
}

/** What one recorded Pulumi program left: its graph, every registration and the gaps it reported. */
export interface Recording<G, Gap> {
  readonly graph: G;
  readonly registered: Registered[];
  readonly gaps: readonly Gap[];
  /** The registration of the resource named `name`; throws when there is none. */
  byName(name: string): Registered;
}

/** Options of {@link recordRealization}. */
export interface RecordRealizationOptions<G, Gap> {
  /** The Pulumi project (and stack config namespace). */
  readonly project: string;
  /** Pulumi config values, each one a Pulumi secret. @default {} */
  readonly secretConfig?: Record<string, string>;
  /** Answers to provider functions by token. @default {} */
  readonly calls?: CallMocks;
  /** Makes the target graph. */
  readonly graph: () => G;
  /** Runs the provider's Pulumi program on it. */
  readonly realize: (graph: G) => RealizeResult<Gap> | Promise<RealizeResult<Gap>>;
}

/** What a provider's Pulumi program returns to the recording. */
export interface RealizeResult<Gap> {
  readonly gaps: readonly Gap[];
  readonly resources: ReadonlyMap<string, pulumi.Resource>;
}

/**
 * Before the enclosing describe's tests, installs the recording mocks, runs the program on a
 * fresh graph and waits for every registration. The returned recording fills in then, so read
 * its fields inside tests only.
 */
export function recordRealization<G, Gap>(o: RecordRealizationOptions<G, Gap>): Recording<G, Gap> {
  const held: { graph?: G; registered?: Registered[]; gaps?: readonly Gap[] } = {};
  const recording: Recording<G, Gap> = {
    get graph() {
      return held.graph!;
    },
    get registered() {
      return held.registered!;
    },
    get gaps() {
      return held.gaps!;
    },
    byName(name) {
      const r = held.registered!.find((x) => x.name === name);
      if (!r) throw new Error(`no resource ${name}`);
      return r;
    },
  };
  beforeAll(async () => {
    const secrets = o.secretConfig ?? {};
    held.registered = recordPulumi(o.project, "dev", secrets, Object.keys(secrets), o.calls);
    held.graph = o.graph();
    const r = await o.realize(held.graph);
    held.gaps = r.gaps;
    await settled(r.resources.values());
  });
  return recording;
}
