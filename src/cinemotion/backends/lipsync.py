"""Lip-sync preparation for Kling's two-step lip sync and custom voices.

Kling's identify-face answers with the faces it found and when each shows (milliseconds); advanced lip-sync then
takes the session and, per chosen face, the audio to put on it. We know both already: when each speaking actor's
face is in frame, and what they say. So each render can hand over per-face windows, the matching audio per face,
and for custom voices one clean 5–30 s clip of each character's voice alone.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np

from cinemotion.audio import Utterance, score, synthesize, write_wav
from cinemotion.direct import Plan
from cinemotion.media.formats import formats
from cinemotion.media.openpose import project_people
from cinemotion.pipeline import perform_plan

# Read after a character's own lines when they are too short for a voice sample (public-domain "Rainbow Passage",
# Fairbanks 1960, the standard reading passage of voice clinics).
SAMPLE_PASSAGE = ("When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow. "
                  "The rainbow is a division of white light into many beautiful colors. These take the shape of "
                  "a long round arch, with its path high above, and its two ends apparently beyond the horizon.")


def face_windows(plan: Plan, performances, cameras, subtitles) -> list[dict]:
    """Each spoken line's window (ms, film clock) where the speaker's face is in frame: one face entry each."""
    starts = np.cumsum([0.0] + [s.duration_s for s in plan.shots])
    faces = []
    for start, end, actor_id, text in subtitles:
        for shot_start, shot, performance, camera in zip(starts, plan.shots, performances, cameras):
            lo, hi = max(start, shot_start), min(end, shot_start + shot.duration_s)
            person = next((p for p in project_people(performance, camera) if p.actor_id == actor_id), None)
            if hi <= lo or person is None:
                continue
            frames = np.arange(int(np.floor((lo - shot_start) * shot.fps)), int(np.ceil((hi - shot_start) * shot.fps)))
            frames = frames[frames < len(person.face)]
            seen = frames[(person.face[frames, :, 2] > 0).sum(axis=1) >= 20]  # most of the face in frame
            if len(seen):
                faces.append({"face_id": f"{actor_id}-{len(faces) + 1}", "actor": actor_id, "text": text,
                              "start_time": int(round((shot_start + seen[0] / shot.fps) * 1000)),
                              "end_time": int(round((shot_start + (seen[-1] + 1) / shot.fps) * 1000))})
    return faces


def voice_clip(lines: list[Utterance], voice, sample_rate: int) -> np.ndarray:
    """The character's voice alone, 5–30 s: its own lines as performed, then the sample passage until long enough."""
    shortest, longest = formats()["lipsync"]["voice_clip_s"]
    gap = np.zeros(int(0.4 * sample_rate), np.float32)
    passage = (synthesize(sentence, voice) for sentence in SAMPLE_PASSAGE.split(". "))
    parts, length = [], 0
    for utterance in itertools.chain(lines, passage):
        if length >= shortest * sample_rate:
            break
        samples = utterance.samples.astype(np.float32)
        parts += [samples, gap]
        length += len(samples) + len(gap)
    clip = np.concatenate(parts)[: longest * sample_rate]
    peak = float(np.abs(clip).max()) or 1.0
    return clip / peak * 10 ** (-3 / 20)  # clean and unclipped: peak at −3 dBFS


def write_lipsync(plan: Plan, out: Path) -> dict:
    performances, cameras = perform_plan(plan)
    soundtrack = score(plan, performances, cameras, rng=np.random.default_rng(plan.seed))
    rate = soundtrack.sample_rate
    faces = face_windows(plan, performances, cameras, soundtrack.subtitles)
    actors = {a.id: a for s in plan.shots for a in s.actors}
    spoken = [line for p in performances for line in p.utterances]  # in film order, as the soundtrack spoke them
    for face in faces:  # the face's own line only, on the film clock of its window
        line = next(x.utterance for x in spoken if x.actor == face["actor"] and x.text == face["text"])
        samples = line.samples.astype(np.float32)
        audio = np.zeros(int((face["end_time"] - face["start_time"]) / 1000 * rate) + 1, np.float32)
        audio[: len(samples)] = samples[: len(audio)]
        face["sound_file"] = f"face_{face['face_id']}.wav"
        write_wav(out / face["sound_file"], np.repeat(audio[:, None], 2, axis=1), rate)
    voices = {}
    for actor_id, actor in actors.items():
        lines = [x.utterance for x in spoken if x.actor == actor_id]
        if lines:
            clip = voice_clip(lines, actor.character.voice, rate)
            voices[actor_id] = {"file": f"voice_{actor_id}.wav", "duration_s": round(len(clip) / rate, 3)}
            write_wav(out / voices[actor_id]["file"], np.repeat(clip[:, None], 2, axis=1), rate)
    (out / "faces.json").write_text(json.dumps({"faces": faces, "voices": voices}, indent=2))
    return {"model": "Kling lip-sync (identify-face + advanced lip-sync)", "faces": len(faces),
            "voices": sorted(voices)}
