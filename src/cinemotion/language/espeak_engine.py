"""Speak one line with libespeak-ng (ctypes only, so it starts fast) and print the result.

Reads {"text", "variant", "pitch", "rate_wpm"} as JSON on stdin; writes one JSON line
{"sample_rate", "events": [[kind, sample, text_position, length, phoneme], …]} then the raw
little-endian int16 samples. Exit status 3: unknown voice. Run by voice.py in a fresh process.
"""

import ctypes
import ctypes.util
import json
import sys

# espeak_ng/speak_lib.h
AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_PHONEME_EVENTS = 0x0001
CHARS_UTF8 = 1
POS_CHARACTER = 1
EVENT_LIST_TERMINATED, EVENT_WORD, EVENT_PHONEME = 0, 1, 7
PARAM_RATE, PARAM_VOLUME, PARAM_PITCH = 1, 2, 3


class EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", EventId)]


Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(Event))


def main() -> int:
    request = json.loads(sys.stdin.read())
    lib = ctypes.CDLL(ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1")
    rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None, INITIALIZE_PHONEME_EVENTS)
    if rate <= 0:
        print("libespeak-ng failed to initialise (espeak-ng-data missing?)", file=sys.stderr)
        return 1
    pcm, events = bytearray(), []

    def collect(wav, n_samples, event_list) -> int:
        if n_samples > 0:
            pcm.extend(ctypes.string_at(wav, 2 * n_samples))
        i = 0
        while event_list[i].type != EVENT_LIST_TERMINATED:
            e = event_list[i]
            if e.type == EVENT_PHONEME:
                events.append(["phoneme", e.sample, e.text_position, e.length,
                               bytes(e.id.string).split(b"\0")[0].decode("ascii", "replace")])
            elif e.type == EVENT_WORD:
                events.append(["word", e.sample, e.text_position, e.length, ""])
            i += 1
        return 0

    callback = Callback(collect)
    lib.espeak_SetSynthCallback(callback)
    if lib.espeak_SetVoiceByName(request["variant"].encode()) != 0:
        return 3
    lib.espeak_SetParameter(PARAM_RATE, int(request["rate_wpm"]), 0)
    lib.espeak_SetParameter(PARAM_PITCH, int(request["pitch"]), 0)
    lib.espeak_SetParameter(PARAM_VOLUME, 100, 0)
    data = request["text"].encode("utf-8")
    lib.espeak_Synth(data, len(data) + 1, 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
    lib.espeak_Synchronize()
    sys.stdout.buffer.write(json.dumps({"sample_rate": rate, "events": events}).encode() + b"\n" + bytes(pcm))
    return 0


if __name__ == "__main__":
    sys.exit(main())
