#!/usr/bin/env node
// Launcher: stack programs are TypeScript, so Berth runs through tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
