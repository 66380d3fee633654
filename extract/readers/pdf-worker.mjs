// Entry of a PDF page worker thread (see pdf-worker-pool.ts): loads the TypeScript sources through tsx,
// then the worker itself.
import { register } from "tsx/esm/api";

register();
await import("./pdf-worker.ts");
