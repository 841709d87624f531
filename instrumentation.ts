// Runs once when a server instance starts: refuse to serve without real secrets.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { authSecret, dataEncryptionKey, smsDriver } = await import('@/lib/config');
    authSecret();
    dataEncryptionKey();
    smsDriver(); // refuses SMS_DRIVER=log outside demo mode
  }
}
