// `node --import ./trace-packages.mjs …`: prints "package NAME" on stderr for each npm package the
// process imports (ESM resolution, and CommonJS require through Module._load), once each.
import Module, { register } from "node:module";
import { MessageChannel } from "node:worker_threads";

const seen = new Set();
const note = (url) => {
  const at = url.lastIndexOf("/node_modules/");
  if (at < 0) return;
  const parts = url.slice(at + 14).split("/");
  const name = parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  if (name && !seen.has(name)) {
    seen.add(name);
    process.stderr.write(`package ${name}\n`);
  }
};
const { port1, port2 } = new MessageChannel();
port1.on("message", note);
port1.unref();
register(
  `data:text/javascript,${encodeURIComponent(`
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}`)}`,
  { data: { port: port2 }, transferList: [port2] },
);
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  try {
    note(Module._resolveFilename(request, parent, ...rest));
  } catch {}
  return load.call(this, request, parent, ...rest);
};
