import { readFileSync } from "node:fs";
import { readText } from "./extract/readers/text.ts";
import { toRows } from "./extract/template/rows.ts";
const doc = readText(readFileSync(process.argv[2] as string));
const from = Number(process.argv[3] ?? 0), to = Number(process.argv[4] ?? 1e9);
for (const r of toRows(doc.lines)) if (r.line >= from && r.line <= to) console.log(r.line, JSON.stringify(r.labels), JSON.stringify(r.run), r.leadingEmpty, JSON.stringify(r.placed.map(p=>[p.text,p.x])));
