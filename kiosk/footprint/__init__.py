"""The carbon-footprint quiz: exhibits/quiz.yaml -> a validated Quiz -> footprint by category
and tips ranked by saving. Pure Python, no Kivy: the quiz screens only bind to it."""
