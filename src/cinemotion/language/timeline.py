"""When each action happens on the shot clock: sequences split the time, "while" overlaps, reactions follow causes."""

from __future__ import annotations

from cinemotion.language.actions import Draft
from cinemotion.language.document import Document
from cinemotion.language.lexicon import PARSING, table
from cinemotion.language.open_actions import layers_on_gait

OVERLAP_WORDS = {"while", "as", "whilst", "meanwhile", "simultaneously", "during"}
SEQUENCE_WORDS = {"then", "next", "finally", "afterwards", "afterward", "later", "before", "after", "until",
                  "followed", "eventually"}
BODY_KINDS = {"locomotion", "jump", "idle", "react"}
# postures that change the body's place or facing and then end: "stands up and waves" waves once up
TRANSITIONS = {"stand", "turn"}
MIN_STEP_S = PARSING.min_step_s.value  # an action given less than a second on screen barely registers (≈ 2 gait cycles of a jog)


def _layer(draft: Draft) -> str:
    if draft.kind == "action":  # an open action: arms-only ones ride on a gait, the rest fill the body
        return "upper" if layers_on_gait(draft.verb) else "body"
    return "body" if draft.kind in BODY_KINDS else "upper"


def _between(doc: Document, a: Draft, b: Draft) -> set[str]:
    """The words before b since a (only b's own sentence when they are in different ones), from the
    last connective on: in "nodding while listening, then shaking", 'then' is what links the two."""
    lo, hi = sorted((a.end, b.at))
    if doc.sentence[lo] != doc.sentence[hi]:
        lo = hi
        while lo > 0 and doc.sentence[lo - 1] == doc.sentence[hi]:
            lo -= 1
    tokens = doc.tokens[lo:hi]
    last = max((k for k, t in enumerate(tokens) if t in OVERLAP_WORDS | SEQUENCE_WORDS), default=0)
    return set(tokens[last:])


def _steps(doc: Document, drafts: list[Draft]) -> list[list[Draft]]:
    """One actor's drafts grouped into steps that happen one after another; a step's drafts overlap."""
    steps: list[list[Draft]] = []
    for draft in drafts:
        if not steps:
            steps.append([draft])
            continue
        prev = steps[-1][-1]
        words = _between(doc, prev, draft)
        same_sentence = doc.sentence[prev.at] == doc.sentence[draft.at]
        # a gesture joined to a body action by "and", or as a participle ("sprinting, glancing back"), happens
        # during it; a bare comma list of finite verbs ("types, stops, stares") is a sequence, and so is a body
        # action after a task of the hands ("buttons his coat and walks out"): the task is done before the body goes
        participle = doc.tokens[draft.at].endswith("ing")
        after_task = all(d.kind == "action" for d in steps[-1]) and _layer(draft) == "body" and not participle
        joined = ("and" in words and not after_task) or participle
        opened_by = set(doc.tokens[doc.clause_span(prev.at).start:prev.at])  # "As she runs, she looks back"
        overlap = bool(words & OVERLAP_WORDS) or (bool(opened_by & OVERLAP_WORDS) and not words & SEQUENCE_WORDS) or (
            same_sentence and joined and not words & SEQUENCE_WORDS and prev.posture not in TRANSITIONS
            and all(_layer(d) != _layer(draft) for d in steps[-1]))
        if overlap:
            steps[-1].append(draft)
        elif same_sentence and "after" in words and not words & {"then"}:
            steps.insert(len(steps) - 1, [draft])  # "she sprints after vaulting the wall": vault first
        else:
            steps.append([draft])
    return steps


def needed_duration(doc: Document, drafts: list[Draft], n_members: int) -> float:
    """The shortest shot that fits every stated span ("for 3 seconds") plus MIN_STEP_S for each other step."""
    need = 0.0
    for member in range(n_members):
        steps = _steps(doc, [d for d in drafts if member in d.actors])
        spans = [max((d.span_s or 0.0) for d in step) for step in steps]
        need = max(need, sum(spans) + MIN_STEP_S * sum(1 for s in spans if not s))
    return need


def schedule(doc: Document, drafts: list[Draft], duration_s: float, n_members: int) -> dict[int, tuple[float, float]]:
    """(start_s, end_s) for every draft (by id), on a shot of `duration_s`."""
    reaction = table("modifiers")["reaction"]
    times: dict[int, tuple[float, float]] = {}
    order = sorted(range(n_members), key=lambda k: min((d.at for d in drafts if k in d.actors), default=1 << 30))
    for member in order:
        own = [d for d in drafts if member in d.actors]
        if not own:
            continue
        clock = _offset(doc, own[0], drafts, times, duration_s, reaction["delay_s"])
        steps = _steps(doc, own)
        fixed = sum(max((d.span_s or 0.0) for d in step) for step in steps)
        reacts = [s for s in steps if all(d.kind == "react" for d in s) and own[0].cause is not None]
        react_time = sum(reaction["duration_s"].get(s[0].verb, reaction["duration_s"]["default"]) for s in reacts)
        unfixed = [s for s in steps if not any(d.span_s for d in s) and s not in reacts]
        share = max(0.0, duration_s - clock - fixed - react_time) / len(unfixed) if unfixed else 0.0
        spans: list[tuple[float, float]] = []
        for k, step in enumerate(steps):
            explicit_start = next((d.start_s for d in step if d.start_s is not None), None)
            if explicit_start is not None:
                clock = min(explicit_start, duration_s)
                if spans and spans[-1][1] > clock:  # "at 4 seconds he jumps": what came before ends there
                    spans[-1] = (spans[-1][0], max(spans[-1][0], clock))
            span = max((d.span_s or 0.0) for d in step)
            if not span:
                span = reaction["duration_s"].get(step[0].verb, reaction["duration_s"]["default"]) if step in reacts \
                    else share
            open_ended = k == len(steps) - 1 and not any(d.span_s for d in step) and step not in reacts
            end = duration_s if open_ended else min(duration_s, clock + span)
            spans.append((min(clock, duration_s), max(min(clock, duration_s), end)))
            clock = end
        for step, (start, end) in zip(steps, spans):
            for d in step:
                if id(d) in times and times[id(d)][1] <= end:
                    continue  # a shared action ("a couple hugs, then the woman walks away") ends where either's next begins
                times[id(d)] = (round(start, 3), round(end, 3))
    return times


def _offset(doc: Document, first: Draft, drafts: list[Draft], times: dict, duration_s: float, delay: float) -> float:
    """When an actor's first action starts: after its cause, with another's action it overlaps, or at 0."""
    if first.cause is not None and id(first.cause) in times:
        return min(duration_s, times[id(first.cause)][0] + delay)
    earlier = [d for d in drafts if d.at < first.at and id(d) in times and not set(d.actors) & set(first.actors)]
    if not earlier:
        return 0.0
    prev = earlier[-1]
    aimed = [d for d in earlier if d.target and d.target[0] == "actor" and d.target[1] in first.actors
             and doc.sentence[d.at] < doc.sentence[first.at]]
    if aimed and not _between(doc, prev, first) & OVERLAP_WORDS:  # "Mara points at Jake. Jake shrugs.": an answer
        start, end = times[id(aimed[-1])]
        return end if end < duration_s else (start + duration_s) / 2
    words = _between(doc, prev, first)
    if words & OVERLAP_WORDS:
        return times[id(prev)][0]
    if words & SEQUENCE_WORDS:
        start, end = times[id(prev)]
        return end if end < duration_s else (start + duration_s) / 2
    return 0.0
