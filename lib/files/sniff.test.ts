import { describe, expect, it } from 'vitest';
import { sniffType } from './sniff';
import { CATALOG, ebml, ftyp, jpeg, ogg, PAGE, PAGES, pdf, png, wav, webp } from './test-samples';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('sniffType', () => {
  it.each([
    ['PNG', png(), 'image/png', 'png', 'image'],
    ['JPEG', jpeg(), 'image/jpeg', 'jpg', 'image'],
    ['WebP', webp(), 'image/webp', 'webp', 'image'],
    ['HEIC', ftyp('heic', ['mif1', 'heic']), 'image/heic', 'heic', 'image'],
    ['HEIF', ftyp('mif1', ['mif1', 'heic']), 'image/heif', 'heif', 'image'],
    ['PDF', pdf([CATALOG, PAGES, PAGE]), 'application/pdf', 'pdf', 'pdf'],
    ['WAV', wav(), 'audio/wav', 'wav', 'audio'],
    ['MP3 with ID3', Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.from([0xff, 0xfb, 0x90, 0x64])]), 'audio/mpeg', 'mp3', 'audio'],
    ['MP3 frame', bytes(0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0), 'audio/mpeg', 'mp3', 'audio'],
    ['Ogg Opus', ogg(Buffer.from('OpusHead\x01\x01', 'latin1')), 'audio/ogg', 'ogg', 'audio'],
    ['Ogg Theora', ogg(Buffer.from('\x80theora\x03\x02', 'latin1')), 'video/ogg', 'ogv', 'video'],
    ['WebM', ebml('webm'), 'video/webm', 'webm', 'video'],
    ['Matroska', ebml('matroska'), 'video/x-matroska', 'mkv', 'video'],
    ['MP4', ftyp('isom', ['isom', 'iso2', 'avc1', 'mp41']), 'video/mp4', 'mp4', 'video'],
    ['MP4 (mp42)', ftyp('mp42', ['mp42', 'isom']), 'video/mp4', 'mp4', 'video'],
    ['M4A', ftyp('M4A ', ['M4A ', 'mp42', 'isom']), 'audio/mp4', 'm4a', 'audio'],
    ['MOV', ftyp('qt  ', ['qt  ']), 'video/quicktime', 'mov', 'video'],
  ])('recognises %s', (_name, sample, mime, ext, kind) => {
    expect(sniffType(sample)).toEqual({ mime, ext, kind });
  });

  it.each([
    ['empty', bytes()],
    ['plain text', Buffer.from('hello, this is not a file type')],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['a PDF header not at the start', Buffer.concat([Buffer.from(' '), pdf([CATALOG])])],
    ['AVIF (mif1 only as a compatible brand)', ftyp('avif', ['avif', 'mif1', 'miaf'])],
    ['an unknown ftyp brand', ftyp('3gp5', ['isom'])],
    ['AAC in ADTS (sync word with layer 0)', bytes(0xff, 0xf1, 0x50, 0x80, 0, 0x1f, 0xfc)],
    ['a sync word with a reserved bitrate', bytes(0xff, 0xfb, 0xf0, 0x00)],
    ['a RIFF that is neither WAVE nor WEBP', Buffer.concat([Buffer.from('RIFF\x04\x00\x00\x00AVI ', 'latin1')])],
    ['a truncated PNG signature', png().subarray(0, 6)],
    ['ZIP', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0)],
  ])('rejects %s', (_name, sample) => {
    expect(sniffType(sample)).toBeNull();
  });

  it('looks only at the bytes, so a PDF behind an image name is still a PDF', () => {
    expect(sniffType(pdf([CATALOG, PAGES, PAGE]))?.kind).toBe('pdf');
  });
});
