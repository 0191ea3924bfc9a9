import { Duration } from "../../../sdk/values/duration.ts";
import { describeQuantity } from "../../support/quantity.ts";

describeQuantity({
  name: "Duration",
  code: "value.duration",
  factories: {
    name: "converts every unit factory to integer milliseconds",
    rows: [
      [() => Duration.millis(250).toMillis(), 250],
      [() => Duration.seconds(30).toMillis(), 30_000],
      [() => Duration.minutes(5).toMillis(), 300_000],
      [() => Duration.hours(1).toMillis(), 3_600_000],
      [() => Duration.seconds(1.5).toSeconds(), 1.5],
    ],
  },
  parse: (text) => Duration.parse(text).toMillis(),
  parsesName: "parses %j as %d ms",
  parses: [
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["1m30s", 90_000],
    ["1h2m3s4ms", 3_723_004],
    ["1.5s", 1500],
  ],
  rejects: {
    texts: ["", "30", "s", "1h 30m", "30sec", "5d", "-5s", "30s5"],
    path: "Duration.parse",
    message: (found) => `Cannot parse duration ${found}.`,
    fix: 'Use units ms, s, m, h, e.g. "30s", "1m30s", or Duration.seconds(30).',
  },
  factory: { call: (n) => Duration.seconds(n), path: "Duration.seconds", fix: "Duration.seconds(30)" },
  overflow: {
    name: "rejects a duration whose millisecond count is not a safe integer",
    rows: [() => Duration.hours(1e300)],
  },
  prints: {
    name: "prints Go-style durations as Docker and Compose accept them",
    rows: [
      [() => Duration.seconds(0).toString(), "0s"],
      [() => Duration.seconds(90).toString(), "1m30s"],
      [() => Duration.hours(2).toString(), "2h"],
      [() => Duration.parse("1h0m5s").toString(), "1h5s"],
      [() => Duration.millis(1500).toString(), "1500ms"],
    ],
  },
});
