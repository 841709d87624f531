/** A timeline event placed on a recording: its offset from the recording's start, in seconds. */
export type Marker = { id: number; offset: number; kind: string };

/** The session's events that fall within the recording (those before it began are left out), in order. */
export function markersFor(events: { id: number; at: Date; kind: string }[], recordingStart: Date, durationSeconds?: number): Marker[] {
  return events
    .map((e) => ({ id: e.id, kind: e.kind, offset: (e.at.getTime() - recordingStart.getTime()) / 1000 }))
    .filter((m) => m.offset >= 0 && (durationSeconds === undefined || m.offset <= durationSeconds))
    .sort((a, b) => a.offset - b.offset || a.id - b.id);
}
