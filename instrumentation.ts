// Runs once when a server instance starts: refuse to serve without real secrets.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { authSecret, dataEncryptionKey } = await import('@/lib/config');
    authSecret();
    dataEncryptionKey();
  }
}
