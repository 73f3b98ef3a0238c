import { type components, type ParleyClient, unwrap } from '@parley/client';
import { useEffect, useState } from 'react';
import { describe, Field, FormOutcome, useFormState } from '@parley/react/internal';

type RoomNotifications = components['schemas']['RoomNotificationResponse'];
type Level = RoomNotifications['effective_level'];

const NAMES: Record<Level, string> = { all: 'every message', mentions: 'only mentions of you', nothing: 'nothing' };

/**
 * My notification level in one room (docs/notifications.md), over my default: shown in the room settings
 * beside the mute, with what applies now.
 */
export function RoomNotificationLevel({ client, roomId, muted }: { client: ParleyClient; roomId: string; muted: boolean }) {
  const [current, setCurrent] = useState<RoomNotifications | null>(null);
  const [error, setError] = useState<string | null>(null);
  const state = useFormState();
  const path = { params: { path: { roomId } } };
  const load = () => unwrap<RoomNotifications>(client.rest.GET('/api/v1/users/me/rooms/{roomId}/notifications', path));

  useEffect(() => {
    let live = true;
    unwrap<RoomNotifications>(client.rest.GET('/api/v1/users/me/rooms/{roomId}/notifications', { params: { path: { roomId } } })).then(
      (answer) => live && setCurrent(answer),
      (failure: unknown) => live && setError(describe(failure)),
    );
    return () => void (live = false);
  }, [client, roomId]);

  async function change(value: Level | '') {
    await state.run(async () => {
      if (value)
        setCurrent(
          await unwrap<RoomNotifications>(client.rest.PUT('/api/v1/users/me/rooms/{roomId}/notifications', { ...path, body: { level: value } })),
        );
      else {
        await unwrap(client.rest.DELETE('/api/v1/users/me/rooms/{roomId}/notifications', path));
        setCurrent(await load());
      }
    }, 'Room notifications saved.');
  }

  const now = current ? `Now: ${NAMES[current.effective_level]}${muted ? ', but the room is muted, so nothing is sent' : ''}.` : undefined;
  return (
    <>
      <Field label="Notify me about" hint={now}>
        {(a11y) => (
          <select
            {...a11y}
            value={current?.level ?? ''}
            disabled={!current || state.busy}
            onChange={(e) => void change(e.currentTarget.value as Level | '')}
          >
            <option value="">My default</option>
            <option value="all">Every message</option>
            <option value="mentions">Only mentions of me</option>
            <option value="nothing">Nothing</option>
          </select>
        )}
      </Field>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <FormOutcome state={state} />
    </>
  );
}
