// fontkit 2 (pdfkit's font engine) ships no typings: the part render-pdf.ts uses.
declare module 'fontkit' {
  /** a parsed font; pdfkit lays text out with it and builds each document's subset from it */
  export interface Font {
    readonly postscriptName: string;
    layout(text: string, features?: unknown): unknown;
  }
  export interface FontCollection {
    readonly fonts: Font[];
  }
  /** parse a font file's bytes; for a collection (.ttc), `postscriptName` picks the face */
  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection;
}
