// Reads one entry of a W3C `baggage` request header (https://www.w3.org/TR/baggage/):
// `key=value;property, key2=value2`, values percent-encoded. Only the asked key is read
// and returned: baggage is caller-controlled and may carry anything, so nothing else of
// it reaches the app's telemetry.

/** Longest value accepted; a longer or malformed one is ignored. */
const MAX_VALUE_CHARS = 128;

export function baggageEntry(header: string | string[] | undefined, key: string): string | undefined {
  const members = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  for (const member of members) {
    const [pair = ''] = member.split(';');
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== key) continue;
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      return undefined;
    }
    // eslint-disable-next-line no-control-regex
    return value.length > 0 && value.length <= MAX_VALUE_CHARS && !/[\u0000-\u001f\u007f]/.test(value) ? value : undefined;
  }
  return undefined;
}
