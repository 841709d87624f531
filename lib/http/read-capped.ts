/**
 * Reads a body stream whole, or gives up with 'tooLarge' as soon as more than `max` bytes have arrived (so a body
 * without a Content-Length, or with a false one, is still counted rather than trusted).
 */
export async function readCapped(body: ReadableStream<Uint8Array>, max: number): Promise<Buffer | 'tooLarge'> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return 'tooLarge';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
