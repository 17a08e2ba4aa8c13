"""Speech: what each screen says, in which words, and the voice that says it (no Kivy).

reading.py turns the models a screen is shown into its reading order; lexicon.py turns symbols
and abbreviations into words per language; voice.py runs eSpeak NG; cache.py keeps its WAV
files in the data folder; synthesizer.py renders ahead of need on a worker thread.
"""
