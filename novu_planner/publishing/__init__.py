"""Putting a plan where offices can use it: a CalDAV server (`caldav`) and a static website (`site`).

Both publish the same calendars under the same stable names (`feeds`).
"""
