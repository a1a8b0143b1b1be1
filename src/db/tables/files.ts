// Tables of the database file store (migration 0160, src/files/database-store.ts).

/** A complete file, by SHA-256. */
export interface FileBlobTable {
  sha256: string;
  size: number;
  chunks: number;
  created_at_ms: number;
}

/** Bytes of a file: owner = the SHA-256 (complete) or `u:<token>` (an upload streaming in). */
export interface FileChunkTable {
  owner: string;
  idx: number;
  data: Buffer;
}

/** An upload in progress (staging); sha256/size are set once all bytes are in. */
export interface FileUploadTable {
  token: string;
  sha256: string | null;
  size: number | null;
  chunks: number;
  touched_at_ms: number;
}

export interface FileStoreTables {
  file_blobs: FileBlobTable;
  file_chunks: FileChunkTable;
  file_uploads: FileUploadTable;
}
