import { useState } from 'react';
import { chooseTheme, savedTheme, type ThemeChoice } from '../theme';

/** System, light or dark: applied at once and remembered in this browser (see web/src/theme.ts). */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(savedTheme);
  return (
    <label className="theme-choice">
      <span className="theme-choice__label">Theme</span>
      <select
        value={choice}
        onChange={(e) => {
          const next = e.target.value as ThemeChoice;
          chooseTheme(next);
          setChoice(next);
        }}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
