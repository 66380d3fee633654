/**
 * OCR measurement on a scanned corpus made from the seeds: every page of a seed PDF rendered by pdftoppm
 * at 150, 200 and 300 dpi, then degraded deterministically (fixed-seed noise):
 *   clean  – the rendering as it is;
 *   scan   – rotated up to ±2°, a 3×3 blur, speckle, a red seal (grey ring) over the 落款, JPEG quality 50–70;
 *   photo  – keystone (perspective), uneven light, JPEG quality 60.
 * For each dpi and kind it prints the share of figures read exactly, read wrong (non-null and not the
 * seed's value), and left null, the seconds per page and the peak memory (this process and Tesseract).
 *
 *   npx tsx eval/ocr-bench.ts [--seeds 002,004] [--dpi 150,200,300] [--kinds clean,scan,photo]
 *
 * Needs tesseract with chi_sim and pdftoppm (apt-get install -y tesseract-ocr tesseract-ocr-chi-sim poppler-utils).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { analyse } from "../extract/analyse.ts";
import { decodeImage, decodePgm, type Gray } from "../extract/readers/ocr/raster.ts";
import { ocrImages } from "../extract/readers/ocr/read-scan.ts";

const SEEDS = join(import.meta.dirname, "../tests/fixtures/seeds");
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1] : undefined) ?? fallback;
};
const seedNames = readdirSync(SEEDS)
  .filter((f) => f.endsWith(".pdf"))
  .map((f) => f.replace(/\.pdf$/, ""))
  .filter((n) =>
    arg("seeds", "002,004")
      .split(",")
      .some((s) => n.startsWith(s)),
  );
const dpis = arg("dpi", "150,200,300").split(",").map(Number);
const kinds = arg("kinds", "clean,scan,photo").split(",");

/** Deterministic pseudo-random numbers (LCG), one stream per page and kind. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function rotate(img: Gray, degrees: number): Gray {
  const a = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(a), Math.sin(a)];
  const { width, height } = img;
  const data = new Uint8Array(width * height).fill(255);
  const [cx, cy] = [width / 2, height / 2];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.round(cos * (x - cx) + sin * (y - cy) + cx);
      const sy = Math.round(-sin * (x - cx) + cos * (y - cy) + cy);
      if (sx >= 0 && sy >= 0 && sx < width && sy < height)
        data[y * width + x] = img.data[sy * width + sx] ?? 255;
    }
  }
  return { width, height, data };
}

function blur(img: Gray): Gray {
  const { width, height } = img;
  const data = new Uint8Array(img.data);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) sum += img.data[(y + dy) * width + x + dx] ?? 255;
      data[y * width + x] = Math.round(sum / 9);
    }
  }
  return { width, height, data };
}

function speckle(img: Gray, rand: () => number, share: number): Gray {
  const data = new Uint8Array(img.data);
  const n = Math.round(data.length * share);
  for (let i = 0; i < n; i++) data[Math.floor(rand() * data.length)] = rand() < 0.5 ? 0 : 255;
  return { ...img, data };
}

/** A red seal printed over the 落款 (bottom right of the last page): a grey ring with a star-less middle. */
function seal(img: Gray, dpi: number): Gray {
  const data = new Uint8Array(img.data);
  const r = dpi * 0.8;
  const [cx, cy] = [img.width * 0.72, img.height * 0.82];
  for (let y = Math.floor(cy - r); y <= cy + r; y++) {
    for (let x = Math.floor(cx - r); x <= cx + r; x++) {
      const d = Math.hypot(x - cx, y - cy);
      if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
      const i = y * img.width + x;
      // Red ink is mid grey to a grey scanner; where it crosses text the text stays darker.
      if (d <= r && d >= r - dpi * 0.05) data[i] = Math.min(data[i] ?? 255, 150);
      else if (d < r * 0.6 && (x + y) % 7 === 0) data[i] = Math.min(data[i] ?? 255, 170);
    }
  }
  return { ...img, data };
}

function jpegRoundTrip(img: Gray, quality: number): Gray {
  const rgba = Buffer.alloc(img.width * img.height * 4);
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i] ?? 255;
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  const encoded = jpeg.encode({ data: rgba, width: img.width, height: img.height }, quality).data;
  return decodeImage(new Uint8Array(encoded), "jpeg");
}

/** Keystone (the top edge narrower, as a phone held at an angle) and light falling off to one corner. */
function photo(img: Gray, rand: () => number): Gray {
  const { width, height } = img;
  const data = new Uint8Array(width * height).fill(235);
  const squeeze = 0.03 + rand() * 0.02;
  for (let y = 0; y < height; y++) {
    const s = 1 - squeeze * (1 - y / height);
    for (let x = 0; x < width; x++) {
      const sx = Math.round((x - width / 2) / s + width / 2);
      const light = 0.7 + 0.3 * (1 - (x / width + y / height) / 2);
      if (sx >= 0 && sx < width) data[y * width + x] = Math.round((img.data[y * width + sx] ?? 255) * light);
    }
  }
  return jpegRoundTrip({ width, height, data }, 60);
}

function degrade(img: Gray, kind: string, dpi: number, seed: number, last: boolean): Gray {
  const rand = lcg(seed);
  if (kind === "clean") return img;
  if (kind === "scan") {
    let out = rotate(img, (rand() * 2 - 1) * 2);
    out = blur(out);
    out = speckle(out, rand, 0.002);
    if (last) out = seal(out, dpi);
    return jpegRoundTrip(out, 50 + Math.floor(rand() * 21));
  }
  if (kind === "photo") return photo(img, rand);
  throw new Error(`unknown kind ${kind}`);
}

/** Peak RSS (MB) of Tesseract processes, sampled from /proc while OCR runs. */
function sampleTesseract(peak: { mb: number }): () => void {
  const timer = setInterval(() => {
    try {
      for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
        try {
          const status = readFileSync(`/proc/${pid}/status`, "utf8");
          if (!/^Name:\s+tesseract/m.test(status)) continue;
          const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
          peak.mb = Math.max(peak.mb, kb / 1024);
        } catch {}
      }
    } catch {}
  }, 100);
  return () => clearInterval(timer);
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "-");
const rows: string[][] = [
  ["dpi", "kind", "figures", "exact", "wrong", "null", "s/page", "node MB", "tesseract MB"],
];
const dir = mkdtempSync(join(tmpdir(), "ocr-bench-"));
try {
  for (const dpi of dpis) {
    for (const kind of kinds) {
      let total = 0;
      let exact = 0;
      let wrong = 0;
      let nulls = 0;
      let pages = 0;
      let seconds = 0;
      const peak = { mb: 0 };
      const wrongList: string[] = [];
      const confidences: number[] = [];
      for (const name of seedNames) {
        const prefix = join(dir, `${name}-${dpi}`);
        execFileSync("pdftoppm", ["-r", String(dpi), "-gray", join(SEEDS, `${name}.pdf`), prefix]);
        const files = readdirSync(dir)
          .filter((f) => f.startsWith(`${name}-${dpi}-`) && f.endsWith(".pgm"))
          .sort();
        const images = files.map((f, i) => ({
          img: degrade(
            decodePgm(new Uint8Array(readFileSync(join(dir, f)))),
            kind,
            dpi,
            dpi * 1000 + i * 17 + name.charCodeAt(2),
            i === files.length - 1,
          ),
          dpi,
        }));
        for (const f of files) rmSync(join(dir, f));
        const stop = sampleTesseract(peak);
        const started = performance.now();
        const doc = await ocrImages(images, { timeoutMs: 600_000 }, "pdf");
        seconds += (performance.now() - started) / 1000;
        stop();
        pages += images.length;
        const report = analyse(doc).report;
        const figures = report.figures;
        const expected = JSON.parse(readFileSync(join(SEEDS, `${name}.expected.json`), "utf8"))
          .figures as Record<string, number | null>;
        for (const [key, value] of Object.entries(expected)) {
          if (value === null) continue;
          total++;
          const got = figures[key];
          if (got === value) {
            exact++;
            confidences.push(report.provenance[key]?.confidence ?? 1);
          } else if (got === null || got === undefined) nulls++;
          else {
            wrong++;
            wrongList.push(
              `${name} ${key}: ${got} (seed ${value}), confidence ${report.provenance[key]?.confidence}`,
            );
          }
        }
      }
      rows.push([
        String(dpi),
        kind,
        String(total),
        pct(exact, total),
        pct(wrong, total),
        pct(nulls, total),
        (seconds / Math.max(1, pages)).toFixed(1),
        String(Math.round(process.resourceUsage().maxRSS / 1024)),
        String(Math.round(peak.mb)),
      ]);
      for (const w of wrongList) console.error(`wrong: ${dpi} ${kind} ${w}`);
      const sorted = confidences.sort((a, b) => a - b);
      console.error(
        `confidence of exact figures: min ${sorted[0]} p1 ${sorted[Math.floor(sorted.length / 100)]} p5 ${sorted[Math.floor(sorted.length / 20)]}`,
      );
      console.error(`done ${dpi} dpi ${kind}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
for (const r of rows) console.log(r.map((v, c) => v.padStart(widths[c] ?? 0)).join("  "));
console.log(
  `seeds: ${seedNames.join(", ")}; load average now ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
