/**
 * The scanned corpus's noise, deterministic (fixed-seed LCG): `scan` = rotation up to ±2°, a 3×3 blur,
 * speckle, a red seal over the 落款 on the last page (a colour scan), JPEG quality 50–70; `photo` = keystone
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

/**
 * A red seal stamped over the 落款 (bottom right of the last page), in a colour scan: a red ring with a
 * dotted middle. Red ink over the page multiplies it (over paper red, over black text black), and the page
 * is JPEG'd in colour and read back as the reader reads a colour image (raster.ts: the seal's red is taken
 * out there).
 */
function sealedJpeg(img: Gray, dpi: number, quality: number): Gray {
  const { width, height } = img;
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i] ?? 255;
    rgba.fill(v, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  const r = dpi * 0.8;
  const [cx, cy] = [width * 0.72, height * 0.82];
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(height - 1, cy + r); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(width - 1, cx + r); x++) {
      const d = Math.hypot(x - cx, y - cy);
      const ring = d <= r && d >= r - dpi * 0.05;
      const dot = d < r * 0.6 && (x + y) % 7 === 0;
      if (!ring && !dot) continue;
      const p = (y * width + x) * 4;
      const v = img.data[y * width + x] ?? 255;
      // Red ink: the red passes, green and blue mostly not.
      const through = ring ? 0.2 : 0.35;
      rgba[p] = Math.round(v * 0.95);
      rgba[p + 1] = Math.round(v * through);
      rgba[p + 2] = Math.round(v * through);
    }
  }
  const encoded = jpeg.encode({ data: rgba, width, height }, quality).data;
  return decodeImage(new Uint8Array(encoded), "jpeg");
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
    const quality = 50 + Math.floor(rand() * 21);
    return last ? sealedJpeg(out, dpi, quality) : jpegRoundTrip(out, quality);
  }
  if (kind === "photo") return photo(img, rand);
  throw new Error(`unknown kind ${kind}`);
}
