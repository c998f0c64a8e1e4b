// Document photos for the tests, made here rather than checked in: real, complete PNGs of a chosen
// size, so each test says what it needs (a readable photo, one too small, one too large).
import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A width × height RGB PNG. `noise` fills it with random pixels, which do not compress, for a file
 * too large to upload as it is.
 */
export function png(width, height, { noise = false } = {}) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * row + 1 + x * 3;
      if (noise) {
        raw[at] = Math.random() * 256;
        raw[at + 1] = Math.random() * 256;
        raw[at + 2] = Math.random() * 256;
      } else {
        // A pale card with a darker band, like a document.
        const band = y > height / 3 && y < height / 2;
        raw[at] = band ? 60 : 230;
        raw[at + 1] = band ? 90 : 235;
        raw[at + 2] = band ? 160 : 240;
      }
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: noise ? 0 : 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A file for `setInputFiles`. */
export function photo(name = 'document.png', width = 800, height = 600, options = {}) {
  return { name, mimeType: 'image/png', buffer: png(width, height, options) };
}
