// Someone else's words, shown as text under a caption that names whose they
// are (the agency's note to the reporter): never as markup.
export function QuotedNote({ caption, text }: { caption: string; text: string }) {
  return (
    <figure className="quoted-note">
      <figcaption>{caption}</figcaption>
      <p>{text}</p>
    </figure>
  );
}
