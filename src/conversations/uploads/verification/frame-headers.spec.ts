import { adtsFrame, mpegFrame } from './frame-headers';

describe('frame headers', () => {
  it('reads MPEG audio frame lengths (ISO/IEC 11172-3, 13818-3)', () => {
    expect(mpegFrame(Buffer.from([0xff, 0xfb, 0x90, 0x64]))?.length).toBe(417); // MP3 128 kbit/s 44.1 kHz
    expect(mpegFrame(Buffer.from([0xff, 0xfb, 0x92, 0x64]))?.length).toBe(418); // padded
    expect(mpegFrame(Buffer.from([0xff, 0xf3, 0x14, 0xc4]))?.length).toBe(24); // MPEG-2 Layer III 8 kbit/s 24 kHz
    expect(mpegFrame(Buffer.from([0xff, 0xfd, 0x80, 0x04]))?.length).toBe(417); // MP2 128 kbit/s 44.1 kHz
    expect(mpegFrame(Buffer.from([0xff, 0xff, 0x40, 0x04]))?.length).toBe(136); // MP1 128 kbit/s 44.1 kHz
  });

  it('refuses what is not a frame: no sync, reserved version or layer, free or bad bitrate, reserved rate', () => {
    expect(mpegFrame(Buffer.from('MZ\x90\x00', 'latin1'))).toBeNull();
    expect(mpegFrame(Buffer.from([0xff, 0xeb, 0x90, 0x64]))).toBeNull(); // version 01
    expect(mpegFrame(Buffer.from([0xff, 0xf9, 0x90, 0x64]))).toBeNull(); // layer 00
    expect(mpegFrame(Buffer.from([0xff, 0xfb, 0x00, 0x64]))).toBeNull(); // free format
    expect(mpegFrame(Buffer.from([0xff, 0xfb, 0xf0, 0x64]))).toBeNull(); // bitrate 15
    expect(mpegFrame(Buffer.from([0xff, 0xfb, 0x9c, 0x64]))).toBeNull(); // sampling rate 3
  });

  it('reads ADTS frame lengths and refuses a length shorter than the header', () => {
    expect(adtsFrame(Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x2e, 0x7f, 0xfc]))?.length).toBe(371);
    expect(adtsFrame(Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x00, 0xdf, 0xfc]))).toBeNull();
    expect(adtsFrame(Buffer.from([0xff, 0xf1, 0x74, 0x80, 0x2e, 0x7f, 0xfc]))).toBeNull(); // sampling index 13
  });
});
