import { useEffect, useState } from 'react';
import { navigate } from '../router';

/** The query of the search page's address (`/search?q=`), empty elsewhere. */
export const searchQueryOf = (): string => (location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '');

/** The top bar's search box: Enter opens `/search?q=` (the results across every room I can read). */
export function SearchBox() {
  const [text, setText] = useState(searchQueryOf);
  useEffect(() => {
    const update = () => location.pathname === '/search' && setText(searchQueryOf());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return (
    <form
      className="search-box"
      role="search"
      aria-label="Messages"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(text.trim() ? `/search?q=${encodeURIComponent(text.trim())}` : '/search');
      }}
    >
      <input
        type="search"
        aria-label="Search messages in all your rooms"
        placeholder="Search messages"
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={200}
      />
      <button type="submit" className="secondary">
        Search
      </button>
    </form>
  );
}
