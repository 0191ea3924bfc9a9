/**
 * The Fargate engine's pure parts, without AWS: the security groups it derives from the shop's
 * networks and published ports, and the resolution of the placeholders lowering leaves.
 */
import { describe, expect, it } from "vitest";
import { engineObjects, ruleKey } from "../../../providers/fargate/engine/desired.ts";
import { newResolution, resolveDeep, resolveText, unresolved } from "../../../providers/fargate/engine/resolve.ts";
import { nodeOf, shopFargate, shopPortable } from "./fixture-graph.ts";

describe("the Fargate engine's own objects", () => {
  it("gives the shop one group per network admitting itself, and a load balancer group admitting the listener port from the VPC", () => {
    const lowered = shopFargate();
    const o = engineObjects(shopPortable(), lowered);
    expect(o.securityGroups.map((g) => [g.id, g.name, g.ingress])).toEqual([
      ["#sg:load-balancer", "shop-load-balancer", [{ protocol: "tcp", port: 8080, from: "vpc" }]],
      ["#sg:shop-backend", "shop-shop-backend", [{ protocol: "-1", from: "self" }, { protocol: "tcp", port: 8080, from: "sg:#sg:load-balancer" }]],
    ]);
    expect(Object.fromEntries(o.groupsOf)).toEqual({ "Shop/db": ["#sg:shop-backend"], "Shop/migrate": ["#sg:shop-backend"], "Shop/web": ["#sg:shop-backend"] });
    expect(o.cluster).toMatchObject({ kind: "ecs.cluster", name: "shop" });
  });

  it("names a rule's source by the group ids once they are known", () => {
    const ids = new Map([["#sg:load-balancer", "sg-lb"]]);
    expect(ruleKey({ protocol: "tcp", port: 8080, from: "sg:#sg:load-balancer" }, ids, "sg-self", "10.1.0.0/16")).toBe("tcp:8080:sg:sg-lb");
    expect(ruleKey({ protocol: "-1", from: "self" }, ids, "sg-self", "10.1.0.0/16")).toBe("-1:all:sg:sg-self");
    expect(ruleKey({ protocol: "tcp", port: 80, from: "vpc" }, ids, "sg-self", "10.1.0.0/16")).toBe("tcp:80:cidr:10.1.0.0/16");
  });
});

describe("resolving the lowering's placeholders", () => {
  it("replaces a secret's placeholder ARN only as a whole, and the account everywhere", () => {
    const r = newResolution();
    r.account = "111122223333";
    r.values.set("arn:aws:secretsmanager:us-east-1:<account>:secret:shop/db", "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-AbCdEf");
    const doc = JSON.stringify({ Resource: ["arn:aws:secretsmanager:us-east-1:<account>:secret:shop/db", "arn:aws:secretsmanager:us-east-1:<account>:secret:shop/db_password"] });
    expect(JSON.parse(resolveText(doc, r))).toEqual({
      Resource: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-AbCdEf", "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db_password"],
    });
  });

  it("resolves the shop's task definition fully once every object it names exists, and says when one is missing", () => {
    const lowered = shopFargate();
    const td = nodeOf(lowered, "Shop/db#task-definition", "ecs.task-definition");
    const r = newResolution();
    r.account = "111122223333";
    expect(unresolved(JSON.stringify(resolveDeep(td.input, r)))).toBe(true);
    r.values.set("<efs:shop-shop-pgdata>", "fs-0123");
    const text = JSON.stringify(resolveDeep(td.input, r));
    expect([unresolved(text), text.includes("fs-0123"), text.includes("<account>")]).toEqual([false, true, false]);
  });
});
