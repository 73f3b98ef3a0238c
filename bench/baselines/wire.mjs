// The message a baseline broadcasts: the same shape and about the same bytes as
// Parley's `message:new` (docs/asyncapi.yaml: a Message with its sender as a User),
// so the bare stack carries the same payload Parley does. The sender comes from the
// handshake (`auth.username`): a baseline looks nothing up.
export function wireMessage({ id, roomId, seq, senderId, username, content, createdAt }) {
  return {
    id,
    room_id: roomId,
    seq,
    type: 'text',
    sender: {
      id: senderId,
      username,
      display_name: username,
      first_name: '',
      last_name: '',
      user_type: 'consumer',
      role: 'user',
      online: true,
      last_seen_at: null,
      created_at: createdAt,
    },
    content,
    meta: {},
    reply_to_id: null,
    client_message_id: null,
    created_at: createdAt,
    edited_at: null,
    deleted: false,
    // The message features' fields (issue 14), empty as on a plain message.
    mentions: [],
    thread_root_id: null,
    also_in_room: false,
    reply_count: 0,
    last_reply_at: null,
    thread_participants: [],
    pinned_at: null,
    pinned_by: null,
    reactions: [],
    attachments: [],
  };
}
