/**
 * What Parley's own web app (web/) shares with the components beyond the public API: forms and dialogs,
 * reports, search helpers, display helpers. Not a stable interface for other pages.
 */
import { lazy } from 'react';

export { Dialog } from './components/Dialog';
/** A message's edit history (its own chunk): render inside `<Suspense>`. */
export const HistoryDialog = lazy(() => import('./components/HistoryDialog'));
export { Field, FormOutcome, useFormState, type FormState } from './components/fields';
export { REASONS, ReportDialog, type ReportReason } from './components/ReportDialog';
export { canManage } from './membership';
export { highlight, highlightTerms, hitText } from './highlight';
export { cursorParam, resultSummary, useSearch } from './useSearch';
export { dayLabel, dayOf, roomTitle, timeOf } from './display';
export { describe } from './errors';
export { formatMessage } from './format';
export { renameInMessages, renameMessages } from './people';
