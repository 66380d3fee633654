/**
 * A stand-in for Tesseract in tests: a shell script installed as NIANBAO_TESSERACT. It logs each run's
 * arguments to `log`, answers --list-langs (chi_sim, eng) and --version, prints the TSV header, and runs
 * `body` for its list file (`$1`), which reads the images' paths line by line. TSV_HEADER and `word` help
 * the body print Tesseract's word rows.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resetOcrAvailability } from "../../extract/readers/ocr/tesseract.ts";

/** One TSV word row of image `$n` at a fixed box, with the shell variables or values given. */
export function word(conf: string, text: string): string {
  return `printf '5\\t%d\\t1\\t1\\t1\\t1\\t20\\t20\\t9\\t9\\t%s\\t%s\\n' $n "${conf}" "${text}"`;
}

export interface FakeTesseract {
  /** The file each run appends its arguments to. */
  readonly log: string;
  /** Puts NIANBAO_TESSERACT (and NIANBAO_OCR) back and removes the script. */
  restore(): void;
}

export function installFakeTesseract(body: string): FakeTesseract {
  const dir = mkdtempSync(join(tmpdir(), "fake-tesseract-"));
  const log = join(dir, "runs.log");
  const fake = join(dir, "tesseract");
  writeFileSync(
    fake,
    `#!/bin/sh
echo "$*" >> ${log}
case "$1" in --list-langs) printf 'List of available languages:\\nchi_sim\\neng\\n'; exit 0;; --version) echo 'tesseract 5.3.0'; exit 0;; esac
printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'
n=0
${body}
`,
  );
  chmodSync(fake, 0o755);
  const saved = { tesseract: process.env.NIANBAO_TESSERACT, ocr: process.env.NIANBAO_OCR };
  process.env.NIANBAO_TESSERACT = fake;
  resetOcrAvailability();
  return {
    log,
    restore() {
      if (saved.tesseract === undefined) delete process.env.NIANBAO_TESSERACT;
      else process.env.NIANBAO_TESSERACT = saved.tesseract;
      if (saved.ocr === undefined) delete process.env.NIANBAO_OCR;
      else process.env.NIANBAO_OCR = saved.ocr;
      rmSync(dir, { recursive: true, force: true });
      resetOcrAvailability();
    },
  };
}
