import { gunzipSync } from 'node:zlib';

/**
 * Reads one regular file out of a .tar.gz held in memory. Enough for the Victoria release
 * tarballs (one binary, GNU tar, ustar headers); the archive's SHA-256 is verified before
 * this runs, so the input is trusted. Owned rather than a dependency: ~40 lines against
 * a package and its dependencies (docs/design-docs/stack-provisioning.md).
 */
export function extractFileFromTarGz(archive: Buffer, fileName: string): Buffer | null {
  const tar = gunzipSync(archive);
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return null; // end-of-archive marker
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new Error('truncated tar archive');
    const name = longName ?? headerName(header);
    longName = null;
    if (type === 'L') {
      // GNU long name: the next entry's name is this entry's data.
      longName = cString(tar.subarray(dataStart, dataEnd));
    } else if ((type === '0' || type === '\0') && baseName(name) === fileName) {
      return Buffer.from(tar.subarray(dataStart, dataEnd));
    }
    offset = dataStart + Math.ceil(size / 512) * 512;
  }
  return null;
}

function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const isUstar = header.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = isUstar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  const value = text === '' ? 0 : Number.parseInt(text, 8);
  if (!Number.isFinite(value) || value < 0) throw new Error(`bad tar size field "${text}"`);
  return value;
}

function baseName(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() ?? path;
}
