import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

const nextConfig: NextConfig = {
  experimental: { authInterrupts: true },
  serverExternalPackages: ['@node-rs/argon2', 'postgres', 'pg-boss'],
  poweredByHeader: false,
  // Several instances built separately (one image per node) must agree on the build: set AIR_COUNTER_BUILD_ID to the
  // release (e.g. the commit) when building; unset, Next picks a random id per build (README "Production").
  generateBuildId: async () => process.env.AIR_COUNTER_BUILD_ID || null,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
