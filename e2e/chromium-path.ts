import fs from 'node:fs';

/** Debian's Chromium unless CHROMIUM_PATH points elsewhere; undefined lets Playwright use its own browser. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => fs.existsSync(p));
}
