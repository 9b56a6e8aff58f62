"""The audio stage: event effects, ambience beds, character voices, mix, stems and subtitles."""

from cinemotion.audio.score import score
from cinemotion.audio.soundtrack import Soundtrack, srt_text, write_srt, write_stems, write_wav
from cinemotion.language.voice import Utterance, synthesize

__all__ = ["Soundtrack", "Utterance", "score", "srt_text", "synthesize", "write_srt", "write_stems", "write_wav"]
