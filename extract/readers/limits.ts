/**
 * Hard limits of the readers, so that memory and work are bounded by construction whatever the input:
 * bytes inflated from a ZIP member, HTML depth and element count, the text a reader keeps, the work done
 * on one PDF page. An input over a limit that only a crafted or broken file reaches is refused with
 * ReadError "over_limit"; text beyond what a report can hold is cut off.
 */

/** Bytes one DOCX part may inflate to (document.xml of a long report is a few MB). */
export const MAX_DOCX_PART_BYTES = 48 * 1024 * 1024;
/** Bytes all the XML parts of one DOCX may inflate to together. */
export const MAX_DOCX_XML_BYTES = 64 * 1024 * 1024;
/** Members of one DOCX (a real one has a few dozen). */
export const MAX_DOCX_MEMBERS = 5000;
/** HTML elements nested deeper than this are read as children of the element at this depth. */
export const MAX_HTML_DEPTH = 256;
/**
 * HTML elements open at once: past this the document is refused. htmlparser2 keeps its open elements
 * with Array.unshift, so its own work grows with the square of the depth (19 MB of nested <div>s ran
 * for minutes); at this depth it is a fraction of a second, and no page nests a tenth as deep.
 */
export const MAX_HTML_OPEN = 10_000;
/** HTML nodes (elements and text runs) in one document. */
export const MAX_HTML_NODES = 400_000;
/** Lines a reader keeps (a report has a few hundred to a few thousand). */
export const MAX_LINES = 20_000;
/** Characters kept of one cell. */
export const MAX_CELL_CHARS = 20_000;
/**
 * Digits kept of one run of digits: a report's largest figures have a dozen; the parser's number
 * patterns cost time quadratic in a run's length (a 20,000-digit run took over 20 s).
 */
export const MAX_DIGIT_RUN = 32;
/** Characters kept of a whole document. */
export const MAX_DOCUMENT_CHARS = 4_000_000;
/** Operators of one PDF page whose rulings are looked for (a table page has a few thousand). */
export const MAX_PAGE_OPERATORS = 200_000;
/** Positioned words kept of one PDF page. */
export const MAX_PAGE_BOXES = 50_000;
