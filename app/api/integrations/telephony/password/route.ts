import { handleKeypad } from '@/lib/integrations/telephony';

export const dynamic = 'force-dynamic';

export const POST = handleKeypad;
