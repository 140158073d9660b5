"""Calendar building blocks that icalendar does not provide as needed."""
