"""A key harvester: the attack of issue 15, played as a new user with a script would.

It holds no key and reads nothing but what the platform answers. Each probe is a practice attempt
under a fresh subject (so per-candidate limits, such as the daily practice allowance, never
bite): it answers one domain and one behavioural item with a guess and submits, and reads every
field of every answer. Where a section score moves from zero the guess was the key; where it
stays at zero that guess is ruled out, and a single-choice item left with one option is solved by
elimination. If the platform insists on every item being answered, the harvester answers them all
with guesses, submits again and reads what comes back, feedback included: every key a practice
result shows is taken. It keeps, per question id, what it has learned.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.questions import QuestionFormat, Section
from jobpeak_journey.client import PlatformClient, StepRefused
from jobpeak_journey.models import AnswerBody, Item, Result
from jobpeak_journey.steps import answer, fetch_attempt, start_attempt, submit
from jobpeak_runtime.auth import Role

Guess = tuple[str, object]
"""A guess in attempt-independent terms: ("text", option text), ("value", bool), ("line", n),
or a key read from feedback with several parts: ("texts", sorted texts), ("lines", sorted n)."""


@dataclass
class Knowledge:
    """What the harvester has learned, per question id."""

    keys: dict[str, Guess] = field(default_factory=dict)
    ruled_out: dict[str, set[Guess]] = field(default_factory=dict)
    seen: dict[str, Item] = field(default_factory=dict)

    def candidates(self, item: Item) -> list[Guess]:
        """The guesses still possible for ``item`` in a stable order (all, if none is left)."""
        every = every_guess(item)
        gone = self.ruled_out.get(item.question_id, set())
        return [guess for guess in every if guess not in gone] or every

    def learn(self, item: Item, guess: Guess, *, correct: bool) -> None:
        if correct:
            self.keys[item.question_id] = guess
            return
        self.ruled_out.setdefault(item.question_id, set()).add(guess)
        gone = self.ruled_out[item.question_id]
        remaining = [guess for guess in every_guess(item) if guess not in gone]
        single_answer = item.format in (QuestionFormat.SINGLE_CHOICE, QuestionFormat.TRUE_FALSE)
        if single_answer and len(remaining) == 1:
            self.keys[item.question_id] = remaining[0]


def every_guess(item: Item) -> list[Guess]:
    """One option, value or line: the guesses the harvester makes for ``item``."""
    if item.format is QuestionFormat.TRUE_FALSE:
        return [("value", True), ("value", False)]
    if item.format is QuestionFormat.FAULTY_LINES:
        return [("line", n) for n in range(1, (item.line_count or 1) + 1)]
    return [("text", option.text) for option in item.options or ()]


def as_answer(item: Item, guess: Guess) -> AnswerBody:
    """The request body of ``guess`` in this attempt's labels."""
    kind, value = guess
    if kind == "value":
        return AnswerBody(value=bool(value))
    if kind == "line":
        return AnswerBody(lines=[int(str(value))])
    if kind == "lines":
        return AnswerBody(lines=list(_parts(value)))
    label_of = {option.text: option.label for option in item.options or ()}
    if kind == "texts":
        return AnswerBody(choices=sorted(label_of[str(text)] for text in _parts(value)))
    if item.format is QuestionFormat.MULTIPLE_SELECT:
        return AnswerBody(choices=[label_of[str(value)]])
    return AnswerBody(choice=label_of[str(value)])


def as_guess(item: Item, body: AnswerBody) -> Guess:
    """A response body in this attempt's labels, in attempt-independent terms."""
    text_of = {option.label: option.text for option in item.options or ()}
    if body.value is not None:
        return ("value", body.value)
    if body.lines is not None:
        return ("line", body.lines[0]) if len(body.lines) == 1 else ("lines", tuple(body.lines))
    if body.choice is not None:
        return ("text", text_of[body.choice])
    texts = sorted(text_of[label] for label in body.choices or ())
    return ("text", texts[0]) if len(texts) == 1 else ("texts", tuple(texts))


def _parts(value: object) -> tuple[object, ...]:
    assert isinstance(value, tuple)
    return value


@dataclass
class Harvest:
    knowledge: Knowledge
    probes: int
    refusals: dict[int, int]
    seconds: float


async def harvest_keys(
    platform: PlatformClient,
    *,
    slug: str,
    max_probes: int,
    max_seconds: float,
    seed: int,
    settle: int = 5,
) -> Harvest:
    """Probe practice attempts until a bound is reached, or until every item served is solved
    and the last ``settle`` probes served no item not seen before (nothing left to learn)."""
    rng = random.Random(seed)
    knowledge = Knowledge()
    refusals: dict[int, int] = {}
    started = time.monotonic()
    probes = last_new = 0
    while probes < max_probes and time.monotonic() - started < max_seconds:
        if probes - last_new >= settle and set(knowledge.seen) <= set(knowledge.keys):
            break
        probes += 1
        candidate = platform.caller(Role.CANDIDATE, subject=str(uuid.uuid4()))
        try:
            attempt = await start_attempt(
                platform, candidate=candidate, slug=slug, kind=BlueprintKind.PRACTICE
            )
        except StepRefused as refused:
            refusals[refused.status_code] = refusals.get(refused.status_code, 0) + 1
            continue
        for item in attempt.items:
            if item.question_id not in knowledge.seen:
                knowledge.seen[item.question_id] = item
                last_new = probes
        probed = _pick_probes(attempt.items, knowledge, rng)
        guesses = {item.question_id: _guess(item, knowledge, rng) for item in attempt.items}
        for item in probed:
            await answer(
                platform,
                candidate=candidate,
                attempt_id=attempt.attempt_id,
                item=item,
                response=as_answer(item, guesses[item.question_id]),
            )
        try:
            result = await submit(platform, candidate=candidate, attempt_id=attempt.attempt_id)
        except StepRefused as refused:
            refusals[refused.status_code] = refusals.get(refused.status_code, 0) + 1
            # The platform wants every item answered: answer the rest with guesses too.
            for item in attempt.items:
                if item not in probed:
                    await answer(
                        platform,
                        candidate=candidate,
                        attempt_id=attempt.attempt_id,
                        item=item,
                        response=as_answer(item, guesses[item.question_id]),
                    )
            result = await submit(platform, candidate=candidate, attempt_id=attempt.attempt_id)
            await fetch_attempt(platform, candidate=candidate, attempt_id=attempt.attempt_id)
            _learn_from_feedback(knowledge, attempt.items, result)
            continue
        _learn_from_feedback(knowledge, attempt.items, result)
        scores = {
            Section.DOMAIN: result.domain_score,
            Section.BEHAVIOURAL: result.behavioural_score,
        }
        for item in probed:
            knowledge.learn(item, guesses[item.question_id], correct=scores[item.section] > 0)
    return Harvest(knowledge, probes, refusals, time.monotonic() - started)


def _learn_from_feedback(knowledge: Knowledge, items: list[Item], result: Result) -> None:
    """Take every key a result shows (practice feedback) as learned."""
    by_id = {item.question_id: item for item in items}
    for entry in result.feedback or ():
        item = by_id.get(entry.question_id)
        if item is not None:
            knowledge.keys[entry.question_id] = as_guess(item, entry.correct_response)


def _guess(item: Item, knowledge: Knowledge, rng: random.Random) -> Guess:
    known = knowledge.keys.get(item.question_id)
    if known is not None:
        return known
    remaining = knowledge.candidates(item)
    return remaining[0] if len(remaining) == 1 else rng.choice(remaining)


def _pick_probes(items: list[Item], knowledge: Knowledge, rng: random.Random) -> list[Item]:
    """One unsolved item of each section (the two bits a submission gives away)."""
    picked = []
    for section in (Section.DOMAIN, Section.BEHAVIOURAL):
        unsolved = [
            item
            for item in items
            if item.section is section and item.question_id not in knowledge.keys
        ]
        if unsolved:
            picked.append(rng.choice(unsolved))
    return picked
