"""The questionnaire file format: reading, checking, conditions and item types."""
