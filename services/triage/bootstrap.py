"""Triage's one wiring root: every object is built here, once, in dependency order, and handed to
what uses it at construction (docs/architecture.md shows the layers).

    settings, seeds, keyring, clock
      → the console's live stream (hub, broker fan-out) and the publisher that announces to it
        (supervised: it exists before the broker answers; requests to notifier sealed on the way)
      → stores (adapters/: every repository over the one database handle)
      → workflows (assignment, SLA, system alerts, the counselors' actions)
      → handlers (one LINE event; delivery feedback)
      → periodic rounds, the console API's parts, the broker supervisor and its consumers

`build(settings)` returns the `Triage` runtime (runtime.py), which `app.py` starts; tests pass a private database, a fake publisher, a stepping
clock or cheap password hashing through the same function.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Gauge

from services.triage.adapters.live_fanout import LiveFanout
from services.triage.adapters.passwords import Passwords
from services.triage.adapters.seeds import Seeds, load_seeds
from services.triage.adapters.stores import TriageStores, case_history, open_database
from services.triage.api.access import CaseAccess
from services.triage.api.action_routes import ActionRoutes
from services.triage.api.case_routes import CaseRoutes
from services.triage.api.context import AuthContext
from services.triage.api.conversation_routes import ConversationRoutes
from services.triage.api.handoff import Handoff
from services.triage.api.history_routes import HistoryRoutes
from services.triage.api.intake_routes import IntakeRoutes
from services.triage.api.live_routes import LiveRoutes
from services.triage.api.mount import RouteGroup, console_auth_config
from services.triage.api.outreach_routes import OutreachRoutes
from services.triage.api.queue_routes import QueueRoutes
from services.triage.api.ratelimit import InMemoryLoginLimiter
from services.triage.api.retention_routes import RetentionRoutes
from services.triage.api.risk_feedback_routes import RiskFeedbackRoutes
from services.triage.api.session_check import SessionCheck
from services.triage.api.sessions import Sessions
from services.triage.api.staff_routes import StaffRoutes
from services.triage.api.template_routes import TemplateRoutes
from services.triage.config import Settings
from services.triage.consumers import TriageConsumers
from services.triage.domain.intake_prompt import IntakePrompt
from services.triage.domain.ports import Clock, Publisher
from services.triage.domain.sessions import SessionPolicy
from services.triage.domain.sla import SlaTargets
from services.triage.handlers import LineEventHandler
from services.triage.handlers.appointments import AppointmentHandler
from services.triage.handlers.cases import CasePlacement
from services.triage.handlers.chats import GroupChatReply
from services.triage.handlers.feedback import FeedbackHandler
from services.triage.handlers.friends import FriendHandler
from services.triage.handlers.hours import HoursStep
from services.triage.handlers.messages import MessageHandler
from services.triage.handlers.risk import RiskStep
from services.triage.metrics import TriageMetrics
from services.triage.risk import RiskAssessor
from services.triage.runtime import Triage
from services.triage.workflows.alerts import SystemAlerts
from services.triage.workflows.appointments import Appointments
from services.triage.workflows.assign import Assigner
from services.triage.workflows.case_actions import CaseActions
from services.triage.workflows.commit import CaseCommitter
from services.triage.workflows.handover import Handover
from services.triage.workflows.intake import IntakeQuestions
from services.triage.workflows.live import LiveHub, LiveNotices, NoticingPublisher
from services.triage.workflows.next_response import NextResponseCheck
from services.triage.workflows.outreach import OutreachProposals
from services.triage.workflows.periodic import Intervals, PeriodicWork
from services.triage.workflows.referrals import Referrals
from services.triage.workflows.reply import Replies
from services.triage.workflows.reseal import ResealRound
from services.triage.workflows.resend import Resends
from services.triage.workflows.retention import RetentionPurge
from services.triage.workflows.satisfaction import Satisfaction
from services.triage.workflows.sla_check import SlaChecker
from shared.crypto import Keyring
from shared.events import AlertContact, utcnow
from shared.intake_options import ChannelRegistry, load_channels
from shared.outbound_sealing import SealingPublisher
from shared.service_runtime import BrokerSupervisor, SupervisedPublisher

__all__ = ["Triage", "build"]


def sla_targets(settings: Settings) -> SlaTargets:
    s = settings
    return SlaTargets.from_seconds(
        emergency=s.sla_emergency_s, high=s.sla_high_s, medium=s.sla_other_s, low=s.sla_other_s
    )


def next_response_targets(settings: Settings) -> SlaTargets:
    urgent, other = settings.next_response_urgent_s, settings.next_response_other_s
    return SlaTargets.from_seconds(emergency=urgent, high=urgent, medium=other, low=other)


def build(
    settings: Settings,
    *,
    db: Any = None,
    assessor: RiskAssessor | None = None,
    seeds: Seeds | None = None,
    clock: Clock | None = None,
    passwords: Passwords | None = None,
    publisher: Publisher | None = None,
    registry: CollectorRegistry | None = None,
    channels: ChannelRegistry | None = None,
) -> Triage:
    """Build triage. `db` (a private substitute), `publisher` (a fake), `clock`, `passwords` (cheap
    hashing) and `seeds` are for tests; `assessor` lets a test suite load the tokenizer once."""
    seeds = seeds or load_seeds(settings.seeds_dir)
    channels = channels or load_channels(settings.seeds_dir)
    clock = clock or utcnow
    keyring = Keyring.from_spec(settings.encryption_keys)
    registry = registry or CollectorRegistry()
    supervised = SupervisedPublisher()
    database = db if db is not None else open_database(settings.mongodb_url, settings.mongodb_database)
    history = case_history(database)
    hub = LiveHub(history)
    streams = Gauge(
        "tsunagari_triage_console_live_streams", "Console live streams (SSE) open here.", registry=registry
    )
    streams.set_function(lambda: hub.open_streams)
    fanout = LiveFanout(settings.topology, hub.receive)
    live = LiveNotices(hub, fanout, history)
    # On the broker a request to notifier is sealed (her LINE id, the words, a partner's details);
    # a test's fake publisher stands in for the broker and sees what triage asked, in plain.
    wire = SealingPublisher(supervised, keyring)
    publisher = NoticingPublisher(publisher or wire, live)
    policy = SessionPolicy(
        idle_timeout=timedelta(seconds=settings.session_idle_timeout_s),
        absolute_timeout=timedelta(seconds=settings.session_absolute_timeout_s),
    )
    passwords = passwords or Passwords()
    stores = TriageStores.open(
        database, keyring, publisher, session_policy=policy, passwords=passwords, history=history
    )
    targets = sla_targets(settings)

    # Workflows
    committer = CaseCommitter(stores.cases, stores.outbox, clock)
    duty_desk = AlertContact(
        name=settings.service_contact_name, role="supervisor", phone=settings.service_contact_phone
    )
    alerts = SystemAlerts(seeds.routing, duty_desk, stores.tracking, clock)
    assigner = Assigner(stores.assignments, stores.seats, stores.outbox)
    metrics = TriageMetrics(registry)
    sla = SlaChecker(
        stores.cases,
        stores.assignments,
        stores.seats,
        stores.outbox,
        alerts,
        assigner,
        clock,
        targets,
        on_breach=metrics.breach,
    )
    handover = Handover(
        seats=stores.seats, assignments=stores.assignments, outbox=stores.outbox, assigner=assigner, clock=clock
    )
    replies = Replies(
        consulters=stores.consulters,
        reply_tokens=stores.reply_tokens,
        conversation=stores.conversation,
        tracking=stores.tracking,
        cases=stores.cases,
        committer=committer,
        handover=handover,
        words=seeds.words,
        clock=clock,
        token_ttl=timedelta(seconds=settings.reply_token_ttl_s),
        targets=targets,
    )
    intake = IntakeQuestions(
        prompt=IntakePrompt(channels, seeds.words),
        replies=seeds.replies,
        consulters=stores.consulters,
        once=stores.once,
        tracking=stores.tracking,
        committer=committer,
        clock=clock,
    )
    resends = Resends(
        conversation=stores.conversation,
        tracking=stores.tracking,
        consulters=stores.consulters,
        committer=committer,
        clock=clock,
    )
    satisfaction = Satisfaction(
        enabled=settings.satisfaction_question,
        consulters=stores.consulters,
        conversation=stores.conversation,
        tracking=stores.tracking,
        answers=stores.satisfaction,
        audit=stores.audit,
        live=live,
        words=seeds.words,
        clock=clock,
    )
    actions = CaseActions(
        committer=committer,
        notes=stores.notes,
        seats=stores.seats,
        consulters=stores.consulters,
        messages=stores.messages,
        corrections=stores.risk_corrections,
        tracking=stores.tracking,
        satisfaction=satisfaction,
        clock=clock,
        intake=intake,
    )
    referrals = Referrals(
        committer=committer, tracking=stores.tracking, clock=clock, contact_phone=settings.service_contact_phone
    )
    proposals = OutreachProposals(committer=committer, tracking=stores.tracking, clock=clock)
    appointments = Appointments(
        replies=seeds.replies,
        cases=stores.cases,
        consulters=stores.consulters,
        conversation=stores.conversation,
        tracking=stores.tracking,
        records=stores.outreach,
        committer=committer,
        clock=clock,
    )
    next_response = NextResponseCheck(
        stores.next_replies, stores.outbox, alerts, clock, next_response_targets(settings)
    )

    # Handlers
    group_chat = GroupChatReply(settings.pseudonym_key, seeds.replies)
    messages = MessageHandler(
        consulters=stores.consulters,
        messages=stores.messages,
        after_message=stores.after_message,
        placement=CasePlacement(stores.cases, timedelta(hours=settings.reopen_window_hours)),
        risk=RiskStep(
            assessor or RiskAssessor.default(),
            stores.messages,
            stores.cases,
            settings.recent_messages_for_risk,
        ),
        hours=HoursStep(
            schedule=seeds.schedule,
            replies=seeds.replies,
            once=stores.once,
            consulters=stores.consulters,
            tracking=stores.tracking,
            conversation=stores.conversation,
            alerts=alerts,
            clock=clock,
            mention_outreach=settings.replies_mention_outreach,
        ),
        group_chat=group_chat,
        pseudonym_key=settings.pseudonym_key,
        available_languages=seeds.replies.languages,
    )
    line_events = LineEventHandler(
        line_events=stores.line_events,
        messages=messages,
        friends=FriendHandler(
            stores.consulters, stores.line_events, satisfaction, settings.pseudonym_key, intake, appointments
        ),
        group_chat=group_chat,
        assigner=assigner,
        publisher=publisher,
        clock=clock,
        keyring=keyring,
    )
    feedback = FeedbackHandler(stores.tracking, live)
    periodic = PeriodicWork(
        assigner=assigner,
        sla=sla,
        next_response=next_response,
        outbox=stores.outbox,
        assignments=stores.assignments,
        seats=stores.seats,
        retention=RetentionPurge(stores.retention, clock, timedelta(days=settings.retention_days)),
        refresh_metrics=lambda: metrics.refresh(stores.cases, stores.assignments, clock()),
        reseal=ResealRound(stores.reseal, metrics.sealed_with_old_keys),
        clock=clock,
        intervals=Intervals(
            assignment_s=settings.assign_interval_s,
            sla_s=settings.sla_check_interval_s,
            seats_s=settings.reconcile_interval_s,
            outbox_grace_s=settings.outbox_grace_s,
            retention_s=settings.retention_interval_s,
            reseal_s=settings.reseal_interval_s,
        ),
    )

    # The console API (route groups in mount order: fixed paths before `/api/cases/{case_id}`)
    sessions = Sessions(stores.sessions, policy)
    auth = AuthContext(
        users=stores.staff,
        sessions=sessions,
        limiter=InMemoryLoginLimiter(),
        audit=stores.audit,
        passwords=passwords,
        clock=clock,
        config=console_auth_config(settings.trusted_proxy_networks),
    )
    access = CaseAccess(stores.cases, stores.audit)
    routes: tuple[RouteGroup, ...] = (
        LiveRoutes(hub=hub, sessions=sessions, clock=clock),
        StaffRoutes(staff=stores.staff, seats=stores.seats, clock=clock),
        TemplateRoutes(templates=stores.templates, access=access, clock=clock),
        QueueRoutes(
            access=access,
            cases=stores.cases,
            seats=stores.seats,
            staff=stores.staff,
            tracking=stores.tracking,
            clock=clock,
            targets=targets,
            next_targets=next_response_targets(settings),
        ),
        HistoryRoutes(access=access, history=stores.history, staff=stores.staff),
        CaseRoutes(
            access=access,
            consulters=stores.consulters,
            conversation=stores.conversation,
            notes=stores.notes,
            tracking=stores.tracking,
            audit_log=stores.audit,
            actions=actions,
            staff=stores.staff,
            handoff=Handoff(history=stores.history, notes=stores.notes, access=access),
            outreach=stores.outreach,
        ),
        ActionRoutes(
            access=access,
            cases=stores.cases,
            replies=replies,
            actions=actions,
            referrals=referrals,
            handover=handover,
        ),
        OutreachRoutes(access=access, proposals=proposals, records=stores.outreach),
        ConversationRoutes(access=access, resends=resends, consulters=stores.consulters, clock=clock),
        RetentionRoutes(access=access, retention=stores.retention),
        RiskFeedbackRoutes(access=access, corrections=stores.risk_corrections, clock=clock),
        IntakeRoutes(channels=channels),
    )

    # The broker: its consumers run the handlers above.
    appointment_handler = AppointmentHandler(appointments)
    consumers = TriageConsumers(
        line_events=line_events,
        feedback=feedback,
        appointments=appointment_handler,
        live=fanout,
        inbox=stores.inbox,
        topology=settings.topology,
        prefetch=settings.prefetch,
        registry=registry,
    )
    broker = BrokerSupervisor(settings, "triage", consumers, publisher=supervised)
    return Triage(
        settings=settings,
        seeds=seeds,
        clock=clock,
        stores=stores,
        publisher=publisher,
        line_events=line_events,
        feedback=feedback,
        appointments=appointment_handler,
        assigner=assigner,
        sla=sla,
        periodic=periodic,
        auth=auth,
        routes=routes,
        session_check=SessionCheck(settings.staff_assertion_key, clock),
        live=hub,
        broker=broker,
        registry=registry,
    )
