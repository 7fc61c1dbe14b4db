// Reading the `.ics` files Rapport gives, as a calendar app would, for the events specs.
import { expect } from '@playwright/test';

/** Unfolds RFC 5545 content lines and reads each VEVENT's properties (name without params). */
export function parseIcs(text) {
  expect(text.startsWith('BEGIN:VCALENDAR\r\n'), 'lines end in CRLF').toBe(true);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  const events = [];
  let current = null;
  for (const line of lines) {
    const colon = line.indexOf(':');
    expect(colon, `a content line: ${line}`).toBeGreaterThan(0);
    const [name, value] = [line.slice(0, colon).split(';')[0], line.slice(colon + 1)];
    if (name === 'BEGIN' && value === 'VEVENT') current = {};
    else if (name === 'END' && value === 'VEVENT') { events.push(current); current = null; }
    else if (current) current[name] = value;
  }
  return events;
}

/** `2026-12-01T06:30:00.000Z` as an iCalendar UTC date-time, `20261201T063000Z`. */
export const icsUtc = (iso) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
