"""Demo data: a catalogue of made-up people, their planning, and bulk writing."""
