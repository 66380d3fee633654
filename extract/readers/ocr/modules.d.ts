// Type declarations for the two untyped pure-JS image decoders the OCR reader uses.
declare module "pngjs" {
  export const PNG: {
    sync: {
      read(buffer: Buffer): { width: number; height: number; data: Buffer };
      write(png: { width: number; height: number; data: Buffer }, options?: { colorType?: number }): Buffer;
    };
  };
}
declare module "utif" {
  interface Ifd {
    width: number;
    height: number;
  }
  export function decode(buffer: ArrayBuffer | Uint8Array): Ifd[];
  export function decodeImage(buffer: ArrayBuffer | Uint8Array, ifd: Ifd): void;
  export function toRGBA8(ifd: Ifd): Uint8Array;
}
