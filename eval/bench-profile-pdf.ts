/**
 * A CPU profile of the warm PDF read (docs/pdf.md, "TrueType"): the reader's page reads of FILE, 10 times
 * to warm up, then RUNS times under the inspector's sampling profiler (every 0.2 ms). Prints the CPU ms per
 * read and the top frames by self time; writes the profile (open it in Chrome DevTools) to OUT.
 * Usage: npx tsx eval/bench-profile-pdf.ts FILE [--runs 30] [--out profile.cpuprofile]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { loadPdfjs, openPdf, readRawPage } from "../extract/readers/pdf-pages.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "30" }, out: { type: "string" } },
});
const file = positionals[0];
if (!file) throw new Error("usage: npx tsx eval/bench-profile-pdf.ts FILE [--runs N] [--out FILE]");
const runs = Math.max(1, Number(values.runs));
const bytes = new Uint8Array(readFileSync(file));
const pdfjs = await loadPdfjs();

async function read(): Promise<void> {
  const opened = openPdf(pdfjs, bytes);
  const doc = await opened.loaded;
  for (let n = 1; n <= doc.numPages; n++) await readRawPage(doc, n);
  await opened.destroy();
}

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

for (let i = 0; i < 10; i++) await read();
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
await session.post("Profiler.start");
const cpu = process.cpuUsage();
for (let i = 0; i < runs; i++) await read();
const used = process.cpuUsage(cpu);
const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
session.disconnect();
if (values.out) writeFileSync(values.out, JSON.stringify(profile));

const self = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});
const byFrame = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/\?.*$/, "")}:${lineNumber + 1}`;
  byFrame.set(key, (byFrame.get(key) ?? 0) + (self.get(node.id) ?? 0));
}
console.log(
  `${file}: ${((used.user + used.system) / 1000 / runs).toFixed(1)} CPU ms per read (${runs} reads)`,
);
for (const [frame, us] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${frame}`);
