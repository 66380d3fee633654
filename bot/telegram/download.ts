/**
 * Downloading a user's file: getFile, then the file URL `{apiRoot}/file/bot{token}/{file_path}`
 * (done here rather than with @grammyjs/files, which does not support an http apiRoot). The size is
 * checked before and while reading.
 */
import type { Api } from "grammy";
import { GrammyError } from "grammy";

/** The file could not be fetched: `tooBig` when Telegram or the stream says it exceeds the limit. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly tooBig: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DownloadError";
  }
}

export interface DownloadTarget {
  readonly api: Api;
  readonly apiRoot: string;
  readonly token: string;
  readonly timeoutMs?: number;
}

export async function downloadFile(
  target: DownloadTarget,
  fileId: string,
  maxBytes: number,
): Promise<Uint8Array> {
  let path: string | undefined;
  try {
    const file = await target.api.getFile(fileId);
    if (file.file_size !== undefined && file.file_size > maxBytes)
      throw new DownloadError(`file is ${file.file_size} bytes`, true);
    path = file.file_path;
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    const tooBig = error instanceof GrammyError && /too big/i.test(error.description);
    throw new DownloadError(`getFile failed: ${String(error)}`, tooBig, { cause: error });
  }
  if (!path) throw new DownloadError("getFile returned no file_path", false);
  const url = `${target.apiRoot}/file/bot${target.token}/${path}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(target.timeoutMs ?? 60_000) });
  } catch (error) {
    throw new DownloadError(`download failed: ${String(error)}`, false, { cause: error });
  }
  if (!response.ok || !response.body)
    throw new DownloadError(`download answered HTTP ${response.status}`, false);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new DownloadError(`download exceeds ${maxBytes} bytes`, true);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
