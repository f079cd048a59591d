"""Qt form widgets generated from questionnaire definitions (``FormSession`` is Qt-free)."""
