/**
 * The scanned corpus's noise, deterministic (fixed-seed LCG): `scan` = rotation up to ±2°, a 3×3 blur,
 * speckle, a red seal (grey ring) over the 落款 on the last page, JPEG quality 50–70; `photo` = keystone
 * (perspective), light falling off to one corner, JPEG quality 60. Used by eval/ocr-bench.ts.
 */
import jpeg from "jpeg-js";
import { decodeImage, type Gray } from "../extract/readers/ocr/raster.ts";

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

export function degrade(img: Gray, kind: string, dpi: number, seed: number, last: boolean): Gray {
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
