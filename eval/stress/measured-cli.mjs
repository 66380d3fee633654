// The `nianbao` CLI, then its peak resident memory (process-wide, worker threads included) on stderr
// as "PEAK_RSS_KB n": what eval/stress/run-stress.ts reads for each file and for the batch.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../../bin/cli.ts");
const code = await main(process.argv.slice(2));
process.stderr.write(`\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
