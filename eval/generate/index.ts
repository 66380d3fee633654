/** The synthetic report generator: public surface. */
export { type Corpus, type CorpusOptions, DEFAULT_CORPUS_DIR, ensureCorpus } from "./corpus.ts";
export { DEFECTS, type DefectKind } from "./defects.ts";
export type { Expected, ExpectedFinding, Format, GoldCase, ReportSpec } from "./model.ts";
export { FORMATS } from "./model.ts";
export { findSoffice } from "./office.ts";
export { layoutCells, oracle } from "./oracle.ts";
export { createRng } from "./prng.ts";
export { renderHtml } from "./render-html.ts";
export { renderText } from "./render-text.ts";
export { GENERATOR_VERSION, type GeneratedReport, generateReport } from "./report.ts";
