import { type ParleyClient, type User, unwrap } from '@parley/client';
import { Dialog, FormOutcome, useFormState } from '@parley/react/internal';

/** Block a person after saying what it does (docs/moderation.md, "Users protecting themselves"). */
export function BlockDialog({
  client,
  user,
  onBlocked,
  onClose,
}: {
  client: ParleyClient;
  user: Pick<User, 'id' | 'display_name'>;
  onBlocked: () => void;
  onClose: () => void;
}) {
  const state = useFormState();
  async function block() {
    if (await state.run(() => unwrap(client.rest.PUT('/api/v1/users/me/blocks/{userId}', { params: { path: { userId: user.id } } })))) {
      onBlocked();
      onClose();
    }
  }
  return (
    <Dialog title={`Block ${user.display_name}`} onClose={onClose}>
      <ul className="plain-list">
        <li>Neither of you can start a direct conversation with the other, and an existing one is closed both ways.</li>
        <li>They cannot add you to rooms or invite you, and their mentions do not reach you.</li>
        <li>They are not told. You can unblock them from your profile.</li>
      </ul>
      <FormOutcome state={state} />
      <div className="dialog__buttons">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={state.busy} onClick={() => void block()}>
          Block
        </button>
      </div>
    </Dialog>
  );
}
