"""`kiosk speak --lang fi "teksti" [--out F.wav]`: what a text becomes when the kiosk reads it.

Prints the text as the voice receives it (after the built-in lexicon and the content's), and
writes the WAV to --out or plays it on this computer's speakers, so a curator can hear whether
a station needs a `speech:` text or a new lexicon entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.commands.common import content_from, settings_from
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS
from kiosk.languages import LANGUAGES


def add_command(commands) -> None:
    speak = commands.add_parser("speak", help="hear a text as the kiosk's voice reads it")
    speak.add_argument("text", help="the text, in quotes")
    speak.add_argument("--lang", default="fi", choices=LANGUAGES, help="language")
    speak.add_argument("--out", type=Path, metavar="FILE", help="write a WAV file, do not play")
    speak.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    speak.add_argument("--content", type=Path, help="content folder, for its lexicon")
    speak.add_argument("--media", type=Path, help="media folder (from kiosk.yaml)")
    speak.set_defaults(handler=_speak)


def _speak(args) -> int:
    import subprocess

    from kiosk.atomic import write_atomically
    from kiosk.speech.lexicon import Lexicon
    from kiosk.speech.synthesizer import lexicon_entries
    from kiosk.speech.voice import MISSING_MESSAGE, VoiceUnavailable, find_voice

    settings, diagnostics = settings_from(args)
    content = content_from(args, settings, diagnostics)
    extra = lexicon_entries(content.exhibition, args.lang) if content is not None else ()
    spoken = Lexicon(args.lang, extra).spoken(args.text)
    print(spoken)
    voice = find_voice(settings.speech.rate_wpm)
    if voice is None:
        print(f"kiosk speak: {MISSING_MESSAGE}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.out is not None:
        try:
            wav = voice.synthesize(spoken, args.lang)
        except VoiceUnavailable as exc:
            print(f"kiosk speak: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        write_atomically(args.out, wav)
        print(args.out, file=sys.stderr)
        return EXIT_OK
    # espeak-ng plays on the computer's own sound output when it writes no file.
    command = [voice.program, "-v", voice.name_for(args.lang), "-s", str(voice.rate_wpm)]
    played = subprocess.run([*command, "--", spoken], check=False)
    return EXIT_OK if played.returncode == 0 else EXIT_PROBLEMS
