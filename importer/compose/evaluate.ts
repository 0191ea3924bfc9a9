import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { Config } from "../../sdk/constructs/config.ts";
import { Image, type BuildOptions } from "../../sdk/constructs/image.ts";
import { Job } from "../../sdk/constructs/job.ts";
import { Network } from "../../sdk/constructs/network.ts";
import { Secret } from "../../sdk/constructs/secret.ts";
import { Service } from "../../sdk/constructs/service.ts";
import { Stack } from "../../sdk/constructs/stack.ts";
import { DockerHost } from "../../sdk/constructs/targets.ts";
import { Volume } from "../../sdk/constructs/volume.ts";
import { StackConfig } from "../../sdk/config/stack-config.ts";
import { Duration, Size } from "../../sdk/values/index.ts";
import type { Expr, ProgramModel } from "./model.ts";

/**
 * Builds the constructs a program model describes, in this process, with the config the
 * import wrote: the same stack `berth synth` gets from the written program, without compiling it.
 */
export function evaluateProgram(model: ProgramModel, config: Readonly<Record<string, string>>, outDir: string): Stack {
  const stackConfig = StackConfig.from(config);
  const stack = new Stack(model.stackName, { environment: model.environment, target: new DockerHost(), config: stackConfig });
  const scope = new Map<string, unknown>();
  const composeDir = resolve(outDir, model.composeDir);
  const value = (e: Expr): any => {
    switch (e.kind) {
      case "lit":
        return e.value;
      case "arr":
        return e.items.map(value);
      case "obj":
        return Object.fromEntries(e.entries.map(([k, v]) => [k, value(v)]));
      case "ref":
        return scope.get(e.name);
      case "hostname":
        return (scope.get(e.of) as Service).hostname;
      case "tpl":
        return e.parts.map((p) => (typeof p === "string" ? p : String(value(p)))).join("");
      case "call": {
        const a = e.args.map(value);
        switch (e.fn) {
          case "Image.fromRegistry": return Image.fromRegistry(a[0]);
          case "Image.fromBuild": return Image.fromBuild(a[0] as BuildOptions);
          case "Secret.fromFile": return Secret.fromFile(a[0]);
          case "Secret.fromConfig": return Secret.fromConfig(a[0]);
          case "Secret.fromEnv": return Secret.fromEnv(a[0]);
          case "Config.value": return Config.value(a[0]);
          case "Config.fromText": return Config.fromText(a[0], a[1]);
          case "Size.bytes": return Size.bytes(a[0]);
          case "Size.kibibytes": return Size.kibibytes(a[0]);
          case "Size.mebibytes": return Size.mebibytes(a[0]);
          case "Size.gibibytes": return Size.gibibytes(a[0]);
          case "Duration.millis": return Duration.millis(a[0]);
          case "Duration.seconds": return Duration.seconds(a[0]);
          case "Duration.minutes": return Duration.minutes(a[0]);
          case "Duration.hours": return Duration.hours(a[0]);
          case "config.get": return stackConfig.get(a[0]) ?? a[1];
          case "config.number": return stackConfig.number(a[0], a[1]);
          case "fromCompose": return resolve(composeDir, a[0]);
          case "fromHome": return resolve(homedir(), a[0]);
          case "readText": return readFileSync(resolve(composeDir, a[0]), "utf8");
        }
      }
    }
  };
  for (const d of model.declarations) {
    const props = d.props ? value(d.props) : undefined;
    if (d.ctor === "const") {
      scope.set(d.name, props);
      continue;
    }
    const made = d.ctor === "Service" ? new Service(stack, d.id, props) : d.ctor === "Job" ? new Job(stack, d.id, props) : d.ctor === "Network" ? new Network(stack, d.id, props) : new Volume(stack, d.id, props);
    scope.set(d.name, made);
  }
  return stack;
}
