"""The whole journey, live: several candidates at once against the four services as processes.

Five candidates play at the same time. Ada and Grace practise, pay, pass and take work; Linus
fails, pays again and passes on the retake; Ken pays, fails and stops; Barbara only practises.
Everything they cause is read back from the public topics, the way an analyst would: each
candidate's events in order, no certification key and no per-item result of a certification
attempt in any HTTP response, service log line or public event (practice results do show their
own items' keys and explanations: that is the feedback a practice test gives), the tap's
funnel equal to what happened, and the item statistics of the graded certification attempts
published without any of the bank's content.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.events import (
    CheckoutStarted,
    FormStatisticsPublished,
    ItemStatisticsPublished,
    MatchAccepted,
    MatchOffered,
    PaymentCaptured,
    PracticeTestCompleted,
    ReviewerQualified,
    TestFailed,
    TestPassed,
    TestStarted,
    WorkClosed,
    WorkPosted,
)
from jobpeak_contracts.events.matching import WorkCloseReason
from jobpeak_contracts.questions import QuestionPool
from jobpeak_devstack.platform import SERVICE_NAMES, Platform
from jobpeak_journey.answer_keys import AnswerKeys, leaked_texts
from jobpeak_journey.cli import run_demo
from jobpeak_journey.client import PlatformClient, RecordedResponse, ResponseLog
from jobpeak_journey.events import PublicTopicWatcher, SeenEvent
from jobpeak_journey.journey import play_candidate
from jobpeak_journey.plan import CandidatePlan, CandidateStory
from jobpeak_runtime.auth import Role
from jobpeak_runtime.testing import wait_until
from jobpeak_tap.consume import TapOptions, tap
from jobpeak_tap.funnel import Funnel, build_funnel
from jobpeak_tap.itemstats_job import read_to_end
from jobpeak_tap.store import TapStore
from jobpeak_tap.topics import public_topics

from tests.e2e.approve_both_ways import answer_approve_correct_both_ways
from tests.e2e.item_statistics_scan import publish_item_statistics

pytestmark = pytest.mark.e2e

SUBJECTS = {
    "Ada": "Ada-Lovelace",
    "Grace": "grace.hopper@example.org",
    "Linus": "linus_torvalds",
    "Ken": "Ken Thompson",
    "Barbara": "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d",
}
"""What an identity provider might put in each candidate's ``sub``: none of it may get out."""
PLANS = (
    CandidatePlan("Ada"),
    CandidatePlan("Grace"),
    CandidatePlan("Linus", certifications=(False, True)),
    CandidatePlan("Ken", certifications=(False,)),
    CandidatePlan("Barbara", certifications=()),
)


@dataclass
class PlayedJourneys:
    stories: list[CandidateStory]
    seen: list[SeenEvent]
    responses: list[RecordedResponse]
    funnel: Funnel
    unmarked: Counter[str]
    """Event names of the tapped events not marked synthetic (left in reports by default)."""


def expected_journey(story: CandidateStory) -> list[str]:
    """The event names a candidate's journey causes, in the order it causes them."""
    names: list[str] = []
    if story.practice is not None:
        names += ["TestStarted", "PracticeTestCompleted"]
    for sat in story.certifications:
        verdict = "TestPassed" if sat.result.passed else "TestFailed"
        names += ["CheckoutStarted", "PaymentCaptured", "TestStarted", verdict]
    if story.accepted is not None:
        names += ["ReviewerQualified", "MatchOffered", "MatchAccepted"]
    return names


def events_of(seen: list[SeenEvent], candidate_id: str) -> list[SeenEvent]:
    """A candidate's events in causal order: by CloudEvents time, ties in consumption order."""
    mine = [
        record for record in seen if getattr(record.event, "candidate_id", None) == candidate_id
    ]
    return sorted(mine, key=lambda record: record.envelope.time)


@pytest.fixture(scope="module")
async def answer_keys() -> AnswerKeys:
    return AnswerKeys.from_seed()


@pytest.fixture(scope="module")
async def played(private_platform: Platform, answer_keys: AnswerKeys) -> PlayedJourneys:
    layout = private_platform.layout
    seen: list[SeenEvent] = []
    watcher = PublicTopicWatcher(
        bootstrap=layout.kafka_bootstrap,
        topic_prefix=layout.topic_prefix,
        on_event=seen.append,
        from_beginning=True,
    )
    log = ResponseLog()
    await watcher.start()
    try:
        async with PlatformClient.connect(private_platform, on_response=log.record) as client:
            stories = list(
                await asyncio.gather(
                    *(
                        play_candidate(
                            client,
                            keys=answer_keys,
                            plan=plan,
                            candidate=client.caller(Role.CANDIDATE, SUBJECTS[plan.name]),
                        )
                        for plan in PLANS
                    )
                )
            )

        def every_journey_arrived() -> bool:
            watcher.raise_if_failed()
            closed = {r.key for r in seen if isinstance(r.event, WorkClosed)}
            return all(
                len(events_of(seen, story.candidate.subject)) >= len(expected_journey(story))
                and (story.work is None or str(story.work.work_id) in closed)
                for story in stories
            )

        await wait_until(every_journey_arrived, within=60, message="every journey's events")
    finally:
        await watcher.stop()

    store = TapStore(layout.state_dir / "tap.duckdb")
    try:
        await tap(
            TapOptions(
                bootstrap=layout.kafka_bootstrap,
                topics=public_topics(),
                topic_prefix=layout.topic_prefix,
                idle_seconds=3,
            ),
            store,
        )
        funnel = build_funnel(store.events(include_synthetic=True))
        unmarked = Counter(stored.event.event_name for stored in store.events())
    finally:
        store.close()
    return PlayedJourneys(
        stories=stories, seen=seen, responses=log.responses, funnel=funnel, unmarked=unmarked
    )


async def test_each_candidate_s_events_arrive_in_order_on_the_public_topics(
    played: PlayedJourneys,
) -> None:
    for story in played.stories:
        candidate_id = story.candidate.subject
        mine = events_of(played.seen, candidate_id)
        assert [record.event.event_name for record in mine] == expected_journey(story), (
            story.plan.name
        )
        assert {record.key for record in mine} == {candidate_id}

        payments = [r.event for r in mine if isinstance(r.event, CheckoutStarted | PaymentCaptured)]
        assert [event.order_id for event in payments] == [
            order.order_id for order in story.orders for _ in range(2)
        ]
        started = [r.event for r in mine if isinstance(r.event, TestStarted)]
        certifications = [event for event in started if event.kind is BlueprintKind.CERTIFICATION]
        assert [event.order_id for event in certifications] == [o.order_id for o in story.orders]
        assert [event.attempt_number for event in certifications] == list(
            range(1, len(story.orders) + 1)
        )
        graded = [
            r.event
            for r in mine
            if isinstance(r.event, PracticeTestCompleted | TestPassed | TestFailed)
        ]
        sat = ([story.practice] if story.practice else []) + story.certifications
        assert [(e.attempt_id, e.total_score) for e in graded] == [
            (s.attempt.attempt_id, s.result.total_score) for s in sat
        ]
        offers = [r.event for r in mine if isinstance(r.event, MatchOffered | MatchAccepted)]
        if story.accepted is not None:
            assert [(e.offer_id, e.work_id) for e in offers] == [
                (story.accepted.offer_id, story.accepted.work_id)
            ] * 2
        qualified = [r.event for r in mine if isinstance(r.event, ReviewerQualified)]
        assert [(q.attempt_id, q.due_by - q.qualified_at) for q in qualified] == [
            (s.attempt.attempt_id, timedelta(days=7))
            for s in story.certifications
            if s.result.passed
        ]


async def test_every_posted_work_is_offered_accepted_and_closed_as_filled(
    played: PlayedJourneys,
) -> None:
    posted = {story.work.work_id: story.work for story in played.stories if story.work}
    accepted = [story.accepted.work_id for story in played.stories if story.accepted]
    assert len(posted) == 3
    assert sorted(accepted) == sorted(posted)  # each reviewer took a different piece of work
    for work_id, work in posted.items():
        records = [
            r for r in played.seen if r.topic == "matching.work.v1" and r.key == str(work_id)
        ]
        assert [r.event.event_name for r in records] == ["WorkPosted", "WorkClosed"]
        opened, closed = (record.event for record in records)
        assert isinstance(opened, WorkPosted)
        assert isinstance(closed, WorkClosed)
        assert (opened.seats, opened.hourly_rate) == (work.seats, work.hourly_rate)
        assert (closed.reason, closed.seats_filled) == (WorkCloseReason.FILLED, 1)


def _without_served_options(body: Any) -> Any:
    """An attempt's items list every option, the keyed one among them, by design: leave those
    lists out and look for keys everywhere else."""
    if isinstance(body, dict):
        return {
            key: _without_served_options(value) for key, value in body.items() if key != "options"
        }
    if isinstance(body, list):
        return [_without_served_options(value) for value in body]
    return body


def _without_feedback(body: Any, feedback: list[dict[str, Any]]) -> Any:
    """``body`` without practice feedback lists, which are collected into ``feedback``."""
    if isinstance(body, dict):
        feedback += body.get("feedback") or []
        return {
            key: _without_feedback(value, feedback)
            for key, value in body.items()
            if key != "feedback"
        }
    if isinstance(body, list):
        return [_without_feedback(value, feedback) for value in body]
    return body


KEY_FIELDS = frozenset(
    {"answer", "answer_key", "explanation", "correct", "correct_response", "is_correct"}
)
ITEM_RESULT_FIELDS = frozenset({"responses", "correct", "feedback", "correct_response"})
"""Fields that would carry per-item correctness (ItemResponsesRecorded, practice feedback)."""


def field_names(body: Any) -> set[str]:
    if isinstance(body, dict):
        return set(body) | {name for value in body.values() for name in field_names(value)}
    if isinstance(body, list):
        return {name for value in body for name in field_names(value)}
    return set()


async def test_no_certification_key_or_item_result_in_any_response_log_line_or_public_event(
    played: PlayedJourneys, answer_keys: AnswerKeys, private_platform: Platform
) -> None:
    certification = answer_keys.of_pool(QuestionPool.CERTIFICATION)
    practice_ids = set(answer_keys.of_pool(QuestionPool.PRACTICE).questions)
    keyed_texts = certification.unambiguous_keyed_texts()
    explanations = certification.explanations()
    assert len(keyed_texts) > 50
    # the 150 active certification items and the reserve, which may be promoted into them
    assert len(explanations) == len(certification.questions) > 150
    secrets = keyed_texts | explanations

    served = [r.body for r in played.responses if isinstance(r.body, dict) and "items" in r.body]
    assert served, "no attempt was served"
    assert leaked_texts(served, keyed_texts), "the detector must see keyed texts in served options"

    taught: list[dict[str, Any]] = []
    for response in played.responses:
        feedback: list[dict[str, Any]] = []
        body = _without_served_options(_without_feedback(response.body, feedback))
        assert {entry["question_id"] for entry in feedback} <= practice_ids, response.url
        taught += feedback
        assert not leaked_texts(body, secrets), f"{response.method} {response.url}"
        assert not field_names(body) & KEY_FIELDS, f"{response.method} {response.url}"
    practised = [story.practice for story in played.stories if story.practice is not None]
    assert len(taught) >= 15 * len(practised), "every practice result shows its feedback"
    assert all(entry["explanation"] and entry["correct_response"] for entry in taught)

    layout = private_platform.layout
    for name in SERVICE_NAMES:
        log = private_platform.log_file(layout.service(name)).read_text(encoding="utf-8")
        lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        assert lines, name
        for line in lines:
            assert not leaked_texts(line, secrets), f"{name}: {line}"
            assert not field_names(line) & ITEM_RESULT_FIELDS, f"{name}: {line}"

    content = answer_keys.content_texts()
    assert len(content) > 150
    assert played.seen
    for record in played.seen:
        payload = json.loads(record.payload)
        assert not leaked_texts(payload, secrets | content), record.envelope.type
        assert not field_names(payload) & ITEM_RESULT_FIELDS, record.envelope.type
    assert {record.topic for record in played.seen} <= {t.name for t in public_topics()}


async def test_no_token_subject_appears_on_a_topic_or_in_a_response(
    played: PlayedJourneys,
) -> None:
    ids = {story.candidate.subject for story in played.stories}
    assert len(ids) == len(SUBJECTS)
    assert {record.key for record in played.seen} & ids == ids
    published = [
        f"{record.key} {record.envelope.model_dump_json()} {record.payload.decode()}"
        for record in played.seen
    ]
    answered = [json.dumps(response.body) for response in played.responses]
    for subject in SUBJECTS.values():
        assert not [text for text in published if subject.lower() in text.lower()], subject
        assert not [text for text in answered if subject.lower() in text.lower()], subject


async def test_the_journeys_are_marked_synthetic_and_left_out_of_reports_by_default(
    played: PlayedJourneys,
) -> None:
    """Everything the journeys' requests caused, directly or through a consumer, is marked; not
    so the catalog the platform published at start-up, nor what periodic jobs emit on their own
    (offers of a matching round, expiries, breaches)."""
    assert played.funnel.stage_counts["practised"] == len(PLANS)
    periodic = {"MatchOffered", "OfferExpired", "MatchSlaBreached"}
    assert set(played.unmarked) - periodic == {"SpecialtyPublished"}


async def test_the_tap_funnel_equals_what_happened(played: PlayedJourneys) -> None:
    stories = played.stories
    practised = sum(story.practice is not None for story in stories)
    paid = sum(bool(story.orders) for story in stories)
    passed = sum(story.passed for story in stories)
    attempts = sum(len(story.certifications) for story in stories)
    matched = sum(story.accepted is not None for story in stories)
    funnel = played.funnel

    assert (practised, paid, passed, attempts, matched) == (5, 4, 3, 5, 3)
    assert funnel.stage_counts == {
        "practised": practised,
        "paid": paid,
        "passed": passed,
        "matched": matched,
    }
    sla = funnel.sla
    assert (sla.matched_in_time, sla.breached, sla.pending) == (matched, 0, passed - matched)
    assert (funnel.certification_attempts, funnel.passes) == (attempts, passed)
    assert funnel.pass_rate == passed / attempts
    steps = {(step.source, step.target): step for step in funnel.steps}
    assert (steps["practised", "paid"].reached_source, steps["practised", "paid"].reached_both) == (
        practised,
        paid,
    )
    assert (steps["paid", "passed"].reached_source, steps["paid", "passed"].reached_both) == (
        paid,
        passed,
    )

    # Per-item results are restricted (testing.item-responses.v1): a funnel of public events has
    # no item figures, whatever the retired public ItemResponsesRecorded v1 records still say.
    assert funnel.items == []


async def test_the_demo_narrates_a_journey_and_its_events(
    played: PlayedJourneys, private_platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    """``jobpeak-demo`` on the same platform once the others are done (``played`` ran first, so
    this candidate is not in the funnel above); its consumer starts at the end of each topic."""
    exit_code = await run_demo(private_platform, plan=CandidatePlan("Margaret"), event_wait=30)
    narration = capsys.readouterr().out
    assert exit_code == 0
    for line in (
        "Margaret reads the Coding page",
        "Margaret reads the practice feedback",
        "Margaret checks out",
        "Margaret pays",
        "Margaret submits and passes",
        "posts Coding review work",
        "Margaret accepts it: accepted",
    ):
        assert line in narration
    for ce_type in (
        "jobpeak.billing.CheckoutStarted.v1",
        "jobpeak.billing.PaymentCaptured.v1",
        "jobpeak.testing.TestStarted.v1",
        "jobpeak.testing.TestPassed.v1",
        "jobpeak.matching.ReviewerQualified.v1",
        "jobpeak.matching.WorkPosted.v1",
        "jobpeak.matching.MatchOffered.v1",
        "jobpeak.matching.MatchAccepted.v1",
    ):
        assert ce_type in narration
    assert "key=Margaret" in narration
    assert "did not appear" not in narration


async def test_an_approve_correct_item_is_graded_both_ways(
    played: PlayedJourneys, private_platform: Platform, answer_keys: AnswerKeys
) -> None:
    """Approving the model's correct code earns the item; flagging it (a line, a flaw, or not
    approving) loses it, as practice feedback shows. Runs after ``played`` (not in the funnel)."""
    async with PlatformClient.connect(private_platform) as client:
        grading = await answer_approve_correct_both_ways(
            client,
            keys=answer_keys.of_pool(QuestionPool.PRACTICE),
            approver=client.caller(Role.CANDIDATE, "Alan-Turing"),
            flagger=client.caller(Role.CANDIDATE, "Edsger-Dijkstra"),
            slug="coding",
        )
    both = grading.both_ways()
    assert both, f"no approve-correct item served to both candidates in {grading.turns} turns"
    assert all(grading.right[qid].correct for qid in grading.right)
    assert not any(grading.wrong[qid].correct for qid in grading.wrong)
    for qid in both:  # labels differ per attempt (options are relabelled), so compare within one
        assert grading.right[qid].response == grading.right[qid].correct_response
        assert grading.wrong[qid].response != grading.wrong[qid].correct_response
    print(f"approve-correct graded both ways: {sorted(both)} in {grading.turns} turns")


async def test_the_item_statistics_topic_carries_no_question_content(
    played: PlayedJourneys, answer_keys: AnswerKeys, private_platform: Platform
) -> None:
    """The certification attempts just graded, through the item-statistics job onto the public
    statistics topic: every record is scanned for the bank's stems, code, option texts, keyed
    options and explanations, and for per-item or per-candidate fields."""
    layout = private_platform.layout
    attempts = sum(len(story.certifications) for story in played.stories)
    responses = f"{layout.topic_prefix}testing.item-responses.v1"

    async def every_attempt_recorded() -> bool:
        records = await read_to_end(bootstrap=layout.kafka_bootstrap, topic=responses)
        return len(records) >= attempts

    await wait_until(
        every_attempt_recorded, within=30, interval=0.5, message="every attempt's item responses"
    )
    published = await publish_item_statistics(
        bootstrap=layout.kafka_bootstrap,
        topic_prefix=layout.topic_prefix,
        state_dir=layout.state_dir,
    )

    forms = [p.event for p in published if isinstance(p.event, FormStatisticsPublished)]
    items = [p.event for p in published if isinstance(p.event, ItemStatisticsPublished)]
    counted = sum(form.attempts for form in forms)  # the demo's, if it ran first, too
    assert counted >= attempts == 5
    assert sum(item.n for item in items) == 60 * counted
    assert all(item.difficulty or item.section == "behavioural" for item in items)
    bank = answer_keys.of_pool(QuestionPool.CERTIFICATION)
    secrets = bank.content_texts() | bank.unambiguous_keyed_texts() | bank.explanations()
    assert len(secrets) > 150
    assert leaked_texts([f"x {sorted(secrets)[0]} y"], secrets), "the scan must see content"
    forbidden_fields = KEY_FIELDS | ITEM_RESULT_FIELDS | {"candidate_id", "attempt_id"}
    for record in published:
        assert not leaked_texts(record.texts(), secrets), record.payload["statistics_id"]
        assert not field_names(record.payload) & forbidden_fields, record.payload["statistics_id"]
        assert record.headers.get("ce_jobpeaksynthetic") == "true"
