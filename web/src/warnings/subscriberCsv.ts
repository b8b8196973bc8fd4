import { SUBSCRIBER_CHANNELS, SUBSCRIBER_KINDS } from '@yingji/contracts';
import i18n from '../app/i18n';
import type { CreateSubscriberBody, SubscriberChannel, SubscriberKind } from './api';

const COLUMNS = ['kind', 'name', 'phone', 'email', 'divisionCode', 'lon', 'lat', 'channels', 'language'] as const;

/** Splits one CSV line (RFC 4180 quoting: "a, b" and "" for a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * Subscribers from CSV text with the columns kind,name,phone,email,divisionCode,lon,lat,channels,language
 * (a header row naming them is skipped; channels separated by "|" in order of preference). The server
 * checks each entry again; this only catches what would make the request malformed.
 */
export function parseSubscriberCsv(text: string): { rows: CreateSubscriberBody[]; problems: string[] } {
  const rows: CreateSubscriberBody[] = [];
  const problems: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const cells = splitCsvLine(line);
    if (index === 0 && cells[0]?.toLowerCase() === 'kind') return;
    const get = (c: (typeof COLUMNS)[number]) => cells[COLUMNS.indexOf(c)] ?? '';
    const where = i18n.t('warnings:subscribers.csvLine', { line: index + 1 });
    const kind = get('kind') || 'person';
    if (!(SUBSCRIBER_KINDS as readonly string[]).includes(kind)) {
      problems.push(`${where}: kind`);
      return;
    }
    const channels = get('channels')
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean);
    if (channels.length === 0 || channels.some((c) => !(SUBSCRIBER_CHANNELS as readonly string[]).includes(c))) {
      problems.push(`${where}: channels`);
      return;
    }
    const lon = get('lon');
    const lat = get('lat');
    const hasLocation = lon !== '' && lat !== '';
    if (hasLocation && (!Number.isFinite(Number(lon)) || !Number.isFinite(Number(lat)))) {
      problems.push(`${where}: lon/lat`);
      return;
    }
    const language = get('language') === 'en-US' ? 'en-US' : 'zh-CN';
    rows.push({
      kind: kind as SubscriberKind,
      name: get('name'),
      phone: get('phone') || null,
      email: get('email') || null,
      divisionCode: get('divisionCode') || null,
      location: hasLocation ? { lon: Number(lon), lat: Number(lat) } : null,
      channels: channels as SubscriberChannel[],
      language,
    });
  });
  return { rows, problems };
}
