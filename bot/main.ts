/** Entry point of `npm run bot:dev` (tsx bot/main.ts); `npm run bot` runs the compiled `nianbao bot`. */
import { runBot } from "./run-bot.ts";

process.exitCode = await runBot(process.env);
// Nothing else should keep the process alive after a graceful stop (worker threads, sockets).
process.exit();
