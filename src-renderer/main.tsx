import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { adoptToken, connectionState, initTransport, isApiError } from './api/client';
import { shouldRetryQuery } from './api/transport';
import { tokenFromHash } from './api/token';
import { App } from './app/App';
import { NoToken } from './components/NoToken';
import { initI18n } from './i18n';

const i18n = initI18n('ru');
const setup = initTransport();
// A new console link pasted into this tab changes only the fragment (no page load): the page
// takes its token in place, so what the operator typed survives a restarted host. Without a
// transport yet (the «no key» screen) there is nothing to keep: start over with the link.
window.addEventListener('hashchange', () => {
  const token = tokenFromHash(window.location.hash);
  if (token === null) return;
  if (!adoptToken(token)) return window.location.reload();
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Host events keep data current (directory:changed, profiles:changed); focus refetch adds nothing.
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      // Only a slow host is worth retrying; a VALIDATION or NOT_FOUND answer will not change.
      retry: (count, err) => shouldRetryQuery(count, isApiError(err) ? err.code : null, connectionState()),
    },
    mutations: { retry: false },
  },
});

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root');
createRoot(rootEl).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      {setup.ok ? (
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      ) : (
        <NoToken />
      )}
    </I18nextProvider>
  </StrictMode>,
);
