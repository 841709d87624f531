import { getTranslations } from 'next-intl/server';

/**
 * Business types as the cases catalogue names them (so a new case type is named there once); the one cases do not
 * name (contact changes, which need no case) by the knowledge base's own key; an unnamed one by its code.
 */
export async function businessTypeLabel(): Promise<(type: string) => string> {
  const t = await getTranslations();
  return (type) => (t.has(`cases.types.${type}`) ? t(`cases.types.${type}`) : t.has(`kb.businessTypes.${type}`) ? t(`kb.businessTypes.${type}`) : type);
}
