/**
 * @parley/react: Parley's chat views as React components, driven by @parley/client.
 * Import '@parley/react/theme.css' (the colours, as CSS variables) and '@parley/react/styles.css'.
 */
import { lazy } from 'react';

export { ParleyProvider, useParley, type ParleyContextValue } from './context';
export { RoomList, type RoomListProps } from './components/RoomList';
export { RoomView as Room, type RoomProps } from './components/RoomView';
export { MemberList } from './components/MemberList';

// Building blocks, for a page that lays a room out its own way.
export { MessageList } from './components/MessageList';
export { MessageItem, type MessageContext } from './components/MessageItem';
export { Composer } from './components/Composer';
export { MembersPanel } from './components/MembersPanel';
/** A thread beside the room (its own chunk, loaded when first shown: render it inside <Suspense>). */
export const ThreadPanel = lazy(() => import('./components/ThreadPanel'));
/**
 * Search in one room, inside `Room` or on its own under a `ParleyProvider` (`<SearchPanel roomId={id} />`;
 * its own chunk, loaded when first shown: render it inside <Suspense>).
 */
export const SearchPanel = lazy(() => import('./components/SearchPanel'));
export type { SearchPanelProps } from './components/SearchPanel';
export { showMessage } from './showMessage';

export { useRooms, type RoomsState } from './store';
export { useRoom, type RoomData } from './useRoom';
export { useThread, type ThreadData } from './useThread';
export { useUploads, type Uploads } from './useUploads';
export { formatMessage } from './format';
export { roomTitle } from './display';
export { describe } from './errors';
