/** Types of `subset-font` (it ships none): a subset of a TTF/OTF/WOFF font holding `text`'s characters. */
declare module "subset-font" {
  export default function subsetFont(
    font: Uint8Array,
    text: string,
    options?: {
      readonly targetFormat?: "sfnt" | "truetype" | "woff" | "woff2";
      readonly preserveNameIds?: number[];
    },
  ): Promise<Buffer>;
}
