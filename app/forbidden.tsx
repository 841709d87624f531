import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('forbidden');
  return (
    <main className="mx-auto max-w-lg p-10 text-center">
      <p className="text-5xl font-bold text-slate-600">403</p>
      <h1 className="mt-4 text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-slate-600">{t('body')}</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
        {t('home')}
      </Link>
    </main>
  );
}
