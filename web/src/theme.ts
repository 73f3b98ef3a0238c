/**
 * The colour theme the person chose: system (the default: prefers-color-scheme), light or dark, saved in
 * localStorage as `parley.theme`. web/public/theme.js reads it before the first paint and keeps
 * "system" following the OS; this module changes it from the app.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'parley.theme';

export function savedTheme(): ThemeChoice {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

export function chooseTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // storage unavailable (private mode quota): the choice lasts for this page only
  }
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
}
