"""Anonymous visit statistics, the climate pledge totals, and the curator report. No Kivy.

The UI builds one `StatsRecorder` (recorder.py) and one `VisitTracker` (tracker.py) and
subscribes the tracker to the navigator; everything is written to <data_dir>/stats.sqlite3
(store.py) by a background thread, so that a slow or broken disk never reaches the screen.
"""
