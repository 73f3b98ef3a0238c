import { nameForType } from './download-name';

describe(nameForType.name, () => {
  it('replaces an extension that does not name the verified type, keeping the base name', () => {
    expect(nameForType('setup.exe', 'png')).toBe('setup.png');
    expect(nameForType('page.html', 'txt')).toBe('page.txt');
    expect(nameForType('logo.svg', 'txt')).toBe('logo.txt');
    expect(nameForType('archive.tar.gz', 'zip')).toBe('archive.tar.zip');
    expect(nameForType('installer.msi', 'cfb')).toBe('installer.cfb');
  });

  it('adds the extension to a name without one (a dot followed by words is not one)', () => {
    expect(nameForType('photo', 'jpg')).toBe('photo.jpg');
    expect(nameForType('Report v2.final draft', 'pdf')).toBe('Report v2.final draft.pdf');
  });

  it('keeps an extension that names the same type, as written', () => {
    expect(nameForType('Photo.JPEG', 'jpg')).toBe('Photo.JPEG');
    expect(nameForType('song.MP3', 'mp3')).toBe('song.MP3');
    expect(nameForType('data.csv', 'txt')).toBe('data.csv');
    expect(nameForType('minutes.doc', 'cfb')).toBe('minutes.doc');
    expect(nameForType('voice.m4a', 'mp4')).toBe('voice.m4a');
  });
});
