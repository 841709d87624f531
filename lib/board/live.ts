import type { LiveChannel } from '@/lib/live/channel';

/**
 * The NOTIFY channels whose changes move the board's tiles: sessions and their verifications (live_sessions), cases
 * and decisions (cases). Complaints, verification locks, rectifications and sign-ins have no channel yet
 * (requested in /tmp/board-schema.md); until then their tiles follow within the board's one-minute refresh.
 */
export const BOARD_CHANNELS: readonly LiveChannel[] = ['live_sessions', 'cases', 'board'];
