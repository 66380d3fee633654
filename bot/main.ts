/** Entry point of `npm run bot` (tsx bot/main.ts). */
import { runBot } from "./run-bot.ts";

process.exitCode = await runBot(process.env);
// Nothing else should keep the process alive after a graceful stop (worker threads, sockets).
process.exit();
