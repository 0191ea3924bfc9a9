import { Size } from "../../../sdk/values/size.ts";
import { describeQuantity } from "../../support/quantity.ts";

describeQuantity({
  name: "Size",
  code: "value.size",
  factories: {
    name: "converts every unit factory to integer bytes",
    rows: [
      [() => Size.bytes(100).toBytes(), 100],
      [() => Size.kibibytes(2).toBytes(), 2048],
      [() => Size.mebibytes(512).toBytes(), 536_870_912],
      [() => Size.gibibytes(10).toBytes(), 10_737_418_240],
      [() => Size.mebibytes(0.5).toBytes(), 524_288],
    ],
  },
  parse: (text) => Size.parse(text).toBytes(),
  parsesName: "parses %j as %d bytes",
  parses: [
    ["512Mi", 536_870_912],
    ["1Gi", 1_073_741_824],
    ["64m", 67_108_864],
    ["100k", 102_400],
    ["1024", 1024],
    ["1.5Gi", 1_610_612_736],
    [" 2 GB ", 2_147_483_648],
    ["7b", 7],
  ],
  rejects: {
    texts: ["", "Mi", "-1Mi", "12 parsecs", "1Ti", "1e3"],
    path: "Size.parse",
    message: (found) => `Cannot parse size ${found}.`,
    fix: 'Use a number with a binary unit, e.g. "512Mi", "1Gi", or Size.mebibytes(512).',
  },
  factory: { call: (n) => Size.mebibytes(n), path: "Size.mebibytes", fix: "Size.mebibytes(512)" },
  overflow: {
    name: "rejects a size whose byte count is not a safe integer instead of writing Infinity into the graph",
    rows: [() => Size.gibibytes(1e300), () => Size.parse(`${"9".repeat(400)}Gi`)],
  },
  prints: {
    name: "prints the largest whole binary unit",
    rows: [
      [() => Size.gibibytes(2).toString(), "2Gi"],
      [() => Size.mebibytes(1536).toString(), "1536Mi"],
      [() => Size.kibibytes(3).toString(), "3Ki"],
      [() => Size.bytes(1000).toString(), "1000"],
      [() => Size.mebibytes(256).toMebibytes(), 256],
    ],
  },
});
