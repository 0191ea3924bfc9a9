import { smallDockerGraph } from "../test/providers/docker/fixture-graph.ts";
import { exportCompose } from "../providers/docker/export.ts";
process.stdout.write(exportCompose(smallDockerGraph()));
