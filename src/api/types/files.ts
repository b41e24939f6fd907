/**
 * Files going to and coming from REDCap: file fields, PDFs and the file repository.
 */

/** A downloaded file. */
export interface FileDownload {
  data: Uint8Array;
  /** The name REDCap gave (from `Content-Type: …; name="…"` or `Content-Disposition`); empty if none. */
  fileName: string;
  /** The media type without parameters, e.g. `application/pdf`. */
  contentType: string;
}

/** A file to upload. Text is sent as UTF-8. */
export interface FileUpload {
  data: Uint8Array | ArrayBuffer | string;
  fileName: string;
  /** Default `application/octet-stream`. */
  contentType?: string;
}

/** One entry of a file repository folder listing: a folder or a file. */
export interface FileRepositoryItem {
  folder_id?: number;
  doc_id?: number;
  name: string;
}
