import { slugify } from './slug';

describe(slugify.name, () => {
  it.each([
    ['General Chat', 'general-chat'],
    ['  Café Crème!! ', 'cafe-creme'],
    ['CS-101: Intro', 'cs-101-intro'],
    ['???', 'room'],
  ])('turns %j into %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});
