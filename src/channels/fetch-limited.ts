// Downloads a file a platform holds (a photo a citizen sent) without ever holding more
// than the bot would keep: the download stops as soon as it passes `maxBytes`. The URL
// may carry a bot token: it is never put in an error message.

/** The bytes, or how far it got when the file was larger than `maxBytes`. */
export async function fetchLimited(url: string | URL, maxBytes: number, timeoutMs = 30_000): Promise<{ data: Buffer } | { tooLarge: number }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).catch((err: unknown) => {
    throw new Error(`không tải được tệp (${(err as Error).name})`);
  });
  if (!response.ok || !response.body) throw new Error(`không tải được tệp (HTTP ${response.status})`);
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    return { tooLarge: declared };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return { tooLarge: size };
    }
    chunks.push(Buffer.from(chunk));
  }
  return { data: Buffer.concat(chunks) };
}
