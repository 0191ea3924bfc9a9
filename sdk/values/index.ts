export { Size } from "./size.ts";
export { Duration } from "./duration.ts";
