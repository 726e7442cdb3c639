import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useHostEventsToQueries } from '../api/hostEvents';
import { FeatureBoundary } from '../components/ErrorBoundary';
import { NewLinkPrompt } from './NewLinkPrompt';
import { ShortcutSheet } from './ShortcutSheet';
import { DeskContext, TopBar } from './TopBar';
import { CallDock } from '../features/calls/CallDock';
import { CallLogPanel } from '../features/calls/CallLogPanel';
import { DirectoryPanel } from '../features/directory/DirectoryPanel';
import { IdentificationPanel } from '../features/identification/IdentificationPanel';
import { SettingsPanel } from '../features/settings/SettingsPanel';
import { SoftphoneSettings } from '../features/softphone/SoftphoneSettings';
import { useTicketEvents } from '../features/tickets/queries';
import { useTicketsTabKeys } from '../features/tickets/TicketsPanel';
import { useCalls } from '../shared/liveCall';
import { noteHostOffset } from '../lib/hostClock';
import { TicketsPanel } from '../features/tickets/TicketsPanel';
import { VisitBookingDialog } from '../features/visits/VisitBookingDialog';
import { useSoftphone } from '../features/softphone/useSoftphone';
import { useLiveCalls } from '../features/calls/useLiveCalls';
import { useAgentEvents } from '../features/agent/queries';
import { applyLocale } from '../i18n';
import { globalShortcut, keyInput } from '../lib/keys';
import { TABS, useAppUi, type Tab } from '../shared/appUi';

export function App() {
  const { t } = useTranslation();
  const tab = useAppUi((s) => s.tab);
  const setTab = useAppUi((s) => s.setTab);
  const setLocale = useAppUi((s) => s.setLocale);
  useHostEventsToQueries();

  // The saved language comes with app:info; until then the UI is Russian.
  const info = useQuery({ queryKey: ['app', 'info'], queryFn: () => call('app:info', {}), staleTime: Infinity });
  const savedLocale = info.data?.locale;
  useEffect(() => {
    if (savedLocale) {
      setLocale(savedLocale);
      void applyLocale(savedLocale);
    }
  }, [savedLocale, setLocale]);

  useGlobalKeys();
  useAgentEvents();
  // Tickets: the host's `tickets:changed` refreshes every ticket view; `n` and Alt+5.
  useTicketEvents();
  useTicketsTabKeys();
  // The tickets tab mounts when first shown (then stays, like the others): its list is fetched
  // when it is wanted, and nothing ticks in a tab nobody has opened.
  const [ticketsShown, setTicketsShown] = useState(false);
  useEffect(() => {
    if (tab === 'tickets') setTicketsShown(true);
  }, [tab]);

  return (
    <div className="app">
      <CallsRuntime />
      <TopBar />
      <NewLinkPrompt />
      {/* The landmark holds the tab list: a nav with role="tablist" is no longer a landmark. */}
      <nav className="tabs-nav" aria-label={t('tabs.label')}>
        <div className="tabs" role="tablist" aria-label={t('tabs.label')}>
          {TABS.map((id, i) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-controls={`panel-${id}`}
              aria-selected={tab === id}
              tabIndex={tab === id ? 0 : -1}
              className={tab === id ? 'tab tab-active' : 'tab'}
              onClick={() => setTab(id)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] as Tab;
                  setTab(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }
              }}
              data-testid={`tab-${id}`}
              aria-keyshortcuts={`Alt+${i + 1}`}
            >
              {t(`tabs.${id}`)}
            </button>
          ))}
        </div>
        <DeskContext />
      </nav>
      {/* The call dock (issue 11): its own grid row under the tabs, empty between calls. */}
      <div className="call-dock-slot">
        <FeatureBoundary feature="call-dock">
          <CallDock />
        </FeatureBoundary>
      </div>
      <main className="panels">
        {/* One h1 per screen for screen readers (the design shows the tab, not a title). */}
        <h1 className="sr-only" data-testid="screen-title">
          {t('app.title')}: {t(`tabs.${tab}`)}
        </h1>
        {/* Inactive panels stay mounted (hidden): a running import or a typed search survives a tab switch. */}
        <section id="panel-identification" role="tabpanel" aria-labelledby="tab-identification" hidden={tab !== 'identification'} className="panel">
          <FeatureBoundary feature="identification">
            <IdentificationPanel />
          </FeatureBoundary>
        </section>
        <section id="panel-directory" role="tabpanel" aria-labelledby="tab-directory" hidden={tab !== 'directory'} className="panel">
          <FeatureBoundary feature="directory">
            <DirectoryPanel />
          </FeatureBoundary>
        </section>
        <section id="panel-settings" role="tabpanel" aria-labelledby="tab-settings" hidden={tab !== 'settings'} className="panel">
          <FeatureBoundary feature="softphone-settings">
            <SoftphoneSettings />
          </FeatureBoundary>
          <FeatureBoundary feature="settings">
            <SettingsPanel />
          </FeatureBoundary>
        </section>
        <section id="panel-calls" role="tabpanel" aria-labelledby="tab-calls" hidden={tab !== 'calls'} className="panel">
          <FeatureBoundary feature="calls">
            <CallLogPanel />
          </FeatureBoundary>
        </section>
        <section id="panel-tickets" role="tabpanel" aria-labelledby="tab-tickets" hidden={tab !== 'tickets'} className="panel panel-tickets">
          <FeatureBoundary feature="tickets">{ticketsShown || tab === 'tickets' ? <TicketsPanel /> : null}</FeatureBoundary>
        </section>
      </main>
      <FeatureBoundary feature="visits">
        <VisitBookingDialog />
      </FeatureBoundary>
      <ShortcutSheet />
    </div>
  );
}

/**
 * What the softphone and the live calls run for the whole window, in a component of its own that
 * renders nothing: every `calls:state` re-renders it, not the App (whose re-render would redo every
 * panel before a ringing call's Answer button could paint: bench:calls, issue 11 item 5).
 */
function CallsRuntime(): null {
  // The softphone: registration events, media engine, ring tone, notification.
  useSoftphone();
  // The live calls: their events into the shared snapshot, wrap-ups, screen pop, verification on the call.
  useLiveCalls();
  // The host's clock (SLA clocks, the top bar) from the calls snapshot, which every console loads.
  const callsOffset = useCalls().data?.offsetMs;
  useEffect(() => {
    if (callsOffset !== undefined) noteHostOffset(callsOffset);
  }, [callsOffset]);
  return null;
}

function useGlobalKeys(): void {
  const focusSearch = useAppUi((s) => s.focusSearch);
  const setShortcutsOpen = useAppUi((s) => s.setShortcutsOpen);
  const setTab = useAppUi((s) => s.setTab);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = globalShortcut(keyInput(e));
      if (!action) return;
      e.preventDefault();
      if (action.type === 'focus-search') focusSearch();
      else if (action.type === 'shortcuts') setShortcutsOpen(true);
      else {
        const next = TABS[action.index];
        if (next) setTab(next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusSearch, setShortcutsOpen, setTab]);
}
