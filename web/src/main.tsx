import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The colours (CSS variables), the components' styles, then the app's own layout.
import '@parley/react/theme.css';
import '@parley/react/styles.css';
import './styles.css';
import { App } from './App';
import { registerServiceWorker } from './notifications/serviceWorker';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerServiceWorker();
