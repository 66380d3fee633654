/**
 * The OCR engine: Tesseract's command line with Debian's simplified-Chinese model
 * (`apt-get install -y tesseract-ocr tesseract-ocr-chi-sim`), run on one page image at a time; words with
 * their boxes (pixels) and confidences from its TSV output. Optional: without it scans keep the
 * no_text_layer status. NIANBAO_OCR=off turns OCR off; NIANBAO_TESSERACT names another binary.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OcrWord {
  readonly text: string;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** 0–100, Tesseract's word confidence. */
  readonly conf: number;
  /** Tesseract's block/paragraph/line numbers: words of one recognised line share them. */
  readonly line: string;
  /** 1-based image of a multi-image run. */
  readonly image: number;
  /** Read a second time as digits only (recogniseDigits): never trusted without the table's arithmetic. */
  readonly reread?: true;
  /** Read as this other number by the second, digits-only reading: see takeCheck in read-scan.ts. */
  readonly disputed?: string;
  /** Read as this other number by a third reading, of the crop enlarged: see takeThird in read-scan.ts. */
  readonly alsoRead?: string;
}

export type OcrAvailability =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly reason: "off" | "missing" | "no_chi_sim"; readonly detail: string };

export const OCR_INSTALL = "apt-get install -y tesseract-ocr tesseract-ocr-chi-sim poppler-utils";

function binary(): string {
  return process.env.NIANBAO_TESSERACT || "tesseract";
}

function run(args: readonly string[], input?: Uint8Array, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary(),
      [...args],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: "1" } },
      (error, stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve(stdout)),
    );
    if (input) child.stdin?.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  });
}

let cached: Promise<OcrAvailability> | undefined;

/** Whether OCR can run here: not turned off, Tesseract installed, with chi_sim. Checked once. */
export function ocrAvailability(): Promise<OcrAvailability> {
  if (process.env.NIANBAO_OCR === "off")
    return Promise.resolve({ ok: false, reason: "off", detail: "NIANBAO_OCR=off" });
  cached ??= (async (): Promise<OcrAvailability> => {
    try {
      const langs = await run(["--list-langs"], undefined, 20_000);
      if (!/^chi_sim$/m.test(langs))
        return { ok: false, reason: "no_chi_sim", detail: "tesseract has no chi_sim model" };
      const version = (await run(["--version"], undefined, 20_000)).split("\n")[0]?.trim() ?? "tesseract";
      return { ok: true, version };
    } catch (error) {
      return { ok: false, reason: "missing", detail: error instanceof Error ? error.message : String(error) };
    }
  })();
  return cached;
}

/** Forget the cached availability (tests switch NIANBAO_TESSERACT). */
export function resetOcrAvailability(): void {
  cached = undefined;
  langs = undefined;
}

export function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split("\n").slice(1)) {
    const f = row.split("\t");
    if (f.length < 12 || f[0] !== "5") continue;
    const text = (f[11] ?? "").trim();
    if (!text) continue;
    words.push({
      text,
      left: Number(f[6]),
      top: Number(f[7]),
      width: Number(f[8]),
      height: Number(f[9]),
      conf: Number(f[10]),
      line: `${f[2]}.${f[3]}.${f[4]}`,
      image: Number(f[1]),
    });
  }
  return words;
}

/**
 * Tesseract 5 by default also tries each line inverted (white on black) when its confidence is low; report
 * pages are dark text on light paper, and skipping it saved about a quarter of the CPU time of a page.
 */
const NO_INVERT = "tessedit_do_invert=0";

/** Recognise one grey page image (PGM bytes) at `dpi`. */
export async function recognise(pgm: Uint8Array, dpi: number, timeoutMs: number): Promise<OcrWord[]> {
  const tsv = await run(
    [
      "stdin",
      "stdout",
      "-l",
      "chi_sim",
      "--psm",
      "6",
      "--dpi",
      String(dpi),
      "-c",
      "preserve_interword_spaces=1",
      "-c",
      NO_INVERT,
      "tsv",
    ],
    pgm,
    timeoutMs,
  );
  return parseTsv(tsv);
}

/** Signals of a Tesseract that crashed on an image (SIGFPE on some crops with a digits whitelist). */
const CRASHES = new Set(["SIGFPE", "SIGSEGV", "SIGABRT", "SIGBUS", "SIGILL"]);

/** Did the run crash on its input, rather than time out, be killed, fail on its options or not start? */
function crashed(error: unknown): boolean {
  const e = error as { signal?: string | null; killed?: boolean };
  return !e.killed && typeof e.signal === "string" && CRASHES.has(e.signal);
}

/** Runs of one recogniseMany call at most: one crashing image among a thousand takes about 21. */
const MAX_RUNS = 64;

/**
 * Recognise many small images (table cells) in one Tesseract run: a list file names them, and the TSV's
 * page number says which image a word is from. Returns the words per image, in the given order.
 *
 * Tesseract crashes on some images (a SIGFPE on a speckled header cell read with the digits whitelist, in
 * a real report's scan), and a crash would lose every image of the run. The run is then split in two
 * and each half run again, down to the image that crashes alone, which gets no words; a time-out, an
 * exit with an error, a missing binary, or a crash on everything (MAX_RUNS) is not retried.
 */
export async function recogniseMany(
  pgms: readonly Uint8Array[],
  dpi: number,
  timeoutMs: number,
  mode: readonly string[] = ["-l", "chi_sim", "--psm", "6"],
): Promise<OcrWord[][]> {
  const out: OcrWord[][] = pgms.map(() => []);
  if (pgms.length === 0) return out;
  const deadline = Date.now() + timeoutMs;
  const dir = await mkdtemp(join(tmpdir(), "nianbao-cells-"));
  try {
    const names = await Promise.all(
      pgms.map(async (pgm, i) => {
        const name = join(dir, `c${String(i).padStart(5, "0")}.pgm`);
        await writeFile(name, pgm);
        return name;
      }),
    );
    let runs = 0;
    const readList = async (images: readonly number[]): Promise<void> => {
      const list = join(dir, `list${runs++}.txt`);
      await writeFile(list, `${images.map((i) => names[i]).join("\n")}\n`);
      try {
        const tsv = await run(
          [list, "stdout", ...mode, "--dpi", String(dpi), "-c", NO_INVERT, "tsv"],
          undefined,
          Math.max(1000, deadline - Date.now()),
        );
        for (const word of parseTsv(tsv)) {
          const image = images[word.image - 1];
          if (image !== undefined) out[image]?.push({ ...word, image: image + 1 });
        }
      } catch (error) {
        // A Tesseract that crashes on everything (or past the deadline) is not split further.
        if (!crashed(error) || runs >= MAX_RUNS || Date.now() >= deadline) throw error;
        if (images.length === 1) return;
        const half = Math.ceil(images.length / 2);
        await readList(images.slice(0, half));
        await readList(images.slice(half));
      }
    };
    await readList(pgms.map((_, i) => i));
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A page image (its grids painted out) and its table cells' images in one Tesseract run: the page's words
 * as `recognise` gives them, and the words of each cell in the given order.
 */
export async function recognisePageAndCells(
  page: Uint8Array,
  cells: readonly Uint8Array[],
  dpi: number,
  timeoutMs: number,
): Promise<{ page: OcrWord[]; cells: OcrWord[][] }> {
  const [pageWords = [], ...cellWords] = await recogniseMany([page, ...cells], dpi, timeoutMs, [
    "-l",
    "chi_sim",
    "--psm",
    "6",
    "-c",
    "preserve_interword_spaces=1",
  ]);
  return { page: pageWords, cells: cellWords };
}

/**
 * Lines of a page that its reading as one block of text (`--psm 6`) left out, each read as one raw line
 * (`--psm 13`): a heading set larger than the text (「一、总体情况」 in a scan) is dropped by the block's
 * uniform line finder, and `--psm 7`'s own line finder found no line in such a crop either.
 */
export function recogniseLines(
  pgms: readonly Uint8Array[],
  dpi: number,
  timeoutMs: number,
): Promise<OcrWord[][]> {
  return recogniseMany(pgms, dpi, timeoutMs, [
    "-l",
    "chi_sim",
    "--psm",
    "13",
    "-c",
    "preserve_interword_spaces=1",
  ]);
}

/** Tesseract's word lists (dictionaries) not loaded: no use for digits only, and a third of eng's start-up. */
const NO_DICTIONARIES = [
  "load_system_dawg=0",
  "load_freq_dawg=0",
  "load_punc_dawg=0",
  "load_number_dawg=0",
  "load_bigram_dawg=0",
  "load_unambig_dawg=0",
].flatMap((v) => ["-c", v]);

/**
 * Table cells read again as numbers only: one line each (`--psm 7`), digits only
 * (`tessedit_char_whitelist`), with the English model where it is installed (Debian's tesseract-ocr pulls
 * it in; it reads Latin digits better than chi_sim), else chi_sim. A second reading, never trusted alone:
 * see ocrPage.
 */
export async function recogniseDigits(
  pgms: readonly Uint8Array[],
  dpi: number,
  timeoutMs: number,
): Promise<OcrWord[][]> {
  const lang = await digitsModel();
  return recogniseMany(pgms, dpi, timeoutMs, [
    "-l",
    lang,
    "--psm",
    "7",
    "-c",
    "tessedit_char_whitelist=0123456789",
    ...NO_DICTIONARIES,
  ]);
}

/** The model of the digits-only reading: eng where it is installed, else chi_sim (then no second model). */
export async function digitsModel(): Promise<"eng" | "chi_sim"> {
  return (await languages()).includes("eng") ? "eng" : "chi_sim";
}

let langs: Promise<string[]> | undefined;

function languages(): Promise<string[]> {
  langs ??= run(["--list-langs"], undefined, 20_000)
    .then((out) => out.split("\n").map((l) => l.trim()))
    .catch(() => []);
  return langs;
}
