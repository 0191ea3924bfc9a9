/**
 * Observation: what the engine sees of a stack on a Docker host, gathered with read-only
 * calls (one labelled list per kind, plus inspections) and plain file reads for secret files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type Docker from "dockerode";
import type { DockerFileNode, DockerGraph } from "../target.ts";
import type { DockerEngineClient } from "../../shared/docker-api/client.ts";
import { isPushed } from "../../shared/docker-api/images.ts";
import type { SecretSources } from "../../shared/secret-values.ts";
import { fileContent } from "./files.ts";

/** An owned container as seen live. */
export interface LiveContainer {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly inspect: Docker.ContainerInspectInfo;
}

/** An owned network as seen live. */
export interface LiveNetwork {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly internal: boolean;
  readonly driver: string;
  /** Ids of the containers attached. */
  readonly containers: readonly string[];
}

/** An owned volume as seen live. */
export interface LiveVolume {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A secret or config file on the docker host, compared with what it must hold. */
export interface LiveFile {
  readonly exists: boolean;
  readonly contentMatches: boolean;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** Everything `plan` needs to know about the live system. */
export interface LiveState {
  readonly containers: readonly LiveContainer[];
  readonly networks: readonly LiveNetwork[];
  readonly volumes: readonly LiveVolume[];
  /** Image node id → present locally. */
  readonly images: Readonly<Record<string, boolean>>;
  /** File node id → state. */
  readonly files: Readonly<Record<string, LiveFile>>;
  /** Directories under the stack's files dir that no file node uses. */
  readonly orphanFileDirs: readonly string[];
  /** Desired names already taken by objects Berth does not own. */
  readonly clashes: readonly { readonly kind: string; readonly name: string }[];
}

/** Observes a stack. `sources` is needed to compare secret file contents. */
export async function observe(client: DockerEngineClient, graph: DockerGraph, sources: SecretSources): Promise<LiveState> {
  // Every read that does not need another's answer starts at once: image inspections with the
  // lists, container inspections as soon as the container list is in.
  const images: Record<string, boolean> = {};
  const imageChecks = graph.nodes.flatMap((node) => {
    if (node.kind !== "docker.image") return [];
    const mustPush = node.action.kind === "build" && node.action.push;
    return [client.inspectImage(node.ref).then((i) => void (images[node.id] = i !== undefined && (!mustPush || isPushed(node.ref, i.RepoDigests))))];
  });
  const inspectedP = client.listContainers(graph.stack).then((list) => Promise.all(list.map((c) => client.inspectContainer(c.Id))));
  const [inspected, networkList, volumeList] = await Promise.all([inspectedP, client.listNetworks(graph.stack), client.listVolumes(graph.stack), ...imageChecks]);
  const containers: LiveContainer[] = [];
  for (const i of inspected) {
    if (i) containers.push({ id: i.Id, name: i.Name.replace(/^\//, ""), labels: i.Config.Labels ?? {}, inspect: i });
  }
  const networks: LiveNetwork[] = networkList.map((n) => ({
    id: n.Id,
    name: n.Name,
    labels: n.Labels ?? {},
    internal: Boolean(n.Internal),
    driver: n.Driver,
    containers: [],
  }));
  // The network list does not include attached containers; inspecting containers does.
  for (const n of networks) {
    (n.containers as string[]).push(...containers.filter((c) => Object.values(c.inspect.NetworkSettings.Networks ?? {}).some((e) => e.NetworkID === n.id)).map((c) => c.id));
  }
  const volumes: LiveVolume[] = volumeList.map((v) => ({ name: v.Name, labels: (v.Labels as Record<string, string> | null) ?? {} }));

  const files: Record<string, LiveFile> = {};
  const clashes: { kind: string; name: string }[] = [];
  const checks: Promise<void>[] = [];
  const usedDirs = new Set<string>();
  for (const node of graph.nodes) {
    if (node.kind === "docker.file") {
      files[node.id] = observeFile(node, sources);
      usedDirs.add(node.hostPath.slice(0, node.hostPath.lastIndexOf("/")));
    } else if (node.kind === "docker.container" && !containers.some((c) => c.name === node.name)) {
      checks.push(client.listContainersByName(node.name).then((l) => void (l.length > 0 && clashes.push({ kind: "container", name: node.name }))));
    } else if (node.kind === "docker.network" && !networks.some((n) => n.name === node.name)) {
      checks.push(client.listNetworksByName(node.name).then((l) => void (l.length > 0 && clashes.push({ kind: "network", name: node.name }))));
    } else if (node.kind === "docker.volume" && !volumes.some((v) => v.name === node.name)) {
      checks.push(client.inspectVolume(node.name).then((v) => void (v && clashes.push({ kind: "volume", name: node.name }))));
    }
  }
  await Promise.all(checks);
  const orphanFileDirs: string[] = [];
  for (const sub of ["secrets", "configs"]) {
    const root = `${graph.filesDir}/${sub}`;
    if (!existsSync(root)) continue;
    for (const d of readdirSync(root).sort()) if (!usedDirs.has(`${root}/${d}`)) orphanFileDirs.push(`${root}/${d}`);
  }
  clashes.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { containers, networks, volumes, images, files, orphanFileDirs, clashes };
}

function observeFile(node: DockerFileNode, sources: SecretSources): LiveFile {
  if (!existsSync(node.hostPath)) return { exists: false, contentMatches: false };
  const st = statSync(node.hostPath);
  const want = fileContent(node, sources);
  return { exists: true, contentMatches: readFileSync(node.hostPath).equals(want), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}
