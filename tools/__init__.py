"""Developer tools: pictures for the README. Not part of the installed product."""
