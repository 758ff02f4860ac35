// The icons beside the words of a report's marks: a clock for "no reply after
// 3 days", a warning sign for "no result after 3 months". The words say it;
// the icon and the colour only repeat it, so they are hidden from screen readers.
export function MarkIcon({ kind }: { kind: 'noReply' | 'noResult' }) {
  return (
    <svg className="mark-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      {kind === 'noReply' ? (
        <>
          <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M12 6.5V12l3.5 2.5" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
        </>
      ) : (
        <>
          <path d="M12 2.5 22.5 21h-21Z" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinejoin="round" />
          <path d="M12 9.5v5" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
          <circle cx="12" cy="17.8" r="1.4" fill="currentColor" />
        </>
      )}
    </svg>
  );
}
