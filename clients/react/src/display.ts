/** How rooms, times and days read on screen. */
/** A display name for a room: its name, or for a direct message the other person. */
export function roomTitle(room: { name: string | null; room_type: string }, me?: string): string {
  const name = room.name ?? 'Untitled room';
  if (room.room_type !== 'ONE_TO_ONE' || !me) return name;
  const others = name.split(', ').filter((n) => n !== `@${me}`);
  return others.length ? others.join(', ') : name;
}

export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** The local calendar day of a timestamp, for day separators. */
export function dayOf(iso: string): string {
  return new Date(iso).toDateString();
}

export function dayLabel(iso: string): string {
  const day = new Date(iso);
  const today = new Date();
  if (day.toDateString() === today.toDateString()) return 'Today';
  if (day.toDateString() === new Date(today.getTime() - 86_400_000).toDateString()) return 'Yesterday';
  return day.toLocaleDateString([], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: day.getFullYear() === today.getFullYear() ? undefined : 'numeric',
  });
}
