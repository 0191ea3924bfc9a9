import { smallDockerGraph } from "../test/providers/docker/fixture-graph.ts";
const g = smallDockerGraph();
console.log(JSON.stringify(g, null, 1));
