import { ChatDomain1795400608676 } from './1795400608676-ChatDomain';
import { InitialSchema1795398235446 } from './1795398235446-InitialSchema';
import { MessageSearchPendingList1795427682217 } from './1795427682217-MessageSearchPendingList';
import { Moderation1795856799733 } from './1795856799733-Moderation';
import { InvitationWithdrawn1795859376546 } from './1795859376546-InvitationWithdrawn';

/** Every migration, in order. `npm run migration:generate` writes a new file: add it here. */
export const MIGRATIONS: Function[] = [InitialSchema1795398235446, ChatDomain1795400608676, MessageSearchPendingList1795427682217, Moderation1795856799733,
  InvitationWithdrawn1795859376546,
];
