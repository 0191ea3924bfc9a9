import * as pulumi from "@pulumi/pulumi";
import { recordPulumi, settled } from "../test/support/pulumi-mocks.ts";
const reg = recordPulumi("shop", "dev", { "shop:dbPassword": "canary-pw" }, ["shop:dbPassword"]);
const c = new pulumi.Config().requireSecret("dbPassword");
console.log("isSecret", await pulumi.isSecret(c));
const { HostFile } = await import("../providers/docker/pulumi-host-file.ts");
const f = new HostFile("x", { hostPath: "/tmp/a", content: c, uid: 0, gid: 0, mode: 256 });
await settled([f]);
console.log(reg[0]!.secretInputs, await pulumi.isSecret((f as any).content));
