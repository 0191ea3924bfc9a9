import { describe, expect, it } from "vitest";
import { DockerHost, Image, Secret, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { canonicalJsonPretty } from "../../../sdk/graph/canonical.ts";
import { Shop } from "../../../examples/shop/shop.ts";
import { catchBerthError } from "../../support/berth-error.ts";

const CANARY = "canary-7f3a9c1e-never-in-the-graph";

describe("secrets in the graph", () => {
  it("never writes a secret value from the config file into the synthesized JSON", () => {
    const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config: StackConfig.from({ mode: "dev", dbPassword: CANARY }) });
    new Shop(stack, "Shop");
    const text = canonicalJsonPretty(synth(stack));
    expect(text).not.toContain(CANARY);
    expect(text).toContain('"key": "dbPassword"');
  });

  it("never writes a secret value from an environment override into the synthesized JSON", () => {
    const config = StackConfig.from({ mode: "dev" }, { BERTH_CONFIG_DBPASSWORD: CANARY, API_TOKEN: CANARY });
    const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config });
    new Shop(stack, "Shop");
    new Service(stack, "api", { image: Image.fromRegistry("nginx:1.27"), secrets: { token: Secret.fromEnv("API_TOKEN") } });
    expect(canonicalJsonPretty(synth(stack))).not.toContain(CANARY);
  });

  it("counts an encrypted (secure:) value as present, since only the platform decrypts it", () => {
    const stack = new Stack("shop", { environment: "prod", target: new DockerHost(), config: StackConfig.from({ mode: "prod", dbPassword: { secure: "AAABAJ0u" } }) });
    new Shop(stack, "Shop");
    expect(synth(stack).nodes.find((n) => n.id === "secret/dbPassword")!.spec).toEqual({ kind: "secret", source: { kind: "config", key: "dbPassword" } });
  });

  it("fails a secret whose config key is absent, naming the key and where to set it", () => {
    const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config: StackConfig.from({ mode: "dev" }) });
    new Shop(stack, "Shop");
    const e = catchBerthError(() => synth(stack));
    expect(e.issues).toEqual([
      {
        code: "secret.missing",
        path: "shop/Shop/db",
        field: "secrets.db_password",
        found: "[secret:dbPassword]",
        message: "Secret config key 'dbPassword' is not set for stack environment 'dev'.",
        fix: "set 'dbPassword' under config: in (in-memory config), or export BERTH_CONFIG_DBPASSWORD",
      },
    ]);
  });
});
