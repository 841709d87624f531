import { handleRecordingDelivery } from '@/lib/integrations/recordings';

export const dynamic = 'force-dynamic';

export const POST = handleRecordingDelivery;
