import * as pulumi from "@pulumi/pulumi";
pulumi.runtime.setMocks({
  newResource: (a) => { console.log("NEW", a.type, a.name, JSON.stringify(a.inputs).slice(0,200)); return { id: a.name + "_id", state: a.inputs }; },
  call: (a) => a.inputs,
}, "proj", "stack", false);
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    const fs = await import("node:fs");
    fs.writeFileSync(inputs.hostPath, inputs.content, { mode: inputs.mode });
    return { id: inputs.hostPath, outs: { hostPath: inputs.hostPath } };
  },
};
class HostFile extends pulumi.dynamic.Resource {
  constructor(name: string, args: any, opts?: pulumi.CustomResourceOptions) { super(provider, name, args, opts, "berth", "HostFile"); }
}
const f = new HostFile("f1", { hostPath: "/tmp/x", content: pulumi.secret("s3cr3t"), mode: 0o400 });
f.urn.apply((u) => console.log("urn", u));
