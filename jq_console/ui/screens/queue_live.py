"""The queue's live link to the database: at each beat of the console's pulse that found a change
(this process or any other, about once a second: `ui.database_pulse`) it posts only what changed;
the screen applies it to its model (`ui.view_models.queue_model`: every open case's key and agent,
and in full the cases on screen and around them, read as the screen needs them). Beside the queue,
the agents panel is drawn from that model and the office's directory, read when `ui.agents_feed`
says so.
It also notices a new policy version applied meanwhile (`jq-console policy apply`): the console
then opens new cases under it, says so in one line, and reads the queue again in its order."""

from __future__ import annotations

import gc
import threading

from textual import work
from textual.screen import Screen

from jq_console.application.policy import newest_version
from jq_console.domain.cases import Case
from jq_console.i18n import label, t
from jq_console.store import queue_sync
from jq_console.store.changes import ChangeWatcher
from jq_console.store.directory import AgentInfo, agents
from jq_console.store.presence import Board, presence_of
from jq_console.ui.agents_feed import AgentsFeed
from jq_console.ui.database_pulse import look_alone, pulse_of
from jq_console.ui.messages import AgentsRead, PolicyApplied, QueueCasesRead, QueueChanged, QueueLoaded
from jq_console.ui.support import attempt, services_of
from jq_console.ui.view_models.queue_model import QueueModel
from jq_console.ui.widgets.agents_panel import AgentsPanel
from jq_console.ui.widgets.breach_watch import BreachWatch

# Past this many changed cases, reading the whole queue again is cheaper than case by case.
FULL_RELOAD_AFTER = 300
# Every so many changes, also compare every open case's version (see store.queue_sync).
VERSION_CHECK_EVERY = 30
FIRST_PAGE = 200  # cases read in full with a whole read of the queue: its top, what shows first


class LiveQueue(Screen[None]):
    def __init__(self, *, live: bool = True) -> None:
        super().__init__()
        self.live = live  # False (snapshots, tests): looks only when asked, no timers
        self.model = QueueModel(services_of(self).runtime.policy)
        self.breaches = BreachWatch()
        self.agents_feed = AgentsFeed()
        self._agents: list[AgentInfo] | None = None  # the directory last read
        self.agents_panel: AgentsPanel | None = None  # set once mounted (not a query at every read)
        self._watcher: ChangeWatcher | None = None
        self._versions: dict[str, int] = {}
        self._seen: queue_sync.Mark | None = None  # how far the last look read
        # Whole reads asked (a new policy version: on the screen's thread) and made (by the pulse's):
        # while they differ, the next check reads the whole queue again.
        self._rereads_asked = self._rereads_made = 0
        self._failed = False  # the last look failed half-way (the pulse's thread only)
        self._polls = 0
        self._checking = threading.Lock()  # one look of its own at a time: they share the watcher and the versions
        self._policy_seen = services_of(self).runtime.version  # None: no record to follow (a local file)

    def start_watching(self) -> None:
        pulse = pulse_of(self)
        if self.live and pulse is not None:
            pulse.join(self)
        else:
            self._watcher = ChangeWatcher(services_of(self).engine)
            self.poll_once()

    def on_unmount(self) -> None:
        pulse = pulse_of(self)
        if pulse is not None:
            pulse.leave(self)
        if self._watcher is not None:
            self._watcher.close()

    def poll(self) -> None:
        """Check the database now (after a move of ours, or when the screen comes back)."""
        pulse = pulse_of(self)
        if self.live and pulse is not None:
            pulse.wake()
        else:
            self.poll_once()

    @work(thread=True, group="queue-poll")
    def poll_once(self) -> None:
        """A look of the queue's own, when no pulse looks for it (tests, snapshots). Not exclusive:
        cancelling a thread worker does not stop its thread, whose answer would then land after the
        console looked quiet. Two checks in a row (mount, then the screen's first resume) run one
        after the other instead, on the one watcher."""
        with self._checking:
            look_alone(self, self._watcher, self)

    def on_pulse(self, changed: bool) -> None:
        """Post what changed: nothing when the database did not change (this or another process),
        else the cases with new history events; a first load, or a large change, reads it all. Then
        the directory, when the agents panel is due for it."""
        self._follow_queue(changed)
        self._follow_agents(changed)

    def _follow_agents(self, changed: bool) -> None:
        services = services_of(self)
        now, minutes = services.runtime.now(), services.runtime.policy.away_after_minutes

        def read() -> AgentsRead | None:
            if not self.agents_feed.due(changed, now):
                return None
            try:
                infos = agents(services.engine)
            except Exception:
                self.agents_feed.ask()  # read again at the next beat; `attempt` says what failed
                raise
            self.agents_feed.read(infos, now, minutes)
            return AgentsRead(infos)

        message = attempt(self, read)
        if message is not None:
            self.post_message(message)

    def _follow_queue(self, changed: bool) -> None:
        settled = self._seen is not None and self._rereads_asked == self._rereads_made and not self._failed
        if not changed and settled:
            return
        engine, policy = services_of(self).engine, services_of(self).runtime.policy

        def load() -> QueueLoaded | QueueChanged:
            # What was read is remembered only once every read of the look succeeded: a look that
            # failed half-way is made again whole at the next beat, and nothing it saw is lost.
            self._notice_policy()
            self._polls += 1
            asked, previous = self._rereads_asked, self._seen
            found = (
                None if previous is None or asked != self._rereads_made else queue_sync.changed_since(engine, previous)
            )
            if found is None or found[1] is None:  # a first look, asked for, or another database
                whole = queue_sync.whole_queue(engine, policy, FIRST_PAGE)
                self._seen, self._versions, self._rereads_made = whole.mark, whole.versions, asked
                return QueueLoaded(whole.keys, whole.top, whole.holders, replaced=found is not None)
            last, codes = found[0], found[1]
            versions = self._versions
            if self._polls % VERSION_CHECK_EVERY == 0:
                versions = queue_sync.open_versions(engine)
                known = self._versions
                codes = sorted(
                    {
                        *codes,
                        *(c for c, v in versions.items() if known.get(c) != v),
                        *(c for c in known if c not in versions),
                    }
                )
            if len(codes) > FULL_RELOAD_AFTER:
                whole = queue_sync.whole_queue(engine, policy, FIRST_PAGE)
                message: QueueLoaded | QueueChanged = QueueLoaded(whole.keys, whole.top, whole.holders)
                last, versions = whole.mark, whole.versions
            else:
                message = QueueChanged(queue_sync.cases_by_code(engine, codes), [])
            self._seen, self._versions = last, versions
            return message

        message = attempt(self, load)
        self._failed = message is None  # told on screen; the next beat looks again, changed or not
        if message is not None:
            self.post_message(message)

    def _notice_policy(self) -> None:
        """In the checking thread: post `PolicyApplied` once per newer version in force."""
        if self._policy_seen is None:
            return
        number = newest_version(services_of(self).engine)
        if number is not None and number != self._policy_seen:
            self._policy_seen = number
            self.post_message(PolicyApplied(number))

    def on_policy_applied(self, message: PolicyApplied) -> None:
        runtime = services_of(self).runtime
        if not runtime.follow(message.number):
            return
        self.model.policy = runtime.policy  # the new version's queue order, from the next load
        self._rereads_asked += 1  # the next check reads the whole queue again
        self.agents_feed.ask()  # the new version may say after how long silence means away
        self.notify(t("ui.policy_version", number=message.number), timeout=10)
        self.poll()

    def on_queue_loaded(self, message: QueueLoaded) -> None:
        if message.replaced:
            self.notify(t("ui.database_replaced"), severity="warning", timeout=15)
        self.model.replace_all(message.keys, message.cases, message.holders)
        # Thousands of long-lived keys would make every full garbage collection scan them (a pause
        # now and then); they hold no cycles, so keep the collector off them.
        gc.freeze()
        self.breaches.load(self.model.keys, services_of(self).runtime.now())
        self._reloaded()
        self._show()
        self._show_agents()

    def _reloaded(self) -> None:
        """The queue was read whole (the filter's keys are read again)."""

    def on_queue_changed(self, message: QueueChanged) -> None:
        if not message.changed and not message.removed:
            return
        self.model.apply(message.changed, message.removed)
        for case in self.breaches.update(message.changed, services_of(self).runtime.now()):
            self._announce(case)
        self._show()

    def on_queue_cases_read(self, message: QueueCasesRead) -> None:
        """Cases read to be shown, or whose deadline passed: those still open as the queue knows
        them are held (`QueueModel.add`); a passed deadline is announced if the case broke it."""
        if message.passed:
            for case in self.breaches.update(message.cases, services_of(self).runtime.now()):
                self._announce(case)
        if self.model.add(message.cases) or message.passed:
            self._show()

    @work(thread=True, group="queue-cases")
    def read_cases(self, codes: list[str], passed: bool = False) -> None:
        """Read open cases in full by code (see `on_queue_cases_read`)."""
        engine = services_of(self).engine
        found = attempt(self, lambda: queue_sync.cases_by_code(engine, codes))
        if found is not None:
            self.post_message(QueueCasesRead(found, passed))

    def on_agents_read(self, message: AgentsRead) -> None:
        self._agents = message.agents
        self._show_agents()

    def on_agents_panel_stale(self, message: AgentsPanel.Stale) -> None:
        self.agents_feed.ask()
        self.poll()

    def _show_agents(self) -> None:
        """The agents panel from the directory last read and the open cases' agents the queue keeps,
        drawn at each read of the directory and each whole read of the queue. Between two reads of the
        directory the counts follow the queue in memory and are drawn with the next one."""
        panel = self.agents_panel
        if self._agents is None or panel is None:
            return
        runtime = services_of(self).runtime
        people = presence_of(self._agents, self.model.open_by_agent, runtime.now(), runtime.policy.away_after_minutes)
        panel.show(Board(people, self.model.urgent_codes()))

    def _show(self) -> None:
        raise NotImplementedError

    def _announce(self, case: Case) -> None:
        """A breach, once: a toast that stays a while and the terminal bell."""
        kind = label("kind", case.pending_kind or "resolution")
        self.notify(
            t("ui.breach", code=case.code, kind=kind, client=case.client_name),
            title=t("ui.breach_title"),
            severity="error",
            timeout=15,
        )
        self.app.bell()
