"""Behaviour prediction: one actor's action makes another react, after a human delay (reactions.yaml)."""

from __future__ import annotations

from functools import cache


from cinemotion.core.tables import load_table
from cinemotion.direct.plan import PlacedActor, Reaction, ShotPlan
from cinemotion.spec.models import Action
from cinemotion.spec.vocabulary import category_of


@cache
def reaction_rules() -> list[dict]:
    return load_table("direct/reactions.yaml")["rules"]


def _target(actor: PlacedActor, action: Action, actors: list[PlacedActor]) -> PlacedActor | None:
    ids = {a.id: a for a in actors if a.id != actor.id}
    if action.target in ids:
        return ids[action.target]
    return next(iter(ids.values())) if len(ids) == 1 else None


def _existing_reaction(reactor: PlacedActor, cause: str) -> list[Action]:
    return [a for a in reactor.actions if a.kind == "react" and (a.cause in (None, cause))]


def add_reactions(plan: ShotPlan) -> None:
    """Add (or retime) each reacting actor's actions after its cause; record them in plan.reactions."""
    for actor in plan.actors:
        for action in list(actor.actions):
            rule = next((r for r in reaction_rules() if action.verb in r["cause_verbs"]), None)
            if rule is None or (rule.get("requires_target") and action.target is None):
                continue
            reactor = _target(actor, action, plan.actors)
            if reactor is None:
                continue
            cause = f"{actor.id}.{action.verb}"
            written = _existing_reaction(reactor, cause)
            for k, spec in enumerate(rule["reactions"]):
                start = action.start_s + spec["delay_s"]
                if start >= plan.duration_s:
                    continue
                if k < len(written):
                    # The writer named the reaction; keep its verb, but never before a human could react.
                    old = written[k]
                    shift = max(0.0, start - old.start_s)
                    new = old.model_copy(update={
                        "start_s": old.start_s + shift, "cause": cause, "target": actor.id,
                        "end_s": min(plan.duration_s, (old.end_s or plan.duration_s) + shift)})
                    reactor.actions[reactor.actions.index(old)] = new
                    verb, delay = new.verb, new.start_s - action.start_s
                else:
                    verb, delay = spec["verb"], spec["delay_s"]
                    reactor.actions.append(Action(
                        kind=spec["kind"], verb=verb, category=category_of(verb), start_s=start,
                        end_s=min(plan.duration_s, start + spec["duration_s"]), target=actor.id, cause=cause,
                        emotion="fear" if rule["name"].startswith("threat") else None))
                plan.reactions.append(Reaction(actor=reactor.id, verb=verb, cause_actor=actor.id,
                                               cause_verb=action.verb, cause_time_s=action.start_s,
                                               delay_s=round(delay, 4), rule=rule["name"]))
            reactor.actions.sort(key=lambda a: a.start_s)
