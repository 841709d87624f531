/**
 * The security headers of every page (OWASP ASVS 5.0 §3.4, §14.3): a Content Security Policy with a fresh nonce per
 * request (Next.js puts it on its own scripts; no inline script runs without it, and `'strict-dynamic'` lets only
 * what those scripts load run), no framing, no caching of pages that may carry personal data, and the camera and
 * microphone only on the session console, which records contacts. Edge-safe: used by proxy.ts.
 */

/** A fresh, unguessable nonce (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The policy for one response. Development adds 'unsafe-eval' (React's dev tooling); production never has it. */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Style attributes (chart geometry, progress bars) cannot carry a nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Camera and microphone only where contacts are served (the session console); nothing else a page may ask for. */
export function permissionsPolicy(pathname: string): string {
  const media = /^\/teller\/sessions\//.test(pathname) ? '(self)' : '()';
  return `camera=${media}, microphone=${media}, geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), display-capture=()`;
}

/** The headers every page response carries besides the policy (HSTS only where the site is served over HTTPS). */
export function pageHeaders(pathname: string, https: boolean): Record<string, string> {
  return {
    'Cache-Control': 'no-store',
    'Permissions-Policy': permissionsPolicy(pathname),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
